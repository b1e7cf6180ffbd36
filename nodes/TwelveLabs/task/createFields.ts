/**
 * The create form, shared by Create and Create and Wait. Fields a model or mode cannot use
 * are hidden (and the input reader never reads a hidden field, so nothing hidden is sent).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

const CREATE_OPERATIONS = ['create', 'createAndWait'];
const show = (extra: Record<string, Array<string | boolean | number>> = {}) => ({
	show: { resource: ['analysisTask'], operation: CREATE_OPERATIONS, ...extra },
});

const CURRENT_MODELS = ['pegasus1.5'];
const LEGACY_MODELS = ['pegasus1.2'];

/**
 * A general-mode field, shown for the legacy model (general only, no mode selector) and for
 * the current model in general mode. Two copies with one name is n8n's way to say "or".
 */
function generalModeField(
	property: INodeProperties,
	extra: Record<string, string[]> = {},
): INodeProperties[] {
	return [
		{ ...property, displayOptions: show({ model: LEGACY_MODELS, ...extra }) },
		{
			...property,
			displayOptions: show({ model: CURRENT_MODELS, analysisMode: ['general'], ...extra }),
		},
	];
}
const EXAMPLE_SCHEMA = JSON.stringify(
	{
		type: 'object',
		properties: {
			title: { type: 'string' },
			topics: { type: 'array', items: { type: 'string' } },
			is_safe_for_work: { type: 'boolean' },
		},
		required: ['title', 'topics'],
	},
	null,
	2,
);
const EXAMPLE_DEFINITIONS = JSON.stringify(
	[
		{
			id: 'scene',
			description: 'Each scene, split where the location or the main action changes',
			fields: [
				{ name: 'summary', type: 'string', description: 'One sentence about the scene' },
				{
					name: 'mood',
					type: 'string',
					description: 'The mood of the scene',
					enum: ['calm', 'tense', 'joyful'],
				},
			],
		},
	],
	null,
	2,
);

const imageSourceOptions: INodePropertyOptions[] = [
	{ name: 'URL', value: 'url', description: 'A public https:// link to the image' },
	{ name: 'Asset ID', value: 'assetId', description: 'An image uploaded to TwelveLabs' },
	{
		name: 'Binary File',
		value: 'binary',
		description: 'An image in a binary field of the input item',
	},
];

/** Reference images: one list shape for the prompt and for each segment definition. */
function referenceImagesProperty(
	name: string,
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Reference Images',
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: 4 },
		placeholder: 'Add Reference Image',
		default: {},
		description:
			'Up to 4 images the model can compare with the video. Mention each one in the text as &lt;@name&gt;.',
		displayOptions,
		options: [
			{
				displayName: 'Image',
				name: 'image',
				values: [
					{
						displayName: 'Asset ID',
						name: 'assetId',
						type: 'string',
						default: '',
						displayOptions: { show: { source: ['assetId'] } },
					},
					{
						displayName: 'Image URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://example.com/logo.png',
						displayOptions: { show: { source: ['url'] } },
					},
					{
						displayName: 'Input Binary Field',
						name: 'binaryPropertyName',
						type: 'string',
						default: 'data',
						hint: 'The name of the input binary field holding the image',
						displayOptions: { show: { source: ['binary'] } },
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. logo',
						description: 'How the text refers to the image: &lt;@name&gt;',
					},
					{
						displayName: 'Source',
						name: 'source',
						type: 'options',
						default: 'url',
						options: imageSourceOptions,
					},
				],
			},
		],
	};
}

