/** "From list" for the Task picker: recent tasks, filtered by what the user types. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { listTaskPage } from '../api/tasksApi';
import { isLastListPage, MAX_PAGE_LIMIT, type Task } from '../api/types';
import { transportFor } from '../task/shared';

/** The last path segment of a video URL ("clip.mp4"), or the asset ID; undefined if neither. */
export function shortVideoName(task: Task): string | undefined {
	const source = task.video_source;
	if (typeof source?.url === 'string' && source.url) {
		try {
			const segments = new URL(source.url).pathname.split('/').filter(Boolean);
			const last = segments.pop();
			return last ? decodeURIComponent(last) : new URL(source.url).hostname;
		} catch {
			return source.url;
		}
	}
	if (typeof source?.asset_id === 'string' && source.asset_id) return `asset ${source.asset_id}`;
	return undefined;
}

/**
 * A picker entry leads with what tells tasks apart: status and creation time, then the custom
 * ID and the short video name when the task has them; the task ID is always the value.
 * Every part but the status is optional in the API's answer.
 */
export function taskLabel(task: Task): string {
	const created =
		typeof task.created_at === 'string' ? task.created_at.slice(0, 16).replace('T', ' ') : '';
	const parts = [
		[task.status, created].filter(Boolean).join(' · '),
		task.custom_id ?? undefined,
		shortVideoName(task),
	].filter((part): part is string => typeof part === 'string' && part !== '');
	return parts.length > 1 ? parts.join(' · ') : `${parts[0] ?? ''} · ${task.task_id}`;
}

/** The picker pages on while scrolled, up to this many pages (a server may claim any total_page). */
const MAX_PICKER_PAGES = 20;

export async function searchTasks(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = paginationToken ? Number(paginationToken) : 1;
	const response = await listTaskPage(await transportFor(this), {
		page,
		page_limit: MAX_PAGE_LIMIT,
	});
	const needle = filter?.trim().toLowerCase() ?? '';
	const results = response.data
		.map((task) => ({ name: taskLabel(task), value: task.task_id }))
		.filter(
			(entry) =>
				!needle || entry.name.toLowerCase().includes(needle) || entry.value.includes(needle),
		);
	const more = !isLastListPage(response, page, MAX_PAGE_LIMIT) && page < MAX_PICKER_PAGES;
	return { results, paginationToken: more ? String(page + 1) : undefined };
}
