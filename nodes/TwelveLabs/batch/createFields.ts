/**
 * The batch create form (Create and Create and Wait): per item the asset, a custom ID and
 * overrides; for the batch the task create form itself (task/createFields.ts, segmentFields.ts,
 * createAndWaitFields.ts, createOptions.ts), shown under this resource rather than copied, with
 * what a batch does not take left out (other video sources, Pegasus 1.2, a custom ID option).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { BATCH_MODEL, DEFAULT_MAX_ACTIVE_BATCHES } from '../api/batchTypes';
import { createAndWaitFields } from '../task/createAndWaitFields';
import { createFields } from '../task/createFields';
import { createOptions } from '../task/createOptions';
import { CREATE_OPERATIONS } from '../task/formDisplay';
import { BATCH_RESOURCE, showFor } from './shared';

/** The task form's video fields: a batch item is always an asset (its own field below). */
const TASK_VIDEO_FIELDS = ['videoSource', 'videoUrl', 'assetId', 'binaryPropertyName'];

const showOnBatchCreate = (extra: Record<string, string[]> = {}) => ({
	show: { ...showFor(CREATE_OPERATIONS), ...extra },
});

/** A task create field shown under the batch resource instead (same name, same conditions). */
function underBatch(property: INodeProperties): INodeProperties {
	const show = property.displayOptions?.show ?? {};
	return {
		...property,
		displayOptions: { ...property.displayOptions, show: { ...show, resource: [BATCH_RESOURCE] } },
	};
}

/** The model: batches take Pegasus 1.5 only (a newer model by expression is sent as is). */
function batchModel(property: INodeProperties): INodeProperties {
	return {
		...property,
		default: BATCH_MODEL,
		description:
			'Batches run Pegasus 1.5. For a newer model, switch to Expression and enter its name: it is sent as is.',
		options: (property.options as INodePropertyOptions[]).filter(
			(option) => option.value === BATCH_MODEL,
		),
	};
}

/** Wait Timeout also bounds Create's wait for a slot: shown on both operations. */
function waitTimeoutForBatches(option: INodeProperties): INodeProperties {
	return {
		...option,
		displayOptions: undefined,
		description:
			'How long the whole operation may take: waiting for a free batch slot (more than 1,000 items) and, for Create and Wait, for the batches to finish',
	};
}

const maxActiveBatchesOption: INodeProperties = {
	displayName: 'Max Active Batches',
	name: 'maxActiveBatches',
	type: 'number',
	default: DEFAULT_MAX_ACTIVE_BATCHES,
	typeOptions: { minValue: 1, numberPrecision: 0 },
	description:
		'How many batches the account may have pending or processing at once (5 unless TwelveLabs raised it). With more than 1,000 items, the next batch waits for a free slot.',
};

/** The task Options without Custom ID (its own field here), with the batch options. */
function batchOptions(property: INodeProperties): INodeProperties {
	const options = (property.options as INodeProperties[])
		.filter((option) => option.name !== 'customId')
		.map((option) => (option.name === 'waitTimeout' ? waitTimeoutForBatches(option) : option));
	return {
		...underBatch(property),
		options: [...options, maxActiveBatchesOption].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	};
}

const itemFields: INodeProperties[] = [
	{
		displayName:
			'All input items become one batch (up to 1,000 per batch; more become several). Map each item’s asset with an expression; the settings below are shared, and an item can change them with Overrides (JSON).',
		name: 'batchNotice',
		type: 'notice',
		default: '',
		displayOptions: showOnBatchCreate(),
	},
	{
		displayName: 'Asset ID',
		name: 'batchAssetId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.asset_id }}',
		description:
			'The ID of a ready TwelveLabs video asset, for each item (map it from the Asset resource)',
		displayOptions: showOnBatchCreate(),
	},
	{
		displayName: 'Custom ID',
		name: 'batchCustomId',
		type: 'string',
		default: '',
		placeholder: 'e.g. order-1234_clip-2',
		description:
			'Your own reference for each item (1–64 letters, digits, _ or -, unique in the batch), in every result. Empty: the node makes one.',
		displayOptions: showOnBatchCreate(),
	},
];

const overridesField: INodeProperties = {
	displayName: 'Overrides (JSON)',
	name: 'batchOverrides',
	type: 'json',
	default: '',
	placeholder: 'e.g. {"prompt": "List the products shown", "temperature": 0.5}',
	description:
		'Optional, per item: fields of this item that differ from the settings above (prompt, response_format, temperature, max_tokens, min_segment_duration, max_segment_duration, start_time, end_time), as the API names them',
	displayOptions: showOnBatchCreate(),
};

const taskFormForBatch: INodeProperties[] = createFields
	.filter((property) => !TASK_VIDEO_FIELDS.includes(property.name))
	.map((property) => (property.name === 'model' ? batchModel(underBatch(property)) : underBatch(property)));

const waitFieldsForBatch: INodeProperties[] = createAndWaitFields.map((property) =>
	property.name === 'waitNotice'
		? {
				...underBatch(property),
				displayName:
					'Create and Wait keeps this execution running until every batch has finished (up to 24 hours). For long runs or queue mode, use Create, then Get Results later.',
			}
		: underBatch(property),
);

export const createBatchFields: INodeProperties[] = [
	...itemFields,
	...taskFormForBatch,
	overridesField,
	...waitFieldsForBatch,
	...createOptions.map(batchOptions),
];
