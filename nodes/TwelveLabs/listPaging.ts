/**
 * Reading a list of many pages, bounded whatever the server claims (task and asset Get Many).
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
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';
import type { TransportContext } from './api/transport';
import { isLastListPage, MAX_PAGE_LIMIT, type PageInfo } from './api/types';
import { NOTHING_SENT, transportFor, userRequestOptions } from './task/shared';

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

/**
 * A declared Get Many's pagination (asset and batch lists): the request n8n built from the
 * description (its URL, the filters' query parameters) read page by page with `readPage`
 * through the one transport, as collectPages bounds it; more than `maxPages` pages is an error
 * naming the `noun` and how to `narrow` the list.
 */
export async function readDeclaredList<T>(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	spec: {
		noun: string;
		narrow: string;
		defaultPath: string;
		maxPages: number;
		check(transport: TransportContext, entry: unknown): T;
		idOf(entry: T): string;
		readPage(
			transport: TransportContext,
			query: IDataObject,
			extra: Partial<IHttpRequestOptions>,
			path: string,
		): Promise<{ data: unknown[]; page_info?: PageInfo | null }>;
	},
): Promise<T[]> {
	const itemIndex = context.getItemIndex();
	const wanted = wantedFromForm(context, spec.noun);
	const { options } = requestData;
	const transport = await transportFor(context, { itemIndex });
	const filters = declaredFilters(options.qs);
	return await collectPages<T>({
		wanted,
		maxPages: spec.maxPages,
		check: (entry) => spec.check(transport, entry),
		idOf: spec.idOf,
		readPage: async (page, pageLimit) => {
			const response = await spec.readPage(
				transport,
				{ ...filters, page, page_limit: pageLimit },
				userRequestOptions(options),
				options.url ?? spec.defaultPath,
			);
			return { entries: response.data, isLast: isLastListPage(response, page, pageLimit) };
		},
		tooLong: (pages, collected) =>
			new NodeOperationError(
				transport.node,
				`Get Many stopped after ${pages} pages (${collected} ${spec.noun}): the list is longer than one run reads`,
				{
					itemIndex,
					description: `Narrow the list with Filters (${spec.narrow}), or set a Limit of at most ${pages * MAX_PAGE_LIMIT}.`,
				},
			),
	});
}

/** readDeclaredList's entries as output items, `json` making each one's JSON. */
export async function declaredListItems<T>(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	spec: Parameters<typeof readDeclaredList<T>>[2] & { json(entry: T): IDataObject },
): Promise<INodeExecutionData[]> {
	const entries = await readDeclaredList<T>(context, requestData, spec);
	const pairedItem = { item: context.getItemIndex() };
	return entries.map((entry) => ({ json: spec.json(entry), pairedItem }));
}

/**
 * Get Many of a list, declared: n8n builds `GET path` and the filters' query parameters from
 * the description, and `pagination` sends it page by page through the one transport.
 */
export function getManyOperationOf(spec: {
	/** As the action reads: "analysis tasks". */
	noun: string;
	/** As the description reads: "tasks". */
	listed: string;
	path: string;
	pagination: NonNullable<NonNullable<INodePropertyOptions['routing']>['operations']>['pagination'];
}): INodePropertyOptions {
	return {
		name: 'Get Many',
		value: 'getMany',
		action: `Get many ${spec.noun}`,
		description: `List ${spec.listed}, newest first, with optional filters`,
		routing: {
			request: { method: 'GET', url: spec.path },
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
