/**
 * A number of seconds on a form (timeouts, poll intervals, points and lengths in a video): a
 * number field with a lower bound, shown where `show` says (wherever its collection is when
 * absent).
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

export interface SecondsField {
	/** Ends in "(Seconds)", as every such field's label does. */
	displayName: string;
	name: string;
	default: number;
	minValue: number;
	description: string;
	show?: IDisplayOptions['show'];
}

export function secondsField(field: SecondsField): INodeProperties {
	const { displayName, name, default: defaultSeconds, minValue, description, show } = field;
	return {
		displayName,
		name,
		type: 'number',
		default: defaultSeconds,
		typeOptions: { minValue },
		description,
		...(show && { displayOptions: { show } }),
	};
}

/** Create and Wait's Wait Timeout (tasks, assets): the same field, what it covers described. */
export function waitTimeoutField(description: string, show: IDisplayOptions['show']): INodeProperties {
	return secondsField({
		displayName: 'Wait Timeout (Seconds)',
		name: 'waitTimeout',
		default: 1800,
		minValue: 1,
		description,
		show,
	});
}
