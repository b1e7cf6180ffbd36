/**
 * The Options of a create request (temperature, max tokens, the analyzed window, segment
 * durations, custom ID), checked against the model and mode and added to the body.
 */
import type { CreateTaskBody } from '../api/types';
import { checkNumber, fail, LABELS } from './checks';
import { CUSTOM_ID_PATTERN, type CreateOptions } from './input';
import { maxTokensRange, type ModelRules } from './models';

interface ModelAndMode {
	model: string;
	mode: string;
	rules: ModelRules;
	segmentation: boolean;
}

export function applyOptions(
	body: CreateTaskBody,
	options: CreateOptions,
	context: ModelAndMode,
): void {
	if (!context.segmentation) refuseSegmentationOptions(options);
	addGeneration(body, options, context);
	const usesTimeRanges =
		body.response_format?.segment_definitions?.some((definition) => definition.time_ranges) ??
		false;
	addWindow(body, options, context.rules.timeWindow, usesTimeRanges);
	if (context.segmentation) addSegmentDurations(body, options, usesTimeRanges);
	addCustomId(body, options);
}

/** Segment durations and the time format mean nothing outside segmentation. */
function refuseSegmentationOptions(options: CreateOptions): void {
	for (const [key, label] of [
		['minSegmentDuration', LABELS.minSegment],
		['maxSegmentDuration', LABELS.maxSegment],
		['segmentTimeFormat', LABELS.timeFormat],
	] as const) {
		if (options[key] !== undefined)
			fail(
				label,
				'applies to Video Segmentation only',
				'Remove it from Options, or switch Analysis Mode to Video Segmentation.',
			);
	}
}

/** Temperature and Max Tokens, within the range of the model and mode. */
function addGeneration(body: CreateTaskBody, options: CreateOptions, context: ModelAndMode): void {
	const { model, mode } = context;
	checkNumber(
		LABELS.temperature,
		options.temperature,
		0,
		1,
		'Use a value from 0 (focused) to 1 (creative); the default is 0.2.',
	);
	if (options.temperature !== undefined) body.temperature = options.temperature;

	if (options.maxTokens !== undefined) {
		const range = maxTokensRange(model, mode);
		if (!Number.isInteger(options.maxTokens))
			fail(
				LABELS.maxTokens,
				`is ${options.maxTokens}, not a whole number`,
				`Use a whole number from ${range.min} to ${range.max}.`,
			);
		checkNumber(
			LABELS.maxTokens,
			options.maxTokens,
			range.min,
			range.max,
			`For this model and mode use ${range.min}–${range.max}, or remove it to use the default (${range.defaultValue}).`,
		);
		body.max_tokens = options.maxTokens;
	}
}

/** Analyze From / Until (Pegasus 1.5, not with per-definition time ranges). */
function addWindow(
	body: CreateTaskBody,
	options: CreateOptions,
	windowAllowed: boolean,
	usesTimeRanges: boolean,
): void {
	const { startTime, endTime } = options;
	if (startTime === undefined && endTime === undefined) return;
	const label = startTime !== undefined ? LABELS.startTime : LABELS.endTime;
	if (!windowAllowed)
		fail(
			label,
			'needs Pegasus 1.5',
			'Choose the model Pegasus 1.5, or remove Analyze From and Analyze Until.',
		);
	if (usesTimeRanges)
		refuseBesideTimeRanges(label, 'Use either Analyze From/Until or per-definition time ranges.');
	checkSeconds(
		LABELS.startTime,
		startTime,
		0,
		'Enter seconds from the start of the video, 0 or more.',
	);
	checkSeconds(LABELS.endTime, endTime, 0, 'Enter seconds from the start of the video.');
	if (endTime !== undefined) checkWindowEnd(startTime ?? 0, endTime);
	if (startTime !== undefined) body.start_time = startTime;
	if (endTime !== undefined) body.end_time = endTime;
}

/** Analyze Until: after Analyze From, by 4 seconds at least. */
function checkWindowEnd(start: number, end: number): void {
	if (end <= start)
		fail(
			LABELS.endTime,
			`(${end} s) is not after the start (${start} s)`,
			'Set Analyze Until later than Analyze From.',
		);
	if (end - start < 4)
		fail(
			LABELS.endTime,
			`leaves a window of ${end - start} s; at least 4 s is needed`,
			'Widen the window between Analyze From and Analyze Until to 4 seconds or more.',
		);
}

/** Shortest / Longest Segment (segmentation, not with per-definition time ranges). */
function addSegmentDurations(
	body: CreateTaskBody,
	options: CreateOptions,
	usesTimeRanges: boolean,
): void {
	const { minSegmentDuration: min, maxSegmentDuration: max } = options;
	if (min === undefined && max === undefined) return;
	if (usesTimeRanges)
		refuseBesideTimeRanges(
			min !== undefined ? LABELS.minSegment : LABELS.maxSegment,
			'Use either segment durations or time ranges.',
		);
	checkSeconds(LABELS.minSegment, min, 2, 'Use 2 seconds or more.');
	checkSeconds(LABELS.maxSegment, max, 2, 'Use 2 seconds or more.');
	if (min !== undefined && max !== undefined && max < min) {
		fail(
			LABELS.maxSegment,
			`(${max} s) is below Shortest Segment (${min} s)`,
			'Make Longest Segment at least Shortest Segment.',
		);
	}
	if (min !== undefined) body.min_segment_duration = min;
	if (max !== undefined) body.max_segment_duration = max;
}

/** A number of seconds, `min` or more. */
function checkSeconds(label: string, value: number | undefined, min: number, fix: string): void {
	checkNumber(label, value, min, Number.MAX_SAFE_INTEGER, fix);
}

function refuseBesideTimeRanges(label: string, fix: string): never {
	return fail(label, 'cannot be combined with time ranges in segment definitions', fix);
}

function addCustomId(body: CreateTaskBody, options: CreateOptions): void {
	if (options.customId !== undefined && options.customId !== '') {
		if (!CUSTOM_ID_PATTERN.test(options.customId)) {
			fail(
				LABELS.customId,
				`("${options.customId}") must be 1–64 letters, digits, "_" or "-"`,
				'Remove spaces and other characters, e.g. "batch-7_video-12".',
			);
		}
		body.custom_id = options.customId;
	}
}
