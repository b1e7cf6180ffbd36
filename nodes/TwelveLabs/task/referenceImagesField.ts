/**
 * Reference images: one list shape for the prompt and for each segment definition. The add
 * button asks for the image's source first, so each row shows only its name and that source.
 */
import type { INodeProperties } from 'n8n-workflow';

const nameValue: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	placeholder: 'e.g. logo',
	description: 'How the text refers to the image: &lt;@name&gt;',
};

/** The list's keys, one per source, as the input reader finds them. */
export const IMAGE_SOURCE_KEYS = { url: 'fromUrl', assetId: 'fromAsset', binary: 'fromBinary' };

export function referenceImagesProperty(
	name: string,
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Reference Images',
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: 4 },
		placeholder: 'Add Reference Image',
		default: {},
		description:
			'Up to 4 images the model can compare with the video. Mention each one in the text as &lt;@name&gt;.',
		displayOptions,
		options: [
			{
				displayName: 'Image From URL',
				name: IMAGE_SOURCE_KEYS.url,
				values: [
					nameValue,
					{
						displayName: 'Image URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://example.com/logo.png',
						description: 'A public https:// link to the image',
					},
				],
			},
			{
				displayName: 'Image From Asset',
				name: IMAGE_SOURCE_KEYS.assetId,
				values: [
					nameValue,
					{
						displayName: 'Asset ID',
						name: 'assetId',
						type: 'string',
						default: '',
						description: 'An image uploaded to TwelveLabs',
					},
				],
			},
			{
				displayName: 'Image From Binary Field',
				name: IMAGE_SOURCE_KEYS.binary,
				values: [
					nameValue,
					{
						displayName: 'Input Binary Field',
						name: 'binaryPropertyName',
						type: 'string',
						default: 'data',
						hint: 'The name of the input binary field holding the image',
					},
				],
			},
		],
	};
}
