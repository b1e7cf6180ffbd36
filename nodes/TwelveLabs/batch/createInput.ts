/**
 * Reads and checks the items of a batch create: each item's task input (the task create form,
 * with the item's asset as the video), custom ID and overrides, then the batch rules across
 * items. Every item is checked before anything is sent.
 */
import { createHash } from 'node:crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeOperationError } from 'n8n-workflow';
import type { CreateBatchBody } from '../api/batchTypes';
import {
	BatchItemError,
	buildBatchBody,
	checkBatchItem,
	chunk,
	madeCustomId,
	type CheckedBatchItem,
} from '../batchRequest/body';
import { parseOverrides } from '../batchRequest/overrides';
import { itemParameters, readCreateInput, type ParameterSource } from '../task/createInput';
import { settledSync } from '../settled';
import { toNodeError } from '../task/shared';

/** One batch to create: its body and the input items its requests come from, in order. */
export interface PlannedBatch {
	body: CreateBatchBody;
	itemIndexes: number[];
}

/** The items that could not be sent (Continue On Fail), as error items by input position. */
export type RefusedItems = Map<number, INodeExecutionData>;

/** The task create form of one item, its video being the item's Asset ID. */
function batchItemParameters(context: IExecuteFunctions, itemIndex: number): ParameterSource {
	const source = itemParameters(context, itemIndex);
	return {
		...source,
		get: (name, fallback) => {
			if (name === 'videoSource') return 'assetId';
			if (name === 'assetId') return source.get('batchAssetId', '');
			return source.get(name, fallback);
		},
	};
}

/** Made custom IDs carry this token: the same execution and node give the same IDs. */
export function runToken(executionId: string, nodeId: string): string {
	return createHash('sha256').update(`${executionId}:${nodeId}`).digest('hex').slice(0, 10);
}

async function readItem(
	context: IExecuteFunctions,
	itemIndex: number,
	token: string,
): Promise<CheckedBatchItem> {
	const source = batchItemParameters(context, itemIndex);
	const input = await readCreateInput(source);
	const rawCustomId = source.get('batchCustomId', '');
	const customId =
		rawCustomId === undefined || rawCustomId === null || String(rawCustomId).trim() === ''
			? madeCustomId(token, itemIndex)
			: typeof rawCustomId === 'object'
				? JSON.stringify(rawCustomId)
				: String(rawCustomId);
	return checkBatchItem({ input, customId, overrides: parseOverrides(source.get('batchOverrides', '')) });
}

function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	return {
		json: { error: error.message } as IDataObject,
		error: error as NodeOperationError,
		pairedItem: { item: itemIndex },
	};
}

/**
 * Every input item read and checked, then cut into batches of at most 1,000 in input order.
 * A refused item fails the node, or with Continue On Fail becomes an error item and is left out.
 */
export async function planBatches(
	context: IExecuteFunctions,
): Promise<{ batches: PlannedBatch[]; refused: RefusedItems }> {
	const node = context.getNode();
	const token = runToken(context.getExecutionId(), node.id);
	const refused: RefusedItems = new Map();
	const checked: Array<{ item: CheckedBatchItem; itemIndex: number }> = [];
	const count = context.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			checked.push({ item: await readItem(context, itemIndex, token), itemIndex });
		} catch (error) {
			const nodeError = toNodeError(node, error, itemIndex);
			if (!context.continueOnFail()) throw nodeError;
			refused.set(itemIndex, errorItem(nodeError, itemIndex));
		}
	}
	const batches: PlannedBatch[] = [];
	for (const group of chunk(checked)) {
		// A batch rule broken by an item (its mode, its custom ID) leaves that item out and the rest go.
		let members = group;
		for (let attempt = 0; members.length > 0 && attempt <= group.length; attempt++) {
			const itemIndexes = members.map((member) => member.itemIndex);
			const built = settledSync(() => buildBatchBody(members.map((member) => member.item), itemIndexes));
			if (built.ok) {
				batches.push({ body: built.value, itemIndexes });
				break;
			}
			const refusal = built.error;
			if (!(refusal instanceof BatchItemError)) throw refusal;
			const nodeError = toNodeError(node, refusal.cause, refusal.itemIndex);
			if (!context.continueOnFail()) throw nodeError;
			refused.set(refusal.itemIndex, errorItem(nodeError, refusal.itemIndex));
			members = members.filter((member) => member.itemIndex !== refusal.itemIndex);
		}
	}
	return { batches, refused };
}
