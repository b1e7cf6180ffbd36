/**
 * Builds the bodies of POST /analyze/batches from the items the user gave, checking every
 * documented batch rule and, through createRequest/, every task rule the settings share, so a
 * bad item fails before any request. Pure: the node reads each item (batch/createInput.ts);
 * failures are InvalidParameterErrors naming the field.
 *
 * Each item is a whole task request (the form, read for that item, plus its overrides). What
 * the items share becomes the batch's `defaults`; each item carries only the fields where it
 * differs. Items are cut into batches of at most 1,000, in input order.
 */
import { isValidAssetId } from '../api/assetsApi';
import {
	BATCH_MODEL,
	BATCH_SETTING_KEYS,
	MAX_BATCH_REQUESTS,
	type BatchItemRequest,
	type BatchSettings,
	type CreateBatchBody,
} from '../api/batchTypes';
import type { AnalysisMode, CreateTaskBody } from '../api/types';
import { buildCreateBody } from '../createRequest/body';
import { fail, LABELS } from '../createRequest/checks';
import { CUSTOM_ID_PATTERN, InvalidParameterError, type CreateInput } from '../createRequest/input';
import { MODEL_RULES } from '../createRequest/models';
import { settledSync } from '../settled';
import { applyOverrides, OVERRIDES_LABEL } from './overrides';

export const CUSTOM_ID_LABEL = 'Custom ID';

/** One item as read from the form: its task input (the asset as the video) and its own fields. */
export interface BatchItemInput {
	input: CreateInput;
	customId: string;
	overrides?: Record<string, unknown>;
}

/** One checked item: what it sends, and what the node needs to pair its result. */
export interface CheckedBatchItem {
	model: string;
	mode: AnalysisMode;
	assetId: string;
	customId: string;
	settings: BatchSettings;
}

/** A task body's batch settings: `prompt`/`prompt_v2` become BatchPrompt; the video, model, mode and custom ID go. */
export function settingsOf(body: CreateTaskBody): BatchSettings {
	const settings: BatchSettings = {};
	if (body.prompt_v2 !== undefined) settings.prompt = body.prompt_v2;
	else if (body.prompt !== undefined) settings.prompt = { input_text: body.prompt };
	for (const key of BATCH_SETTING_KEYS) {
		if (key === 'prompt') continue;
		if (body[key] !== undefined) (settings as Record<string, unknown>)[key] = body[key];
	}
	return settings;
}

/** The asset rules: present (buildCreateBody) and shaped like an ID (it goes into the API's lookups). */
function checkAsset(input: CreateInput): string {
	const assetId = input.video.source === 'assetId' ? input.video.assetId.trim() : '';
	if (assetId !== '' && !isValidAssetId(assetId))
		fail(
			LABELS.assetId,
			`("${String(assetId).slice(0, 80)}") is not a valid asset ID`,
			'Give the ID of a TwelveLabs asset (letters and digits, e.g. 6650c3b4a3e0b8f3c1d2e4f5): map it from the Asset resource, e.g. {{ $json.asset_id }}.',
		);
	return assetId;
}

/** The form labels each override touches: a refusal there is the override's. */
const LABELS_OF_OVERRIDE: Record<string, string[]> = {
	prompt: [LABELS.prompt, LABELS.images],
	response_format: [LABELS.jsonSchema, LABELS.definitionsJson, LABELS.timeFormat],
	temperature: [LABELS.temperature],
	max_tokens: [LABELS.maxTokens],
	start_time: [LABELS.startTime],
	end_time: [LABELS.endTime],
	min_segment_duration: [LABELS.minSegment],
	max_segment_duration: [LABELS.maxSegment],
};

/** The task body of an item: the form's settings with the item's overrides, checked by the task rules. */
function checkedTaskBody(item: BatchItemInput): CreateTaskBody {
	if (item.overrides === undefined) return buildCreateBody(item.input);
	const overridden = Object.keys(item.overrides).flatMap((key) => LABELS_OF_OVERRIDE[key] ?? []);
	const merged = applyOverrides(item.input, item.overrides);
	const built = settledSync(() => buildCreateBody(merged));
	if (built.ok) return built.value;
	const problem = built.error;
	if (
		problem instanceof InvalidParameterError &&
		!problem.field.startsWith(OVERRIDES_LABEL) &&
		overridden.some((label) => problem.field.startsWith(label))
	)
		fail(`${OVERRIDES_LABEL} › ${problem.field}`, problem.problem, problem.fix);
	throw problem;
}


/**
 * Checks one item: the batch model, the asset, the task rules on its settings (the form's, with
 * its overrides; a refusal caused by an override names Overrides (JSON)), the custom ID.
 */
