/**
 * Reading a list of many pages, bounded whatever the server claims (the Get Many of tasks, assets and batches).
 * Pages are read one after the other and de-duplicated by id, because an entry created while
 * paging shifts every later page by one. Paging stops on the last page (a short page, or the
 * one `page_info.total_page` names), after a few pages in a row that bring no new id (a server
 * repeating pages or ignoring `page`), and at `maxPages`, which is an error rather than a
 * silently cut list.
 */
import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IDisplayOptions,
	type IExecutePaginationFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';
import type { TransportContext } from './api/transport';
import { isLastListPage, MAX_PAGE_LIMIT, type PageInfo } from './api/types';
import { NOTHING_SENT, transportFor, userRequestOptions } from './task/shared';
import { fitRoutedItems } from './tool/toolCall';

/**
 * Pages in a row without a new id after which the list is taken as ended. One such page is
 * normal: 50 entries created between two page reads shift a whole page; several in a row are not.
 */
export const MAX_PAGES_WITHOUT_NEW_IDS = 3;

export interface PagedList<T> {
	/** One page: its entries as sent and whether it is the last. */
	readPage(page: number, pageLimit: number): Promise<{ entries: unknown[]; isLast: boolean }>;
	/** Checks one entry as it is reached (entries past the wanted count are never checked). */
	check(entry: unknown): T;
	idOf(entry: T): string;
	/** How many entries are wanted; all when undefined. */
	wanted: number | undefined;
	maxPages: number;
	/** The error when the list is longer than `maxPages` pages. */
	tooLong(maxPages: number, collected: number): Error;
}

export async function collectPages<T>(list: PagedList<T>): Promise<T[]> {
	const { wanted } = list;
	const pageLimit = wanted === undefined ? MAX_PAGE_LIMIT : Math.min(MAX_PAGE_LIMIT, wanted);
	const seen = new Set<string>();
	const collected: T[] = [];
	let pagesWithoutNewIds = 0;
	for (let page = 1; ; page++) {
		if (page > list.maxPages) throw list.tooLong(list.maxPages, collected.length);
		const { entries, isLast } = await list.readPage(page, pageLimit);
		let newIds = 0;
		for (const raw of entries) {
			const entry = list.check(raw);
			const id = list.idOf(entry);
			if (seen.has(id)) continue;
			seen.add(id);
			newIds++;
			collected.push(entry);
			if (wanted !== undefined && collected.length >= wanted) return collected;
		}
		pagesWithoutNewIds = newIds === 0 ? pagesWithoutNewIds + 1 : 0;
		if (entries.length === 0 || isLast) break;
		if (pagesWithoutNewIds >= MAX_PAGES_WITHOUT_NEW_IDS) break;
	}
	return collected;
}

/** How many entries Get Many's form asks for (Return All, or Limit checked); undefined for all. */
export function wantedFromForm(
	context: IExecutePaginationFunctions,
	noun: string,
): number | undefined {
	if (context.getNodeParameter('returnAll', false) === true) return undefined;
	const wanted = Number(context.getNodeParameter('limit', 50));
	if (!Number.isInteger(wanted) || wanted < 1) {
		throw new NodeOperationError(
			context.getNode(),
			`'Limit' is ${String(wanted)}, not a whole number of 1 or more`,
			{
				itemIndex: context.getItemIndex(),
				description: `Set Limit to how many ${noun} to return (1 or more), or turn on Return All. ${NOTHING_SENT}`,
			},
		);
	}
	return wanted;
}

/** The query n8n built from the Filters, without what a filter left out (undefined or empty). */
export function declaredFilters(qs: IDataObject | undefined): IDataObject {
	return Object.fromEntries(
		Object.entries(qs ?? {}).filter(
			([, value]) =>
				value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0),
		),
	);
}

