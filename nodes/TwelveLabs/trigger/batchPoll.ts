/**
 * The trigger's batch events in an n8n poll (the n8n side of batchCompletions.ts): the state
 * lives in the workflow's static data under a key of its own (so a new task baseline never
 * touches it), the requests go through the one transport.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { getBatch, listBatchPage } from '../api/batchesApi';
import { isNotFound } from '../api/errors';
import type { TransportContext } from '../api/transport';
import {
	batchEventItem,
	commitBatches,
	latestFinishedBatch,
	pollBatches,
	readBatchState,
	type BatchEvent,
	type BatchReader,
} from './batchCompletions';

function readerFor(transport: TransportContext): BatchReader {
	return {
		list: async (query) => await listBatchPage(transport, query),
		get: async (batchId) =>
			await getBatch(transport, batchId).catch((error: unknown) => {
				if (isNotFound(error)) return undefined;
				throw error;
			}),
	};
}

const stateKey = (context: IPollFunctions) => `twelveLabsTrigger:batches:${context.getNode().name}`;

/**
 * Reads the batch events of this poll without saving anything; `commit()` saves the state and
 * returns the items (call it once the rest of the poll has succeeded). In manual mode (Fetch
 * Test Event): the newest matching finished batch, and `commit()` saves nothing.
 */
export async function readBatchEvents(
	context: IPollFunctions,
	transport: TransportContext,
	events: BatchEvent[],
): Promise<{ commit(): INodeExecutionData[] }> {
	const reader = readerFor(transport);
	const toItems = (batches: Parameters<typeof batchEventItem>[0][]) =>
		batches.map((batch) => ({ json: batchEventItem(batch) as IDataObject }));
	if (context.getMode() === 'manual') {
		const latest = await latestFinishedBatch(reader, events);
		return { commit: () => toItems(latest ? [latest] : []) };
	}
	const home = context.getWorkflowStaticData('global');
	const key = stateKey(context);
	const saved = readBatchState(home[key]);
	if (home[key] !== undefined && saved === undefined) {
		context.logger.warn('TwelveLabs Trigger: its saved batch state was malformed; taking a new baseline');
	}
	const polled = await pollBatches(saved, reader, events);
	return {
		commit: () => {
			const committed = commitBatches(readBatchState(home[key]), polled);
			home[key] = committed.state as unknown as IDataObject;
			return toItems(committed.emit);
		},
	};
}
