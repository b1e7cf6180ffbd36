/** The fields only Create and Wait shows, between the create form and its Options. */
import type { INodeProperties } from 'n8n-workflow';
import { CURRENT_MODELS, generalModeField, showOnCreate } from './formDisplay';
import { outputProperty } from './output';

const WAIT = { operation: ['createAndWait'] };
const SEGMENTATION = { ...WAIT, model: CURRENT_MODELS, analysisMode: ['time_based_metadata'] };

export const createAndWaitFields: INodeProperties[] = [
	{
		displayName:
			'Create and Wait keeps this execution running until every task has finished. For long videos, big batches or queue mode, use Create plus the TwelveLabs Trigger, which hold nothing while TwelveLabs works.',
		name: 'waitNotice',
		type: 'notice',
		default: '',
		displayOptions: showOnCreate(WAIT),
	},
	// Segmentation results read best one item per segment; everything else as one item. An AI
	// agent's tool (`@tool`) gets one simplified item by default, its segments in one list.
	...generalModeField(outputProperty({}), WAIT),
	{
		...outputProperty({}),
		default: 'segments',
		displayOptions: showOnCreate({ ...SEGMENTATION, '@tool': [false] }),
	},
	{ ...outputProperty({}), displayOptions: showOnCreate({ ...SEGMENTATION, '@tool': [true] }) },
];
