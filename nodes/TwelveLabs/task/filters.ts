/**
 * The "Filters" collection shared by Get Many and the Trigger: the filters the task list
 * takes, plus the ones each of them adds (status; custom ID prefix). Each list filter declares
 * the query parameter it becomes: Get Many's routing sends it as declared (the trigger, which
 * n8n does not route, reads the same fields with readListFilters).
 */
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { ListTasksQuery } from '../api/types';
import { filtersCollection } from '../listPaging';

/** Sent trimmed, and not at all when empty (an empty `asset_id=` would match nothing). */
const TRIMMED_OR_NOTHING = '={{ String($value).trim() || undefined }}';

/** The analysis modes a list is filtered by (task and batch lists). */
export const ANALYSIS_MODE_FILTER_OPTIONS: INodePropertyOptions[] = [
	{ name: 'General', value: 'general' },
	{ name: 'Video Segmentation', value: 'time_based_metadata' },
];

const analysisModeFilter: INodeProperties = {
	displayName: 'Analysis Mode',
	name: 'analysisMode',
	type: 'options',
	default: 'general',
	options: ANALYSIS_MODE_FILTER_OPTIONS,
	routing: { send: { type: 'query', property: 'analysis_mode' } },
};

const assetIdFilter: INodeProperties = {
	displayName: 'Asset ID',
	name: 'assetId',
	type: 'string',
	default: '',
	description: 'Only tasks on this asset',
	routing: { send: { type: 'query', property: 'asset_id', value: TRIMMED_OR_NOTHING } },
};

const videoUrlFilter: INodeProperties = {
	displayName: 'Video URL',
	name: 'videoUrl',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://example.com/video.mp4',
	description: 'Only tasks on exactly this video URL',
	routing: { send: { type: 'query', property: 'video_url', value: TRIMMED_OR_NOTHING } },
};

/** A Filters collection with the list filters and `extra`. */
export function taskFiltersProperty(
	extra: INodeProperties[],
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return filtersCollection('filters', [analysisModeFilter, assetIdFilter, videoUrlFilter, ...extra], displayOptions);
}

/**
 * The list filters of a Filters collection as query parameters, for the node n8n does not
 * route (the trigger); the same names and trimming as the fields' routing.
 */
export function readListFilters(filters: IDataObject): ListTasksQuery {
	const query: ListTasksQuery = {};
	const text = (value: unknown) => (value === undefined ? '' : String(value).trim());
	if (filters.status) query.status = String(filters.status);
	if (filters.analysisMode)
		query.analysis_mode = filters.analysisMode as ListTasksQuery['analysis_mode'];
	if (text(filters.videoUrl)) query.video_url = text(filters.videoUrl);
	if (text(filters.assetId)) query.asset_id = text(filters.assetId);
	return query;
}