export const createFields: INodeProperties[] = [
	{
		displayName: 'Video Source',
		name: 'videoSource',
		type: 'options',
		default: 'url',
		displayOptions: show(),
		options: [
			{
				name: 'URL',
				value: 'url',
				description: 'A direct link to the video file (not a share page)',
			},
			{
				name: 'Asset ID',
				value: 'assetId',
				description: 'A video already uploaded to TwelveLabs as an asset',
			},
			{
				name: 'Binary File',
				value: 'binary',
				description: 'A video in a binary field of the input item, sent inline (up to 30 MB)',
			},
		],
	},
	{
		displayName: 'Video URL',
		name: 'videoUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/video.mp4',
		description: 'A direct link to the media file that TwelveLabs can download',
		displayOptions: show({ videoSource: ['url'] }),
	},
	{
		displayName: 'Asset ID',
		name: 'assetId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 6650c3b4a3e0b8f3c1d2e4f5',
		description: 'The ID of a TwelveLabs asset whose status is ready',
		displayOptions: show({ videoSource: ['assetId'] }),
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the video (30 MB at most)',
		displayOptions: show({ videoSource: ['binary'] }),
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		default: 'pegasus1.5',
		description:
			'The documented Pegasus models. For a newer model, switch to Expression and enter its name (e.g. pegasus1.6): it is sent as is and treated like Pegasus 1.5.',
		displayOptions: show(),
		options: [
			{
				name: 'Pegasus 1.5',
				value: 'pegasus1.5',
				description: 'All features: video segmentation, reference images, timestamps, time windows',
			},
			{
				name: 'Pegasus 1.2 (Legacy)',
				value: 'pegasus1.2',
				description: 'Text generation in general mode only',
			},
		],
	},
	{
		displayName: 'Analysis Mode',
		name: 'analysisMode',
		type: 'options',
		default: 'general',
		displayOptions: show({ model: CURRENT_MODELS }),
		options: [
			{
				name: 'General (Text or JSON)',
				value: 'general',
				description: 'Answer a prompt about the whole video with text or JSON',
			},
			{
				name: 'Video Segmentation',
				value: 'time_based_metadata',
				description:
					'Split the video into timestamped segments, each with custom fields you define',
			},
		],
	},
	{
		displayName: 'Prompt Type',
		name: 'promptType',
		type: 'options',
		default: 'text',
		displayOptions: show({ model: CURRENT_MODELS, analysisMode: ['general'] }),
		options: [
			{ name: 'Text', value: 'text' },
			{
				name: 'Text With Reference Images',
				value: 'textWithImages',
				description: 'Add up to 4 images the prompt can mention as &lt;@name&gt;',
			},
		],
	},
	...generalModeField({
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Summarize this video in three sentences',
		description: 'What you want to know about the video',
	}),
	referenceImagesProperty(
		'referenceImages',
		show({ model: CURRENT_MODELS, analysisMode: ['general'], promptType: ['textWithImages'] }),
	),
	...generalModeField({
		displayName: 'Response Format',
		name: 'responseFormat',
		type: 'options',
		default: 'text',
		options: [
			{ name: 'Text', value: 'text', description: 'Free text' },
			{
				name: 'JSON Following a Schema',
				value: 'jsonSchema',
				description: 'JSON that follows the schema you give',
			},
		],
	}),
	...generalModeField(
		{
			displayName: 'JSON Schema',
			name: 'jsonSchema',
			type: 'json',
			default: EXAMPLE_SCHEMA,
			required: true,
			description:
				'A JSON Schema (draft 2020-12 subset). Not supported: minLength, maxLength, additionalProperties, uniqueItems, maxItems.',
		},
		{ responseFormat: ['jsonSchema'] },
	),
	{
		displayName: 'Define Segments',
		name: 'definitionsSource',
		type: 'options',
		default: 'form',
		displayOptions: show({ model: CURRENT_MODELS, analysisMode: ['time_based_metadata'] }),
		options: [
			{ name: 'Using the Form', value: 'form' },
			{
				name: 'Using JSON',
				value: 'json',
				description: 'For definitions that come from an expression or an AI agent',
			},
		],
	},
	{
		displayName: 'Segment Definitions',
		name: 'segmentDefinitions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Segment Definition',
		default: {},
		description: 'What kinds of segments to find (1 to 20; each one is billed)',
		displayOptions: show({
			model: CURRENT_MODELS,
			analysisMode: ['time_based_metadata'],
			definitionsSource: ['form'],
		}),
		options: [
			{
				displayName: 'Definition',
				name: 'definition',
				values: [
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						placeholder: 'e.g. scene',
						description: 'Names the results of this definition; unique within the task',
					},
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						typeOptions: { rows: 2 },
						default: '',
						placeholder: 'e.g. Each scene, split where the location changes',
						description: 'What a segment is; the model reads it',
					},
					{
						displayName: 'Custom Fields',
						name: 'fields',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true, sortable: true },
						placeholder: 'Add Custom Field',
						default: {},
						description: 'Values the model fills in for each segment',
						options: [
							{
								displayName: 'Field',
								name: 'field',
								values: [
									{
										displayName: 'Allowed Values',
										name: 'enumValues',
										type: 'string',
										default: '',
										placeholder: 'e.g. positive, neutral, negative',
										description:
											'Optional: the only values the field may take, separated by commas (up to 100)',
										displayOptions: { hide: { type: ['timestamp', 'boolean'] } },
									},
									{
										displayName: 'Array Item Type',
										name: 'itemType',
										type: 'options',
										default: 'string',
										displayOptions: { show: { type: ['array'] } },
										options: [
											{ name: 'Boolean', value: 'boolean' },
											{ name: 'Integer', value: 'integer' },
											{ name: 'Number', value: 'number' },
											{ name: 'String', value: 'string' },
										],
									},
									{
										displayName: 'Description',
										name: 'description',
										type: 'string',
										default: '',
										placeholder: 'e.g. The overall sentiment of the segment',
									},
									{
										displayName: 'Name',
										name: 'name',
										type: 'string',
										default: '',
										placeholder: 'e.g. sentiment',
									},
									{
										displayName: 'Timestamp Format',
										name: 'format',
										type: 'options',
										default: 'seconds',
										displayOptions: { show: { type: ['timestamp'] } },
										options: [
											{ name: 'Seconds (e.g. 65.25)', value: 'seconds' },
											{ name: 'Hh:mm:ss (e.g. 00:01:05)', value: 'hh:mm:ss' },
											{ name: 'Hh:mm:ss.fff (e.g. 00:01:05.250)', value: 'hh:mm:ss.fff' },
										],
									},
									{
										displayName: 'Type',
										name: 'type',
										type: 'options',
										default: 'string',
										options: [
											{ name: 'Array', value: 'array' },
											{ name: 'Boolean', value: 'boolean' },
											{ name: 'Integer', value: 'integer' },
											{ name: 'Number', value: 'number' },
											{ name: 'String', value: 'string' },
											{ name: 'Timestamp', value: 'timestamp' },
										],
									},
								],
							},
						],
					},
					referenceImagesProperty('referenceImages'),
					{
						displayName: 'Time Ranges',
						name: 'timeRanges',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true },
						placeholder: 'Add Time Range',
						default: {},
						description:
							'Optional: look for these segments only inside these parts of the video (each at least 2 s, not overlapping)',
						options: [
							{
								displayName: 'Range',
								name: 'range',
								values: [
									{
										displayName: 'Start Time (Seconds)',
										name: 'startTime',
										type: 'number',
										default: 0,
										typeOptions: { minValue: 0 },
									},
									{
										displayName: 'End Time (Seconds)',
										name: 'endTime',
										type: 'number',
										default: 30,
										typeOptions: { minValue: 0 },
									},
								],
							},
						],
					},
				],
			},
		],
	},
	{
		displayName: 'Segment Definitions (JSON)',
		name: 'segmentDefinitionsJson',
		type: 'json',
		default: EXAMPLE_DEFINITIONS,
		required: true,
		description:
			'A list of definitions in the API format: each with an ID, a description, and optional fields, media_sources and time_ranges. An object or a JSON string both work.',
		displayOptions: show({
			model: CURRENT_MODELS,
			analysisMode: ['time_based_metadata'],
			definitionsSource: ['json'],
		}),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(),
		options: [
			{
				displayName: 'Custom ID',
				name: 'customId',
				type: 'string',
				default: '',
				placeholder: 'e.g. order-1234_clip-2',
				description:
					'Your own reference for the task (1–64 letters, digits, _ or -), echoed in every answer and usable by the trigger',
			},
			{
				displayName: 'End Time (Seconds)',
				name: 'endTime',
				type: 'number',
				default: 60,
				typeOptions: { minValue: 0 },
				description: 'Analyze the video only up to this point (the window must be at least 4 s)',
				displayOptions: { show: { '/model': CURRENT_MODELS } },
			},
			{
				displayName: 'Initial Poll Interval (Seconds)',
				name: 'initialPollInterval',
				type: 'number',
				default: 2,
				typeOptions: { minValue: 0.01 },
				description:
					'How soon to look at the tasks first; the interval then grows by half each round',
				displayOptions: { show: { '/operation': ['createAndWait'] } },
			},
			{
				displayName: 'Max Segment Duration (Seconds)',
				name: 'maxSegmentDuration',
				type: 'number',
				default: 60,
				typeOptions: { minValue: 2 },
				description: 'The longest segment to return',
				displayOptions: {
					show: { '/model': CURRENT_MODELS, '/analysisMode': ['time_based_metadata'] },
				},
			},
			{
				displayName: 'Max Tokens',
				name: 'maxTokens',
				type: 'number',
				default: 4096,
				typeOptions: { minValue: 2, maxValue: 98304, numberPrecision: 0 },
				description:
					'The longest output to generate. Pegasus 1.2: 2–4096; Pegasus 1.5 general: 512–98304 (default 4096); segmentation: 2048–98304 (default 32768).',
			},
			{
				displayName: 'Maximum Poll Interval (Seconds)',
				name: 'maxPollInterval',
				type: 'number',
				default: 30,
				typeOptions: { minValue: 0.01 },
				description: 'The longest pause between two looks at the tasks',
				displayOptions: { show: { '/operation': ['createAndWait'] } },
			},
			{
				displayName: 'Min Segment Duration (Seconds)',
				name: 'minSegmentDuration',
				type: 'number',
				default: 2,
				typeOptions: { minValue: 2 },
				description: 'The shortest segment to return',
				displayOptions: {
					show: { '/model': CURRENT_MODELS, '/analysisMode': ['time_based_metadata'] },
				},
			},
			{
				displayName: 'On Timeout',
				name: 'onTimeout',
				type: 'options',
				default: 'fail',
				description: 'What to do with tasks still running when the wait timeout is reached',
				displayOptions: { show: { '/operation': ['createAndWait'] } },
				options: [
					{
						name: 'Fail',
						value: 'fail',
						description: 'Stop with an error naming every unfinished task and its last status',
					},
					{
						name: 'Return Unfinished Tasks',
						value: 'returnUnfinished',
						description:
							'Output the unfinished tasks as they are; fetch them later with Get or the trigger',
					},
				],
			},
			{
				displayName: 'Segment Time Format',
				name: 'segmentTimeFormat',
				type: 'options',
				default: 'seconds',
				description: 'How segment start and end times are written',
				displayOptions: {
					show: { '/model': CURRENT_MODELS, '/analysisMode': ['time_based_metadata'] },
				},
				options: [
					{ name: 'Seconds (e.g. 65.25)', value: 'seconds' },
					{ name: 'Hh:mm:ss (e.g. 00:01:05)', value: 'hh:mm:ss' },
					{ name: 'Hh:mm:ss.fff (e.g. 00:01:05.250)', value: 'hh:mm:ss.fff' },
				],
			},
			{
				displayName: 'Start Time (Seconds)',
				name: 'startTime',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description: 'Analyze the video only from this point on',
				displayOptions: { show: { '/model': CURRENT_MODELS } },
			},
			{
				displayName: 'Temperature',
				name: 'temperature',
				type: 'number',
				default: 0.2,
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				description: 'Randomness of the output, from 0 (focused) to 1 (creative)',
			},
			{
				displayName: 'Wait Timeout (Seconds)',
				name: 'waitTimeout',
				type: 'number',
				default: 1800,
				typeOptions: { minValue: 1 },
				description:
					'How long to wait for all tasks to finish, counted from when the last one was created',
				displayOptions: { show: { '/operation': ['createAndWait'] } },
			},
		],
	},
];
