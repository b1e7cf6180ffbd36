/**
 * The video segmentation section of the create form: what kinds of segments to find, in the
 * form or as JSON. Each custom-field row reads Name, Type, then what the Type allows.
 */
import type { INodeProperties } from 'n8n-workflow';
import { CUSTOM_FIELD_TYPE_OPTIONS, TYPES_WITHOUT_ALLOWED_VALUES } from './formChoices';
import { CURRENT_MODELS, showOnCreate } from './formDisplay';
import { referenceImagesProperty } from './referenceImagesField';

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

const segmentation = { model: CURRENT_MODELS, analysisMode: ['time_based_metadata'] };

const customFieldsProperty: INodeProperties = {
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
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. sentiment',
					description: 'The key of this value in each segment',
				},
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					default: 'string',
					options: CUSTOM_FIELD_TYPE_OPTIONS,
				},
				{
					displayName: 'Allowed Values',
					name: 'enumValues',
					type: 'string',
					default: '',
					placeholder: 'e.g. positive, neutral, negative',
					description:
						'Optional: the only values the field may take (up to 100), separated by commas, or as a JSON list such as ["calm, slow", "tense"] when a value contains a comma',
					displayOptions: { hide: { type: TYPES_WITHOUT_ALLOWED_VALUES } },
				},
				{
					displayName: 'Description',
					name: 'description',
					type: 'string',
					default: '',
					placeholder: 'e.g. The overall sentiment of the segment',
					description: 'What the value means; the model reads it',
				},
			],
		},
	],
};

const timeRangesProperty: INodeProperties = {
	displayName: 'Time Ranges',
	name: 'timeRanges',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Time Range',
	default: {},
	description:
		'Look for these segments only inside these parts of the video (each at least 2 s, not overlapping)',
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
};

export const segmentFields: INodeProperties[] = [
	{
		displayName: 'Define Segments',
		name: 'definitionsSource',
		type: 'options',
		default: 'form',
		displayOptions: showOnCreate(segmentation),
		options: [
			{
				name: 'Using the Form',
				value: 'form',
				description: 'Fill in each definition and its custom fields below',
			},
			{
				name: 'Using JSON',
				value: 'json',
				description:
					'Paste or generate the definitions as JSON: quicker for many definitions or fields, and for expressions and AI agents',
			},
		],
	},
	{
		displayName:
			'Many definitions or fields? Choose Define Segments › Using JSON to paste or generate them in one piece.',
		name: 'definitionsJsonNotice',
		type: 'notice',
		default: '',
		displayOptions: showOnCreate({ ...segmentation, definitionsSource: ['form'] }),
	},
	{
		displayName: 'Segment Definitions',
		name: 'segmentDefinitions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Segment Definition',
		default: {},
		description: 'What kinds of segments to find (1 to 20; each one is billed)',
		displayOptions: showOnCreate({ ...segmentation, definitionsSource: ['form'] }),
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
					customFieldsProperty,
					{
						displayName: 'Definition Options',
						name: 'definitionOptions',
						type: 'collection',
						placeholder: 'Add Reference Images or Time Ranges',
						default: {},
						options: [referenceImagesProperty('referenceImages'), timeRangesProperty],
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
		displayOptions: showOnCreate({ ...segmentation, definitionsSource: ['json'] }),
	},
];