export function checkBatchItem(item: BatchItemInput): CheckedBatchItem {
	if (MODEL_RULES[item.input.model] !== undefined && item.input.model !== BATCH_MODEL)
		fail(
			LABELS.model,
			`is ${item.input.model}; batches take ${BATCH_MODEL} only`,
			'Choose Pegasus 1.5, or use the Analysis Task resource for this model.',
		);
	checkAsset(item.input);
	const body = checkedTaskBody(item);
	const customId = item.customId.trim();
	if (!CUSTOM_ID_PATTERN.test(customId))
		fail(
			CUSTOM_ID_LABEL,
			customId === ''
				? 'is empty'
				: `("${customId.slice(0, 80)}") must be 1–64 letters, digits, "_" or "-"`,
			'Remove spaces and other characters, e.g. "batch-7_video-12", or leave it empty to let the node make one.',
		);
	return {
		model: body.model_name ?? BATCH_MODEL,
		mode: body.analysis_mode ?? 'general',
		assetId: (body.video as { asset_id: string }).asset_id,
		customId,
		settings: settingsOf(body),
	};
}

/** A refusal of one item among many: which item, and the rule. */
export class BatchItemError extends Error {
	constructor(
		readonly itemIndex: number,
		readonly cause: InvalidParameterError,
	) {
		super(cause.message);
	}
}

/** Input positions cut into batches of at most `size`, in order. */
export function chunk<T>(entries: T[], size = MAX_BATCH_REQUESTS): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < entries.length; start += size)
		chunks.push(entries.slice(start, start + size));
	return chunks;
}

/**
 * The batch's `defaults`: for each setting every item has, the value most items share (the
 * first item's on a tie); the items with another value carry their own. A setting some items
 * lack is no default, so no item gets a value it did not ask for. The prompt (general mode) and
 * the segment definitions (segmentation) are on every item, so `defaults` alone is complete.
 */
export function batchDefaults(items: CheckedBatchItem[]): BatchSettings {
	const defaults: BatchSettings = {};
	for (const key of BATCH_SETTING_KEYS) {
		const counts = new Map<string, { value: unknown; count: number }>();
		for (const item of items) {
			const value = item.settings[key];
			if (value === undefined) break;
			const text = JSON.stringify(value);
			const entry = counts.get(text) ?? { value, count: 0 };
			entry.count++;
			counts.set(text, entry);
		}
		const total = [...counts.values()].reduce((sum, entry) => sum + entry.count, 0);
		if (total !== items.length) continue;
		let best: { value: unknown; count: number } | undefined;
		for (const entry of counts.values()) if (best === undefined || entry.count > best.count) best = entry;
		(defaults as Record<string, unknown>)[key] = best?.value;
	}
	return defaults;
}

/** What a batch has one of, for all its items. */
const ONE_PER_BATCH = [
	{ key: 'model', noun: 'model' },
	{ key: 'mode', noun: 'analysis mode' },
] as const;

/**
 * The body of one batch from its checked items (at most 1,000, each from `itemIndexes`):
 * one model and one mode (a batch cannot mix them), unique custom IDs, the settings all items
 * share as `defaults` (batchDefaults) and each item's other settings as its own.
 * Throws BatchItemError naming the item that breaks a batch rule.
 */
export function buildBatchBody(items: CheckedBatchItem[], itemIndexes: number[]): CreateBatchBody {
	if (items.length === 0 || items.length > MAX_BATCH_REQUESTS)
		throw new Error(`A batch has 1 to ${MAX_BATCH_REQUESTS} requests, not ${items.length}`);
	const [first] = items;
	const seen = new Map<string, number>();
	const refuse = (position: number, field: string, problem: string, fix: string): never => {
		throw new BatchItemError(itemIndexes[position], new InvalidParameterError(field, problem, fix));
	};
	items.forEach((item, position) => {
		for (const { key, noun } of ONE_PER_BATCH)
			if (item[key] !== first[key])
				refuse(
					position,
					LABELS[key],
					`is ${item[key]} here but ${first[key]} for item ${itemIndexes[0]}`,
					`A batch has one ${noun}: give every item the same ${key}, or split the items with an If node.`,
				);
		const earlier = seen.get(item.customId);
		if (earlier !== undefined)
			refuse(
				position,
				CUSTOM_ID_LABEL,
				`("${item.customId}") is also the custom ID of item ${itemIndexes[earlier]}`,
				'Custom IDs must be unique within a batch: give each item its own, e.g. {{ $json.id }}, or leave it empty to let the node make one.',
			);
		seen.set(item.customId, position);
	});
	const defaults = batchDefaults(items);
	const requests = items.map((item): BatchItemRequest => {
		const request: BatchItemRequest = {
			video: { type: 'asset_id', asset_id: item.assetId },
			custom_id: item.customId,
		};
		for (const key of BATCH_SETTING_KEYS) {
			const value = item.settings[key];
			if (value !== undefined && JSON.stringify(value) !== JSON.stringify(defaults[key]))
				(request as unknown as Record<string, unknown>)[key] = value;
		}
		return request;
	});
	const body: CreateBatchBody = { model_name: first.model, analysis_mode: first.mode, requests };
	if (Object.keys(defaults).length > 0) body.defaults = defaults;
	return body;
}

/** A custom ID for an item that has none: the same for the same run, node and item. */
export function madeCustomId(runToken: string, itemIndex: number): string {
	return `n8n-${runToken}-${itemIndex}`;
}
