/**
 * Builds the body of POST /analyze/tasks from what the user filled in, checking every rule
 * of the API that can be checked locally, so a bad item fails before any request is sent.
 * Pure: the node reads its parameters into a CreateInput (task/createInput.ts) and turns the
 * InvalidParameterError thrown here into a NodeOperationError.
 */
import type { CreateTaskBody, TimestampFormat } from '../api/types';
import { fail, isBlank, LABELS, parseJsonParameter } from './checks';
import { definitionsFromJson } from './definitionsJson';
import { TIMESTAMP_FORMATS, type CreateInput } from './input';
import { findSchemaProblem } from './jsonSchema';
import { buildMediaSources, buildVideoSource } from './media';
import { rulesOf, type ModelRules } from './models';
import { applyOptions } from './options';
import { buildDefinitions } from './segments';

/** Builds the body of POST /analyze/tasks, or throws InvalidParameterError naming the field. */
export function buildCreateBody(input: CreateInput): CreateTaskBody {
	const { model } = input;
	const mode = input.analysisMode;
	if (isBlank(model))
		fail(LABELS.model, 'is empty', 'Choose Pegasus 1.5 (all features) or Pegasus 1.2.');
	if (mode !== 'general' && mode !== 'time_based_metadata') {
		fail(
			LABELS.mode,
			`is "${mode}", not a known mode`,
			'Choose General (text) or Video Segmentation.',
		);
	}
	const rules = rulesOf(model);
	const segmentation = mode === 'time_based_metadata';
	if (segmentation && !rules.segmentation) {
		fail(
			LABELS.mode,
			'Video Segmentation needs Pegasus 1.5',
			'Choose the model Pegasus 1.5, or the mode General.',
		);
	}
	const body: CreateTaskBody = {
		video: buildVideoSource(input.video),
		model_name: model,
		analysis_mode: mode,
	};
	if (segmentation) addSegmentation(body, input);
	else addPrompt(body, input, rules);
	applyOptions(body, input.options, { model, mode, rules, segmentation });
	return body;
}

/** Segmentation: the definitions (from the form or JSON) and the segment time format. */
function addSegmentation(body: CreateTaskBody, input: CreateInput): void {
	const fromJson = input.definitionsSource === 'json';
	const definitions = fromJson
		? definitionsFromJson(input.definitionsJson)
		: (input.definitions ?? []);
	const labelOf = fromJson
		? (index: number) => `${LABELS.definitionsJson} › [${index}]`
		: (index: number) => `${LABELS.definitions} › Definition ${index + 1}`;
	body.response_format = {
		type: 'segment_definitions',
		segment_definitions: buildDefinitions(
			labelOf,
			definitions,
			fromJson ? LABELS.definitionsJson : LABELS.definitions,
		),
	};
	const format = input.options.segmentTimeFormat;
	if (format !== undefined) {
		if (!TIMESTAMP_FORMATS.includes(format as TimestampFormat)) {
			fail(LABELS.timeFormat, `is "${format}"`, `Use one of: ${TIMESTAMP_FORMATS.join(', ')}.`);
		}
		body.response_format.segment_time_format = format as TimestampFormat;
	}
}

/** General mode: the prompt (with reference images: `prompt_v2`) and a JSON schema if asked. */
function addPrompt(body: CreateTaskBody, input: CreateInput, rules: ModelRules): void {
	if (isBlank(input.prompt))
		fail(
			LABELS.prompt,
			'is empty',
			'Write what you want to know about the video, e.g. "Summarize this video in three sentences".',
		);
	const prompt = (input.prompt as string).trim();
	const images = input.referenceImages ?? [];
	if (images.length > 0) {
		if (!rules.referenceImages)
			fail(
				LABELS.images,
				'need Pegasus 1.5',
				'Choose the model Pegasus 1.5, or remove the reference images.',
			);
		body.prompt_v2 = {
			input_text: prompt,
			media_sources: buildMediaSources(LABELS.images, images),
		};
	} else {
		body.prompt = prompt;
	}
	if (input.responseFormat === 'jsonSchema') {
		const schema = parseJsonParameter(LABELS.jsonSchema, input.jsonSchema);
		const problem = findSchemaProblem(schema, { timestampAllowed: rules.timestamps });
		if (problem) fail(`${LABELS.jsonSchema} at ${problem.path}`, problem.problem, problem.fix);
		body.response_format = { type: 'json_schema', json_schema: schema as Record<string, unknown> };
	}
}
