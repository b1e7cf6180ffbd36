/**
 * When create-form fields show. Fields a model or mode cannot use are hidden, and the input
 * reader never reads a hidden field, so nothing hidden is sent.
 */
import type { INodeProperties } from 'n8n-workflow';
import { modelsWhere } from '../createRequest/models';

export const CREATE_OPERATIONS = ['create', 'createAndWait'];
/** Models with every feature (segmentation, reference images, timestamps, a time window). */
export const CURRENT_MODELS = modelsWhere(
	(rules) => rules.segmentation && rules.referenceImages && rules.timestamps && rules.timeWindow,
);
/** Models with general mode only. */
export const LEGACY_MODELS = modelsWhere((rules) => !rules.segmentation);

/** Shown on Create and Create and Wait, when the other parameters have these values. */
export function showOnCreate(
	extra: Record<string, Array<string | boolean | number>> = {},
): INodeProperties['displayOptions'] {
	return { show: { resource: ['analysisTask'], operation: CREATE_OPERATIONS, ...extra } };
}

/**
 * A general-mode field, shown for the legacy model (general only, no mode selector) and for
 * the current model in general mode. Two copies with one name is n8n's way to say "or".
 */
export function generalModeField(
	property: INodeProperties,
	extra: Record<string, string[]> = {},
): INodeProperties[] {
	return [
		{ ...property, displayOptions: showOnCreate({ model: LEGACY_MODELS, ...extra }) },
		{
			...property,
			displayOptions: showOnCreate({ model: CURRENT_MODELS, analysisMode: ['general'], ...extra }),
		},
	];
}