/** Get Many's Return All and Limit fields (read by wantedFromForm). */
export function returnAllAndLimitFields(show: NonNullable<IDisplayOptions['show']>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/** Most pages one Get Many reads (10,000 entries at 50 a page): bounds time, requests and memory. */
export const MAX_LIST_PAGES = 200;

/** A list the API pages (tasks, assets, batches): where it is, how a page is read and checked. */
export interface ListEndpoint<T, Q> {
	/** As messages read: "batches". */
	listed: string;
	/** The filters that narrow it, as the "too long" error names them. */
	narrow: string;
	path: string;
	readPage(
		transport: TransportContext,
		query: Q,
		extra: Partial<IHttpRequestOptions>,
		path: string,
	): Promise<{ data: unknown[]; page_info?: PageInfo | null }>;
	check(node: INode, entry: unknown, itemIndex?: number): T;
	idOf(entry: T): string;
}

/**
 * A declared Get Many's pagination: the request n8n built from the description (its URL, the
 * filters' query parameters) read page by page through the one transport, as collectPages
 * bounds it; more than MAX_LIST_PAGES pages is an error naming how to narrow the list.
 */
export async function readDeclaredList<T, Q>(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	list: ListEndpoint<T, Q>,
): Promise<T[]> {
	const itemIndex = context.getItemIndex();
	const wanted = wantedFromForm(context, list.listed);
	const { options } = requestData;
	const transport = await transportFor(context, { itemIndex });
	const filters = declaredFilters(options.qs);
	return await collectPages<T>({
		wanted,
		maxPages: MAX_LIST_PAGES,
		check: (entry) => list.check(transport.node, entry, transport.itemIndex),
		idOf: (entry) => list.idOf(entry),
		readPage: async (page, pageLimit) => {
			const response = await list.readPage(
				transport,
				{ ...filters, page, page_limit: pageLimit } as Q,
				userRequestOptions(options),
				options.url ?? list.path,
			);
			return { entries: response.data, isLast: isLastListPage(response, page, pageLimit) };
		},
		tooLong: (pages, collected) =>
			new NodeOperationError(
				transport.node,
				`Get Many stopped after ${pages} pages (${collected} ${list.listed}): the list is longer than one run reads`,
				{
					itemIndex,
					description: `Narrow the list with Filters (${list.narrow}), or set a Limit of at most ${pages * MAX_PAGE_LIMIT}.`,
				},
			),
	});
}

/**
 * A declared Get Many whose entries are output one item each (`json` of the entry): its
 * operation, and its fields (Return All, Limit, the Filters collection) shown for `show`.
 */
export function getManyOf<T, Q>(spec: {
	list: ListEndpoint<T, Q>;
	/** As the action reads: "analysis batches". */
	noun: string;
	json(entry: T): IDataObject;
	show: NonNullable<IDisplayOptions['show']>;
	filters: { name: string; options: INodeProperties[] };
}): { operation: INodePropertyOptions; fields: INodeProperties[] } {
	const { list, show, filters } = spec;
	async function pagination(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const entries = await readDeclaredList(this, requestData, list);
		const pairedItem = { item: this.getItemIndex() };
		return fitRoutedItems(
			this,
			entries.map((entry) => ({ json: spec.json(entry), pairedItem })),
		);
	}
	return {
		operation: getManyOperationOf({ noun: spec.noun, list, pagination }),
		fields: [
			...returnAllAndLimitFields(show),
			filtersCollection(filters.name, filters.options, { show }),
		],
	};
}

/**
 * Get Many of a list, declared: n8n builds `GET path` and the filters' query parameters from
 * the description, and `pagination` sends it page by page through the one transport.
 */
export function getManyOperationOf(spec: {
	/** As the action reads: "analysis tasks". */
	noun: string;
	/** Its `listed` as the description reads, its `path` as the URL n8n builds. */
	list: Pick<ListEndpoint<unknown, unknown>, 'listed' | 'path'>;
	pagination: NonNullable<NonNullable<INodePropertyOptions['routing']>['operations']>['pagination'];
}): INodePropertyOptions {
	return {
		name: 'Get Many',
		value: 'getMany',
		action: `Get many ${spec.noun}`,
		description: `List ${spec.list.listed}, newest first, with optional filters`,
		routing: {
			request: { method: 'GET', url: spec.list.path },
			send: { paginate: true },
			operations: { pagination: spec.pagination },
		},
	};
}

/** Options named by their values, capitalized (`ready` → Ready), in the order given. */
export function titledOptions(values: readonly string[]): INodePropertyOptions[] {
	return values.map((value) => ({ name: value[0].toUpperCase() + value.slice(1), value }));
}

/** A Filters collection named `name`, its options in alphabetical order as n8n wants. */
export function filtersCollection(
	name: string,
	options: INodeProperties[],
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Filters',
		name,
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions,
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}
