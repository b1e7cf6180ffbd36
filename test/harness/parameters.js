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

module.exports = { VIDEO, CREATE_GENERAL, createAndWaitParameters };
