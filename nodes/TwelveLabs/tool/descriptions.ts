/**
 * What an AI agent reads about each operation when the node is its tool: what it does, when to
 * use it, what to pass and what comes back. n8n sends a tool node's `toolDescription` parameter
 * to the model as the tool's description (n8n-workflow NodeHelpers.getToolDescriptionForNode);
 * these are its defaults, one per operation, editable on the tool node.
 */
const CHECK_LATER =
	'If the task is still running when the call returns, the result carries its task_id and a next_step: read it later with the tool that gets an analysis task instead of starting a new analysis.';

export const TOOL_DESCRIPTIONS: Record<string, Record<string, string>> = {
	analysisTask: {
		createAndWait: `Analyze a video with TwelveLabs Pegasus and return the answer. Use it to summarize a video, answer a question about what is seen or heard in it, extract JSON, or split it into timestamped segments. Pass the video (a direct link to the video file) and the prompt (your question or instruction); for JSON output a JSON schema as a JSON string, for segmentation the segment definitions as a JSON string. Returns task_id, status and, when status is "ready", the answer in "text" (or parsed JSON in "data"). It waits a limited time. ${CHECK_LATER}`,
		create: `Start a TwelveLabs Pegasus analysis of a video without waiting for it. Use it for long videos, then read the result later with the tool that gets an analysis task. Pass the video (a direct link to the video file) and the prompt (your question or instruction); for JSON output a JSON schema as a JSON string, for segmentation the segment definitions as a JSON string. Returns task_id and status; keep the task_id.`,
		get: 'Read one TwelveLabs analysis task by its task_id: its status and, once status is "ready", the answer in "text" (or parsed JSON in "data", segments with start_time, end_time and fields). Use it to check on an analysis started earlier. Pass the task_id exactly as an earlier call returned it. While status is "queued", "pending" or "processing", wait about 30 seconds and check again; "failed" comes with an error saying why.',
		getMany:
			'List recent TwelveLabs analysis tasks, newest first, with their task_id, status and answer. Use it to find a task when its task_id is not known. Returns one entry per task, limited in number.',
		delete:
			'Delete a finished TwelveLabs analysis task by its task_id. Use it only when asked to remove a task. A task still running cannot be deleted. Returns deleted: true and the task_id.',
	},
	asset: {
		createAndWait:
			'Upload or import a video, audio or image file into TwelveLabs as an asset and wait until it is ready. Use it when a video must be analyzed by asset ID. Pass the file URL. Returns the asset with its ID and status.',
		create:
			'Upload or import a file into TwelveLabs as an asset without waiting. Returns the asset ID and status; check it later with the tool that gets an asset.',
		get: 'Read one TwelveLabs asset by its asset ID: status ("ready" when it can be analyzed), file name, type and size.',
		getMany: 'List TwelveLabs assets, newest first, with their IDs and statuses.',
		delete: 'Delete a TwelveLabs asset by its asset ID. Use it only when asked to remove an asset.',
	},
	analysisBatch: {
		createAndWait:
			'Analyze a TwelveLabs asset (a video already uploaded) in an analysis batch and wait for the result. Pass the asset ID and the prompt; each call analyzes the one asset it is given. Returns the result; a batch still running comes back with its batch ID to check later with the tool that gets a batch.',
		create:
			'Start a TwelveLabs analysis batch for an asset (a video already uploaded) without waiting. Pass the asset ID and the prompt. Returns the batch ID; read its progress with the tool that gets a batch and its results with the tool that gets batch results.',
		get: 'Read one TwelveLabs analysis batch by its batch ID: status and how many items are ready, failed or still running.',
		getMany: 'List TwelveLabs analysis batches, newest first, with their IDs and statuses.',
		getResults:
			'Read the results of a TwelveLabs analysis batch by its batch ID: one result per analyzed asset.',
		cancel:
			'Cancel a running TwelveLabs analysis batch by its batch ID. Use it only when asked to stop a batch.',
		delete:
			'Delete a finished TwelveLabs analysis batch by its batch ID. Use it only when asked to remove a batch.',
	},
};
