/**
 * What TwelveLabs accepts as an asset file, and how it is sent: pure, so every refusal happens
 * before any byte is read or sent. Limits are those twelvelabs-js 1.3.4 documents
 * (api/resources/assets/client/Client.d.ts `create`, multipartUpload `create`), read in binary
 * units as the API's chunk arithmetic is:
 * - direct upload (POST /assets): video, audio and documents up to 200 MB, images up to 32 MB;
 * - multipart upload: video and audio up to 10 GB, images up to 32 MB; documents not at all.
 */
import type { AssetKind, UploadKind } from '../api/assetTypes';
import { fail } from '../createRequest/checks';

const MiB = 1024 * 1024;
export const DIRECT_MAX_BYTES = 200 * MiB;
export const IMAGE_MAX_BYTES = 32 * MiB;
export const MULTIPART_MAX_BYTES = 10 * 1024 * MiB;

/**
 * Files up to this size go in one direct upload; larger video, audio and image files go in
 * parts. 5 MiB is the smallest part S3 (behind the presigned URLs) accepts, so the API's
 * chunk size never goes below it: under it a multipart upload is one chunk in four requests.
 * It also bounds what a direct upload of an in-memory binary holds.
 */
export const MULTIPART_THRESHOLD_BYTES = 5 * MiB;

/** Extensions the API documents for assets (video, audio, image, PDF, text, Markdown). */
const EXTENSIONS: Record<AssetKind, string[]> = {
	video: ['mp4', 'm4v', 'mov', 'avi', 'mkv', 'webm', 'wmv', 'flv', 'mpeg', 'mpg', '3gp', 'ts', 'ogv'],
	audio: ['mp3', 'wav', 'm4a', 'aac', 'flac', 'ogg', 'opus', 'wma'],
	image: ['jpg', 'jpeg', 'png', 'gif', 'webp', 'bmp', 'tif', 'tiff', 'heic'],
	document: ['pdf', 'txt', 'md', 'markdown'],
};
const DOCUMENT_MIME_TYPES = ['application/pdf', 'text/plain', 'text/markdown'];

/** The kind of a file from its MIME type, else from its extension; undefined when unsupported. */
export function assetKindOf(fileName: string, mimeType: string | undefined): AssetKind | undefined {
	const mime = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	if (/^(video|audio|image)\/./.test(mime)) return mime.split('/')[0] as AssetKind;
	if (DOCUMENT_MIME_TYPES.includes(mime)) return 'document';
	const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
	if (extension === undefined) return undefined;
	return (Object.keys(EXTENSIONS) as AssetKind[]).find((kind) =>
		EXTENSIONS[kind].includes(extension),
	);
}

export type UploadPlan =
	| { method: 'direct'; kind: AssetKind }
	| { method: 'multipart'; kind: UploadKind };

const megabytes = (bytes: number) => `${(bytes / MiB).toFixed(1)} MB`;

/**
 * Direct or multipart for a file, or a refusal naming `field` (empty, unsupported, too large).
 * `assumedKind` is the kind of a file whose name and MIME type say nothing (a field that
 * promises a video); without it such a file is refused.
 */
export function planUpload(
	field: string,
	file: { fileName: string; mimeType: string | undefined; size: number },
	assumedKind?: AssetKind,
): UploadPlan {
	if (file.size === 0) {
		fail(field, 'holds an empty file', 'Check the node before this one: it produced no data.');
	}
	const kind = assetKindOf(file.fileName, file.mimeType) ?? assumedKind;
	if (kind === undefined) {
		fail(
			field,
			`holds "${file.fileName}" (${file.mimeType ?? 'no MIME type'}), a type TwelveLabs does not accept as an asset`,
			'Use a video, audio, image, PDF, text or Markdown file.',
		);
	}
	const max =
		kind === 'image' ? IMAGE_MAX_BYTES : kind === 'document' ? DIRECT_MAX_BYTES : MULTIPART_MAX_BYTES;
	if (file.size > max) {
		fail(
			field,
			`holds a ${kind} file of ${megabytes(file.size)}, above the ${megabytes(max)} TwelveLabs accepts for ${kind} assets`,
			kind === 'document'
				? 'Split the document, or upload it somewhere public and use Source "URL" (documents up to 512 MB).'
				: 'Use a smaller file, or upload it somewhere public and use Source "URL".',
		);
	}
	if (kind === 'document' || file.size <= MULTIPART_THRESHOLD_BYTES) return { method: 'direct', kind };
	return { method: 'multipart', kind };
}
