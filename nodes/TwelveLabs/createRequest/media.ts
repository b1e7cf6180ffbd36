/**
 * The video and the reference images of a create request: one source each, checked.
 */
import type { MediaSource, VideoSource } from '../api/types';
import { planUpload } from '../asset/uploadRules';
import { checkBinarySize, checkHttpUrl, fail, isBlank, LABELS } from './checks';
import { MAX_MEDIA_SOURCES, type ImageInput, type VideoInput } from './input';

export function buildVideoSource(video: VideoInput): VideoSource {
	if (video.source === 'url') {
		if (isBlank(video.url))
			fail(
				LABELS.videoUrl,
				'is empty',
				'Enter a direct link to the video file (not a share page).',
			);
		checkHttpUrl(LABELS.videoUrl, video.url, false);
		return { type: 'url', url: video.url.trim() };
	}
	if (video.source === 'assetId') {
		if (isBlank(video.assetId))
			fail(LABELS.assetId, 'is empty', 'Enter the ID of a TwelveLabs asset that is ready.');
		return { type: 'asset_id', asset_id: video.assetId.trim() };
	}
	if (video.source === 'upload') {
		checkVideoUpload(video);
		return { type: 'asset_id', asset_id: ASSET_ID_AFTER_UPLOAD };
	}
	checkBinarySize(LABELS.binary, video.sizeBytes);
	return { type: 'base64_string', base64_string: video.base64 };
}

/** The asset ID of a video still to be uploaded: replaced once the asset is ready. */
export const ASSET_ID_AFTER_UPLOAD = '';

/**
 * A file too large to send inline must be one TwelveLabs takes as a video asset: refused here,
 * before any byte is sent, when it is empty, an image or a document, or above the upload limit.
 * A file of no known type is taken as the video the field says it is.
 */
function checkVideoUpload(video: { fileName: string; mimeType: string | undefined; sizeBytes: number }) {
	const plan = planUpload(
		LABELS.binary,
		{ fileName: video.fileName, mimeType: video.mimeType, size: video.sizeBytes },
		'video',
	);
	if (plan.kind !== 'video' && plan.kind !== 'audio') {
		fail(
			LABELS.binary,
			`holds "${video.fileName}", ${plan.kind === 'image' ? 'an image' : 'a document'}, not a video`,
			'Pegasus analyzes videos: give the field a video file.',
		);
	}
}

export function buildMediaSources(field: string, images: ImageInput[]): MediaSource[] {
	if (images.length > MAX_MEDIA_SOURCES) {
		fail(
			field,
			`has ${images.length} images; at most ${MAX_MEDIA_SOURCES} are allowed`,
			'Remove images until there are 4 or fewer.',
		);
	}
	const names = new Set<string>();
	return images.map((image, index) => {
		const label = `${field} › Image ${index + 1}`;
		if (isBlank(image.name))
			fail(
				`${label} › Name`,
				'is empty',
				'Give the image a name and mention it in the text as <@name>.',
			);
		const name = image.name.trim();
		if (names.has(name))
			fail(`${label} › Name`, `repeats the name "${name}"`, 'Give every image its own name.');
		names.add(name);
		if (image.source === 'url') {
			if (isBlank(image.url))
				fail(`${label} › Image URL`, 'is empty', 'Enter a public https:// link to the image.');
			checkHttpUrl(`${label} › Image URL`, image.url, true);
			return { name, media_type: 'image', url: image.url.trim() };
		}
		if (image.source === 'assetId') {
			if (isBlank(image.assetId))
				fail(`${label} › Asset ID`, 'is empty', 'Enter the ID of an image asset.');
			return { name, media_type: 'image', asset_id: image.assetId.trim() };
		}
		checkBinarySize(`${label} › Input Binary Field`, image.sizeBytes);
		return { name, media_type: 'image', base64_string: image.base64 };
	});
}
