import type { INodeProperties } from 'n8n-workflow';

/** The output shaping choice shared by Get, Create and Wait and the Trigger. */
export function outputProperty(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'simplified',
		displayOptions: Object.keys(show).length ? { show } : undefined,
		options: [
			{
				name: 'Simplified',
				value: 'simplified',
				description:
					'ID, status, the generated text or parsed JSON, finish reason, token usage, and a warning when the output was truncated',
			},
			{
				name: 'One Item per Segment',
				value: 'segments',
				description:
					'For video segmentation: one item per segment with its definition ID, start, end and custom fields. Other tasks stay one simplified item.',
			},
			{
				name: 'Raw',
				value: 'raw',
				description: 'The task exactly as TwelveLabs returns it',
			},
		],
	};
}
