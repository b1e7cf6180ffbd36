/**
 * The "Filters" collection shared by Get Many and the Trigger: the filters the task list
 * takes, plus the ones each of them adds (status; custom ID prefix).
 */
import type { INodeProperties } from 'n8n-workflow';

const analysisModeFilter: INodeProperties = {
	displayName: 'Analysis Mode',
	name: 'analysisMode',
	type: 'options',
	default: 'general',
	options: [
		{ name: 'General', value: 'general' },
		{ name: 'Video Segmentation', value: 'time_based_metadata' },
	],
};

const assetIdFilter: INodeProperties = {
	displayName: 'Asset ID',
	name: 'assetId',
	type: 'string',
	default: '',
	description: 'Only tasks on this asset',
};

const videoUrlFilter: INodeProperties = {
	displayName: 'Video URL',
	name: 'videoUrl',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://example.com/video.mp4',
	description: 'Only tasks on exactly this video URL',
};

/** A Filters collection with the list filters and `extra`, in alphabetical order as n8n wants. */
export function taskFiltersProperty(
	extra: INodeProperties[],
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions,
		options: [analysisModeFilter, assetIdFilter, videoUrlFilter, ...extra].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	};
}
