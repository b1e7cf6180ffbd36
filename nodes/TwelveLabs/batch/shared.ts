/** Wiring shared by the batch operations: the resource, the batch picker, a batch's ID of an item. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { BATCH_ID_KIND, pickedIdOfItem } from '../byId';
import { idLocatorProperty } from '../idLocator';

export const BATCH_RESOURCE = 'analysisBatch';

/** displayOptions.show for fields of some batch operations. */
export const showFor = (operations: string[]) => ({
	resource: [BATCH_RESOURCE],
	operation: operations,
});

/** Batch picker: a searchable list of recent batches, or an ID typed in. */
export function batchIdProperty(operations: string[]): INodeProperties {
	return idLocatorProperty({
		displayName: 'Batch',
		name: 'batchId',
		description: 'The analysis batch',
		resource: BATCH_RESOURCE,
		operations,
		searchListMethod: 'searchBatches',
		errorMessage: 'The Batch ID must be letters and digits, e.g. 68f4ddaf8aaa60d33df0e800',
	});
}

/** The checked batch ID an input item picked. */
export function batchIdOfItem(context: IExecuteFunctions, itemIndex: number): string {
	return pickedIdOfItem(context, itemIndex, BATCH_ID_KIND);
}
