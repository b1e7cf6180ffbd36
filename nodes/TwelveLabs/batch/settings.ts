/** The Options of batch Create and Create and Wait that are read once for the whole run. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { DEFAULT_MAX_ACTIVE_BATCHES } from '../api/batchTypes';
import { readWaitSettings, type WaitSettings } from '../task/createAndWait';
import { NOTHING_SENT, programmaticRequestOptions } from '../task/shared';
import type { CreateSettings } from './createBatches';

export interface BatchRunSettings extends WaitSettings {
	maxActive: number;
}

/** Wait Timeout, poll intervals and On Timeout as for tasks; Max Active Batches, checked. */
export function readBatchSettings(context: IExecuteFunctions): BatchRunSettings {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const raw = options.maxActiveBatches;
	const maxActive = raw === undefined ? DEFAULT_MAX_ACTIVE_BATCHES : Number(raw);
	if (!Number.isInteger(maxActive) || maxActive < 1)
		throw new NodeOperationError(
			context.getNode(),
			`'Options › Max Active Batches' is ${String(raw)}, not a whole number of 1 or more`,
			{ description: `Set it to the account's limit of active batches (5 unless TwelveLabs raised it). ${NOTHING_SENT}` },
		);
	return { ...readWaitSettings(context), maxActive };
}

/** What creating the batches needs, from the settings and the run's start. */
export function createSettingsOf(
	context: IExecuteFunctions,
	settings: BatchRunSettings,
	startedAt: number,
): CreateSettings {
	return {
		maxActive: settings.maxActive,
		deadline: startedAt + settings.timeoutMs,
		schedule: { initialIntervalMs: settings.initialIntervalMs, maxIntervalMs: settings.maxIntervalMs },
		extra: programmaticRequestOptions(context),
	};
}
