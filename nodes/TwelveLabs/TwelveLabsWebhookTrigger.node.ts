import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { getBatch } from './api/batchesApi';
import { getTask } from './api/tasksApi';
import type { Task } from './api/types';
import { taskItems, type OutputMode } from './results';
import { taskFiltersProperty } from './task/filters';
import { outputProperty } from './task/output';
import { transportFor } from './task/shared';
import { claimDelivery, STATIC_DATA_KEY, subjectKey, type Claim } from './webhook/deliveryWindow';
import {
	notificationItem,
	notificationPasses,
	readWebhookFilters,
	taskVerdict,
	uncheckedWarning,
	type WebhookFilters,
} from './webhook/emit';
import { BATCH_EVENTS, readNotification, TASK_EVENTS, type Notification } from './webhook/payload';
import { readDelivery, type DeliveryRefusal } from './webhook/request';
import { DEFAULT_TOLERANCE_SECONDS } from './webhook/signature';

const SECRET_CREDENTIAL = 'twelveLabsWebhookApi';

const customIdPrefixFilter = {
	displayName: 'Custom ID Prefix',
	name: 'customIdPrefix',
	type: 'string' as const,
	default: '',
	placeholder: 'e.g. batch-7_',
	description: 'Only tasks whose custom ID starts with this text',
};

/** The 200 every accepted delivery gets, run or not: TwelveLabs then stops retrying it. */
const ACCEPTED = { received: true };

/**
 * How long the full read may take: a delivery is answered after it, so the sender waits for it.
 * Senders commonly wait 3 to 5 seconds for an answer.
 */
const FULL_READ_BUDGET_MS = 2_500;

/** A copy of a delivery whose first call is still in flight: retried, as that call may yet fail. */
const IN_FLIGHT = {
	received: false,
	message: 'This notification is being handled by an earlier delivery of it; retry later',
};

