import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { taskFiltersProperty } from './task/filters';
import { outputProperty } from './task/output';
import { transportFor } from './task/shared';
import { isBatchEvent } from './trigger/batchCompletions';
import { readBatchEvents } from './trigger/batchPoll';
import type { FinalStatus } from './trigger/completions';
import { noTestEventError, pollTaskEvents, readPollOptions } from './trigger/taskPoll';

export class TwelveLabsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TwelveLabs Trigger',
		name: 'twelveLabsTrigger',
		icon: { light: 'file:twelvelabs.svg', dark: 'file:twelvelabs.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On " + $parameter["events"].join(", ")}}',
		// The node panel lists this trigger and the TwelveLabs node as one app entry and shows
		// this description for it (n8n's own rule), so it speaks for both.
		description: 'Analyze videos with TwelveLabs Pegasus, and start workflows when analyses finish',
		defaults: { name: 'TwelveLabs Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'twelveLabsApi', required: true }],
		properties: [
			{
				displayName: 'Trigger On',
				name: 'events',
				type: 'multiOptions',
				default: ['ready'],
				required: true,
				options: [
					{
						name: 'Batch Canceled',
						value: 'batchCanceled',
						description: 'An analysis batch was canceled (its finished items keep their results)',
					},
					{
						name: 'Batch Completed',
						value: 'batchCompleted',
						description: 'Every item of an analysis batch has finished (ready or failed)',
					},
					{
						name: 'Batch Expired',
						value: 'batchExpired',
						description: 'An analysis batch ran out of its 24 hours before every item finished',
					},
					{
						name: 'Task Canceled',
						value: 'canceled',
						description: 'A task was stopped before it finished',
					},
					{ name: 'Task Failed', value: 'failed', description: 'A task ended in failure' },
					{ name: 'Task Ready', value: 'ready', description: 'A task finished with a result' },
				],
			},
			taskFiltersProperty([
				{
					displayName: 'Custom ID Prefix',
					name: 'customIdPrefix',
					type: 'string',
					default: '',
					placeholder: 'e.g. batch-7_',
					description: 'Only tasks whose custom ID starts with this text',
				},
			]),
			{
				displayName: 'Fetch Full Task',
				name: 'fetchFullTask',
				type: 'boolean',
				default: true,
				description:
					'Whether to read each finished task in full (one request per task). The task list shortens prompts and keeps only the first segment definition. Batch events always carry the whole batch.',
			},
			outputProperty({}),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const events = this.getNodeParameter('events', ['ready']) as string[];
		const taskEvents = events.filter((event) => !isBatchEvent(event)) as FinalStatus[];
		const batchEvents = events.filter(isBatchEvent);
		const options = readPollOptions(this, Date.now(), taskEvents);
		// Each request's timeout is what is left of the poll's budget.
		const transport = await transportFor(this, { deadline: options.deadline });
		// Batches are read first and saved last: a failure anywhere commits nothing of them,
		// and the task part commits only when it returns.
		const batches = batchEvents.length > 0 ? await readBatchEvents(this, transport, batchEvents) : undefined;
		const items = taskEvents.length > 0 ? await pollTaskEvents.call(this, transport, options) : [];
		items.push(...(batches?.commit() ?? []));
		if (items.length > 0) return [items];
		if (this.getMode() === 'manual') throw noTestEventError(this.getNode(), options, batchEvents);
		return null;
	}
}
