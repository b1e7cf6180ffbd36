/**
 * The create form, shared by Create and Create and Wait: the video, the model, and the
 * prompt or the segment definitions. Output and Options follow (see task/index.ts).
 */
import type { INodeProperties } from 'n8n-workflow';
import { CURRENT_MODELS, generalModeField, showOnCreate } from './formDisplay';
import { referenceImagesProperty } from './referenceImagesField';
import { segmentFields } from './segmentFields';

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
export const createFields: INodeProperties[] = [
	{
		displayName: 'Video Source',
		name: 'videoSource',
		type: 'options',
		default: 'url',
		displayOptions: showOnCreate(),
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
				description:
					'A video in a binary field of the input item: up to 30 MB sent inline, larger files uploaded as an asset first',
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
		displayOptions: showOnCreate({ videoSource: ['url'] }),
	},
	{
		displayName: 'Asset ID',
		name: 'assetId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 6650c3b4a3e0b8f3c1d2e4f5',
		description: 'The ID of a TwelveLabs asset whose status is ready',
		displayOptions: showOnCreate({ videoSource: ['assetId'] }),
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the video. Up to 30 MB it is sent with the request; a larger file (up to 10 GB) is uploaded as a TwelveLabs asset first, then analyzed by its asset ID (see Options › Binary Files Over 30 MB).',
		displayOptions: showOnCreate({ videoSource: ['binary'] }),
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		default: 'pegasus1.5',
		description:
			'The documented Pegasus models. For a newer model, switch to Expression and enter its name (e.g. pegasus1.6): it is sent as is and treated like Pegasus 1.5.',
		displayOptions: showOnCreate(),
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
		displayOptions: showOnCreate({ model: CURRENT_MODELS }),
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
		displayOptions: showOnCreate({ model: CURRENT_MODELS, analysisMode: ['general'] }),
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
		showOnCreate({
			model: CURRENT_MODELS,
			analysisMode: ['general'],
			promptType: ['textWithImages'],
		}),
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
	...segmentFields,
];
