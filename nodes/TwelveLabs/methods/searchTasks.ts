/** "From list" for the Task picker: recent tasks, filtered by what the user types. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { sendRequest } from '../api/transport';
import type { Task, TaskListResponse } from '../api/types';
import { transportFor } from '../task/shared';

export function taskLabel(task: Task): string {
	const prompt =
		task.request_params?.prompt ??
		(task.request_params?.prompt_v2 as { input_text?: string } | undefined)?.input_text;
	const what =
		task.custom_id ??
		(typeof prompt === 'string' && prompt ? prompt : (task.video_source?.url ?? task.task_id));
	return `${what} (${task.status}, ${task.created_at.slice(0, 16).replace('T', ' ')})`;
}

/** The picker pages on while scrolled, up to this many pages (a server may claim any total_page). */
const MAX_PICKER_PAGES = 20;

export async function searchTasks(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = paginationToken ? Number(paginationToken) : 1;
	const response = await sendRequest<TaskListResponse>(await transportFor(this), {
		method: 'GET',
		url: '/analyze/tasks',
		qs: { page, page_limit: 50 },
	});
	const needle = filter?.trim().toLowerCase() ?? '';
	const results = (response.data ?? [])
		.map((task) => ({ name: taskLabel(task), value: task.task_id }))
		.filter(
			(entry) =>
				!needle || entry.name.toLowerCase().includes(needle) || entry.value.includes(needle),
		);
	const more =
		response.page_info &&
		response.page_info.page < response.page_info.total_page &&
		(response.data ?? []).length >= 50 &&
		page < MAX_PICKER_PAGES;
	return { results, paginationToken: more ? String(page + 1) : undefined };
}
