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
	if (options.startTime !== undefined || options.endTime !== undefined) {
		if (!windowAllowed)
			fail(
				options.startTime !== undefined ? LABELS.startTime : LABELS.endTime,
				'needs Pegasus 1.5',
				'Choose the model Pegasus 1.5, or remove Analyze From and Analyze Until.',
			);
		if (usesTimeRanges)
			fail(
				options.startTime !== undefined ? LABELS.startTime : LABELS.endTime,
				'cannot be combined with time ranges in segment definitions',
				'Use either Analyze From/Until or per-definition time ranges.',
			);
		checkNumber(
			LABELS.startTime,
			options.startTime,
			0,
			Number.MAX_SAFE_INTEGER,
			'Enter seconds from the start of the video, 0 or more.',
		);
		checkNumber(
			LABELS.endTime,
			options.endTime,
			0,
			Number.MAX_SAFE_INTEGER,
			'Enter seconds from the start of the video.',
		);
		const start = options.startTime ?? 0;
		if (options.endTime !== undefined) {
			if (options.endTime <= start)
				fail(
					LABELS.endTime,
					`(${options.endTime} s) is not after the start (${start} s)`,
					'Set Analyze Until later than Analyze From.',
				);
			if (options.endTime - start < 4)
				fail(
					LABELS.endTime,
					`leaves a window of ${options.endTime - start} s; at least 4 s is needed`,
					'Widen the window between Analyze From and Analyze Until to 4 seconds or more.',
				);
		}
		if (options.startTime !== undefined) body.start_time = options.startTime;
		if (options.endTime !== undefined) body.end_time = options.endTime;
	}
}

/** Shortest / Longest Segment (segmentation, not with per-definition time ranges). */
function addSegmentDurations(
	body: CreateTaskBody,
	options: CreateOptions,
	usesTimeRanges: boolean,
): void {
	if (options.minSegmentDuration !== undefined || options.maxSegmentDuration !== undefined) {
		if (usesTimeRanges)
			fail(
				options.minSegmentDuration !== undefined ? LABELS.minSegment : LABELS.maxSegment,
				'cannot be combined with time ranges in segment definitions',
				'Use either segment durations or time ranges.',
			);
		checkNumber(
			LABELS.minSegment,
			options.minSegmentDuration,
			2,
			Number.MAX_SAFE_INTEGER,
			'Use 2 seconds or more.',
		);
		checkNumber(
			LABELS.maxSegment,
			options.maxSegmentDuration,
			2,
			Number.MAX_SAFE_INTEGER,
			'Use 2 seconds or more.',
		);
		if (
			options.minSegmentDuration !== undefined &&
			options.maxSegmentDuration !== undefined &&
			options.maxSegmentDuration < options.minSegmentDuration
		) {
			fail(
				LABELS.maxSegment,
				`(${options.maxSegmentDuration} s) is below Shortest Segment (${options.minSegmentDuration} s)`,
				'Make Longest Segment at least Shortest Segment.',
			);
		}
		if (options.minSegmentDuration !== undefined)
			body.min_segment_duration = options.minSegmentDuration;
		if (options.maxSegmentDuration !== undefined)
			body.max_segment_duration = options.maxSegmentDuration;
	}
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
