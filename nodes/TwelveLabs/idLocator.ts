import type { INodeProperties } from 'n8n-workflow';

/**
 * An ID picker (resource locator): a searchable list, or an ID typed in. Task and asset IDs
 * share one shape (letters, digits, `_`, `-`).
 */
export function idLocatorProperty(spec: {
	displayName: string;
	name: string;
	description: string;
	resource: string;
	operations: string[];
	searchListMethod: string;
	errorMessage: string;
}): INodeProperties {
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: spec.description,
		displayOptions: { show: { resource: [spec.resource], operation: spec.operations } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 6650c3b4a3e0b8f3c1d2e4f5',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[A-Za-z0-9_-]{1,64}$', errorMessage: spec.errorMessage },
					},
				],
			},
		],
	};
}
