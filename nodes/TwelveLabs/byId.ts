/**
 * The operations that act on one picked ID per item (Get, Delete, Cancel of tasks, assets and
 * batches): the ID read from its picker and checked before it becomes part of a URL, then one
 * call per item, a few at a time, each failure its own error item under Continue On Fail.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';
import type { TransportContext } from './api/transport';
import {
	checkPickedId,
	programmaticRequestOptions,
	runForEachItem,
	transportFor,
} from './task/shared';

/** Reads run a few at a time: fast for many items, gentle on the rate limit. */
export const READ_CONCURRENCY = 4;

/**
 * A picker: its parameter, its label on the form, the noun in messages and the fix; `idKey`
 * names the ID in an item out (the API's name for it).
 */
export interface PickedIdKind {
	parameter: string;
	label: string;
	noun: string;
	fix: string;
	idKey: string;
}

export const TASK_ID_KIND: PickedIdKind = {
	parameter: 'taskId',
	label: 'Task',
	noun: 'task',
	idKey: 'task_id',
	fix: 'Pick a task from the list, or enter the task_id returned by Create (24 letters and digits, e.g. 6650c3b4a3e0b8f3c1d2e4f5).',
};
export const ASSET_ID_KIND: PickedIdKind = {
	parameter: 'assetId',
	label: 'Asset',
	noun: 'asset',
	idKey: 'asset_id',
	fix: 'Pick an asset from the list, or enter the asset ID returned by Create (letters and digits, e.g. 6650c3b4a3e0b8f3c1d2e4f5).',
};
export const BATCH_ID_KIND: PickedIdKind = {
	parameter: 'batchId',
	label: 'Batch',
	noun: 'batch',
	idKey: 'batch_id',
	fix: 'Pick a batch from the list, or enter the batch_id returned by Create (letters and digits, e.g. 68f4ddaf8aaa60d33df0e800).',
};

/** The checked ID an input item picked. */
export function pickedIdOfItem(
	context: IExecuteFunctions,
	itemIndex: number,
	kind: PickedIdKind,
): string {
	const value = context.getNodeParameter(kind.parameter, itemIndex, undefined, {
		extractValue: true,
	});
	return checkPickedId(context.getNode(), value, itemIndex, kind);
}

export interface PickedCall {
	transport: TransportContext;
	id: string;
	itemIndex: number;
	extra: Partial<IHttpRequestOptions>;
}

/**
 * Runs `call` for the ID every item picked; its answer is the item out (a JSON object, e.g. the
 * API's answer as it is), or the items out (an array, e.g. one per segment).
 */
export async function forEachPickedId(
	context: IExecuteFunctions,
	kind: PickedIdKind,
	call: (picked: PickedCall) => Promise<object | INodeExecutionData[]>,
): Promise<INodeExecutionData[][]> {
	const transport = await transportFor(context);
	const extra = programmaticRequestOptions(context);
	return await runForEachItem(context, READ_CONCURRENCY, async (itemIndex) => {
		const id = pickedIdOfItem(context, itemIndex, kind);
		const answer = await call({ transport: { ...transport, itemIndex }, id, itemIndex, extra });
		if (Array.isArray(answer)) return answer;
		return [{ json: answer as IDataObject, pairedItem: { item: itemIndex } }];
	});
}

/** The execute function of a by-ID operation: `call` for the ID each item picked. */
export function executeForPickedIds(
	kind: PickedIdKind,
	call: (picked: PickedCall, context: IExecuteFunctions) => Promise<object | INodeExecutionData[]>,
): (this: IExecuteFunctions) => Promise<INodeExecutionData[][]> {
	return async function (this: IExecuteFunctions) {
		return await forEachPickedId(this, kind, async (picked) => await call(picked, this));
	};
}

/**
 * The execute function of a Delete: `remove` for the ID each item picked; the item out says
 * what was deleted, by the API's name for its ID.
 */
export function executeDeleteForPickedIds(
	kind: PickedIdKind,
	remove: (picked: PickedCall, context: IExecuteFunctions) => Promise<void>,
): (this: IExecuteFunctions) => Promise<INodeExecutionData[][]> {
	return executeForPickedIds(kind, async (picked, context) => {
		await remove(picked, context);
		return { deleted: true, [kind.idKey]: picked.id };
	});
}
