/**
 * The TwelveLabs node's parameters for the runs tests and benchmarks make most often, so a
 * change to the form is mended in one place.
 */
const VIDEO = 'https://videos.example.com/clip.mp4';

/** A plain Create in general mode. */
const CREATE_GENERAL = {
	resource: 'analysisTask',
	operation: 'create',
	videoSource: 'url',
	videoUrl: VIDEO,
	model: 'pegasus1.5',
	analysisMode: 'general',
	prompt: 'Summarize the video',
	options: {},
};

/**
 * Create and Wait over items that carry their video URL in `json.url`, simplified output,
 * with the given wait options (seconds) merged with those of `overrides.options`.
 */
function createAndWaitParameters(waitOptions, overrides = {}) {
	return {
		...CREATE_GENERAL,
		operation: 'createAndWait',
		videoUrl: '={{ $json.url }}',
		output: 'simplified',
		...overrides,
		options: { ...waitOptions, ...(overrides.options ?? {}) },
	};
}

/** The form's source keys for reference images (nodes/TwelveLabs/task/referenceImagesField.ts). */
const IMAGE_LIST_KEYS = { url: 'fromUrl', assetId: 'fromAsset', binary: 'fromBinary' };

/**
 * The Reference Images list as the form stores it, from images written as
 * `{name, source: 'url' | 'assetId' | 'binary', url | assetId | binaryPropertyName}`.
 */
function referenceImages(images) {
	const value = {};
	for (const { source = 'url', ...image } of images) {
		const key = IMAGE_LIST_KEYS[source] ?? source;
		(value[key] ??= []).push(image);
	}
	return value;
}

module.exports = { VIDEO, CREATE_GENERAL, createAndWaitParameters, referenceImages };