function answer(context: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

function refuse(context: IWebhookFunctions, refusal: DeliveryRefusal): IWebhookResponseData {
	context.logger.warn(
		`TwelveLabs Webhook Trigger: refused a delivery (HTTP ${refusal.status}): ${refusal.message}`,
	);
	return answer(context, refusal.status, { error: refusal.message });
}

/** A short reason a read failed, without the request (which carries no key, but may be long). */
function describeError(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.slice(0, 200);
}

/**
 * The task (or batch) of an accepted notification, read in full within FULL_READ_BUDGET_MS, or
 * the reason it could not be: a failed read still starts the workflow once, from the
 * notification with a warning, rather than losing the event or keeping the sender waiting.
 */
async function readSubject(
	context: IWebhookFunctions,
	notification: Notification,
): Promise<{ task: Task } | { batch: IDataObject } | { warning: string }> {
	const what = notification.subject;
	try {
		const transport = await transportFor(context, { deadline: Date.now() + FULL_READ_BUDGET_MS });
		if (what === 'batch') {
			const batch = await getBatch(transport, notification.subjectId);
			return { batch: batch as unknown as IDataObject };
		}
		return { task: await getTask(transport, notification.subjectId) };
	} catch (error) {
		const reason = describeError(error);
		context.logger.warn(
			`TwelveLabs Webhook Trigger: could not read ${what} ${notification.subjectId} in full; starting the workflow from the notification: ${reason}`,
		);
		return { warning: `The ${what} could not be read in full (${reason}); these fields come from the notification.` };
	}
}

/** The items an accepted notification starts the workflow with; none when the filters say no. */
async function itemsFor(
	context: IWebhookFunctions,
	notification: Notification,
	filters: WebhookFilters,
	fetchFull: boolean,
): Promise<INodeExecutionData[]> {
	if (!fetchFull) return [notificationItem(notification)];
	const read = await readSubject(context, notification);
	if ('warning' in read) return [notificationItem(notification, read.warning)];
	// A batch: its counts per status as TwelveLabs gives them now (Analysis Batch › Get Results reads the lines).
	if ('batch' in read) return [{ json: { ...read.batch, event_id: notification.eventId, event_type: notification.type } }];
	const verdict = taskVerdict(read.task, filters);
	if (!verdict.passes) return [];
	const items = taskItems(read.task, context.getNodeParameter('output', 'simplified') as OutputMode);
	if (verdict.unchecked.length === 0) return items;
	const filterWarning = uncheckedWarning(verdict.unchecked);
	return items.map((item) => ({ ...item, json: { ...item.json, filter_warning: filterWarning } }));
}

export class TwelveLabsWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TwelveLabs Webhook Trigger',
		name: 'twelveLabsWebhookTrigger',
		icon: { light: 'file:twelvelabs.svg', dark: 'file:twelvelabs.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On " + $parameter["events"].join(", ")}}',
		description:
			'Starts the workflow within seconds when TwelveLabs notifies that an analysis finished',
		defaults: { name: 'TwelveLabs Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			// Labelled, since n8n would label both "Credential" (2.x) or "Credential to connect with" (1.x).
			{
				name: 'twelveLabsWebhookApi',
				displayName: 'Credential for TwelveLabs Webhook API',
				required: true,
				testedBy: 'webhookSecretTest',
			},
			{
				name: 'twelveLabsApi',
				displayName: 'Credential for TwelveLabs API (Fetch Full Task)',
				required: true,
				// `hide`, not `show`: n8n 1.x takes a field a credential is shown for as the node's
				// authentication field and removes it from the panel, so Fetch Full Task vanished there.
				displayOptions: { hide: { fetchFullTask: [false] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'twelvelabs',
			},
		],
		properties: [
			{
				// n8n 2.x renders only <a>, <ul> and <li> in a notice (1.x more): <b> and <br> vanish
				// and the steps ran together, so each step is a list item.
				displayName:
					'Set up once:<ul><li>Copy the Production URL from Webhook URLs above.</li><li>In the TwelveLabs Playground, open Webhooks, select Add Endpoint, paste the URL, add a description and select Add.</li><li>In your webhook\'s row, select Reveal Secret and copy it; paste it into this node\'s TwelveLabs Webhook API credential.</li><li>Publish (activate) this workflow. TwelveLabs then notifies every finished analysis of the account; this node checks each signature and starts the workflow once per task.</li></ul>To try it first: register the Test URL the same way, select Execute step (the panel then reads Listening for test event) and let a task finish. Remove that endpoint afterwards.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Trigger On',
				name: 'events',
				type: 'multiOptions',
				default: ['analyze.task.ready'],
				required: true,
				options: [
					{
						name: 'Batch Completed',
						value: BATCH_EVENTS[0],
						description: 'Every item of an analysis batch finished, or the batch was canceled or expired',
					},
					{
						name: 'Task Canceled',
						value: 'analyze.task.canceled',
						description: 'A task was stopped before it finished',
					},
					{ name: 'Task Failed', value: 'analyze.task.failed', description: 'A task ended in failure' },
					{ name: 'Task Ready', value: TASK_EVENTS[0], description: 'A task finished with a result' },
				],
			},
			{
				displayName: 'Fetch Full Task',
				name: 'fetchFullTask',
				type: 'boolean',
				default: true,
				description:
					'Whether to read each notified task (or batch) in full (one request each, at most 2.5 seconds, before TwelveLabs is answered). A task notification carries only the task ID, status, custom ID and creation time.',
			},
			taskFiltersProperty([customIdPrefixFilter], { show: { fetchFullTask: [true] } }),
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				displayOptions: { show: { fetchFullTask: [false] } },
				options: [customIdPrefixFilter],
			},
			{ ...outputProperty({}), displayOptions: { show: { fetchFullTask: [true] } } },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Timestamp Tolerance (Seconds)',
						name: 'toleranceSeconds',
						type: 'number',
						typeOptions: { minValue: 30, maxValue: 3600 },
						default: DEFAULT_TOLERANCE_SECONDS,
						description:
							'How far the signature time may be from this server\'s clock. Older deliveries are refused, so a captured one cannot be replayed later. TwelveLabs suggests five minutes.',
					},
				],
			},
		],
	};

	/**
	 * TwelveLabs has no API to register webhooks: the user adds the URL in the Playground once
	 * (the panel's notice says how). Activation has nothing to create, check or remove there.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	methods = {
		credentialTest: {
			async webhookSecretTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const secret = credential.data?.webhookSecret;
				if (typeof secret !== 'string' || secret.trim() === '') {
					return { status: 'Error', message: 'Paste the secret from the TwelveLabs Playground (Webhooks, Reveal Secret)' };
				}
				if (secret !== secret.trim()) {
					return { status: 'Error', message: 'The secret starts or ends with a space: copy it again without them' };
				}
				return {
					status: 'OK',
					message: 'The secret is set. It is checked against each delivery\'s signature.',
				};
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		// 1. The signature, over the raw body, before anything reads the delivery.
		const credentials = await this.getCredentials(SECRET_CREDENTIAL);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const delivery = readDelivery(this.getRequestObject(), {
			secret: typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret : '',
			toleranceSeconds: Number(options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS),
			nowSeconds: Math.floor(Date.now() / 1000),
		});
		if (!delivery.ok) return refuse(this, delivery);

		// 2. What it says: only documented events, only the chosen ones start anything.
		const reading = readNotification(delivery.rawBody);
		if (reading.kind === 'invalid') return refuse(this, { ok: false, status: 400, message: reading.problem });
		if (reading.kind === 'otherEvent') return answer(this, 200, { ...ACCEPTED, ignored: reading.type });
		const notification = reading.notification;
		const events = this.getNodeParameter('events', []) as string[];
		if (!events.includes(notification.type)) return answer(this, 200, { ...ACCEPTED, ignored: notification.type });
		const fetchFull = this.getNodeParameter('fetchFullTask', true) as boolean;
		const filters = readWebhookFilters(this.getNodeParameter('filters', {}) as IDataObject, fetchFull);
		// Undecided (no custom ID in the notification) is decided by the full task, when read.
		const passes = notificationPasses(notification, filters) ?? (fetchFull ? true : false);
		if (!passes) return answer(this, 200, { ...ACCEPTED, ignored: 'filtered' });

		// 3. Exactly once (a test event, while the editor listens for one, is always shown).
		let claim: Claim | undefined;
		if (this.getMode() !== 'manual') {
			const home = this.getWorkflowStaticData('node');
			claim = claimDelivery(
				`${this.getWorkflow().id ?? ''}\n${this.getNode().id}`,
				home[STATIC_DATA_KEY],
				{
					subject: subjectKey(notification.subject, notification.subjectId, notification.type),
					eventId: notification.eventId,
				},
				Math.floor(Date.now() / 1000),
			);
			home[STATIC_DATA_KEY] = claim.entries;
			if (claim.inFlight) {
				this.getResponseObject().setHeader('Retry-After', '1');
				return answer(this, 503, IN_FLIGHT);
			}
			if (claim.duplicate) return answer(this, 200, { ...ACCEPTED, duplicate: true });
		}

		// 4. Read, then answer; n8n then saves the static data and starts the run. A stop during the
		// read leaves the delivery unanswered, so it is retried. The node answers itself: answered by
		// n8n after the run has started, the claim would not be saved (n8n 2.41.1 resets its
		// static-data changed flag as it starts the run).
		let items: INodeExecutionData[] | undefined;
		try {
			items = await itemsFor(this, notification, filters, fetchFull);
		} finally {
			// Failed before its answer (n8n answers 500): the claim falls, so the retry runs.
			claim?.settle(items !== undefined);
		}
		answer(this, 200, ACCEPTED);
		if (items.length === 0) return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: [items] };
	}
}
