/** The Analysis Task resource: its operations and every field they show. */
import type { INodeProperties } from 'n8n-workflow';
import { createAndWaitOperation } from './createAndWait';
import { createAndWaitFields } from './createAndWaitFields';
import { createOperation } from './create';
import { createFields } from './createFields';
import { createOptions } from './createOptions';
import { deleteFields, deleteOperation } from './delete';
import { getFields, getOperation } from './get';
import { getManyFields, getManyOperation } from './getMany';

export const taskProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'createAndWait',
		displayOptions: { show: { resource: ['analysisTask'] } },
		options: [
			createOperation,
			createAndWaitOperation,
			deleteOperation,
			getOperation,
			getManyOperation,
		],
	},
	...createFields,
	...createAndWaitFields,
	...createOptions,
	...getFields,
	...getManyFields,
	...deleteFields,
];
