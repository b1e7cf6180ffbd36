/** The Analysis Batch resource: its operations and every field they show. */
import type { INodeProperties } from 'n8n-workflow';
import { cancelBatchFields, cancelBatchOperation } from './cancel';
import { createBatchOperation } from './create';
import { createAndWaitBatchOperation } from './createAndWait';
import { createBatchFields } from './createFields';
import { deleteBatchFields, deleteBatchOperation } from './delete';
import { getBatchFields, getBatchOperation } from './get';
import { getManyBatchesFields, getManyBatchesOperation } from './getMany';
import { getBatchResultsFields, getBatchResultsOperation } from './getResults';
import { BATCH_RESOURCE } from './shared';

export const batchProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'createAndWait',
		displayOptions: { show: { resource: [BATCH_RESOURCE] } },
		options: [
			cancelBatchOperation,
			createBatchOperation,
			createAndWaitBatchOperation,
			deleteBatchOperation,
			getBatchOperation,
			getManyBatchesOperation,
			getBatchResultsOperation,
		],
	},
	...createBatchFields,
	...getBatchFields,
	...getManyBatchesFields,
	...getBatchResultsFields,
	...cancelBatchFields,
	...deleteBatchFields,
];
