/**
 * Reads and checks the create form of one item: every refusal names the field and happens
 * before any byte of the file is read or anything is sent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { CreateAssetFields } from '../api/assetTypes';
import { checkHttpUrl, fail, isBlank, parseJsonParameter } from '../createRequest/checks';
import { fileSourceOf, type FileSource } from './fileSource';
import { planUpload, type UploadPlan } from './uploadRules';

export type AssetOptionFields = Omit<CreateAssetFields, 'method' | 'url' | 'user_metadata'> & {
	user_metadata?: Record<string, unknown>;
};

export type AssetCreateInput =
	| { source: 'url'; url: string; fields: AssetOptionFields }
	| { source: 'binary'; file: FileSource; plan: UploadPlan; fields: AssetOptionFields };

const LABELS = {
	url: 'URL',
	binary: 'Input Binary Field',
	fileName: 'Options › File Name',
	userMetadata: 'Options › User Metadata',
};

/** A JSON object whose values are strings, numbers or booleans (the API's user_metadata). */
export function checkUserMetadata(value: unknown): Record<string, unknown> | undefined {
	if (value === undefined || value === '' || value === null) return undefined;
	const parsed = parseJsonParameter(LABELS.userMetadata, value);
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		fail(LABELS.userMetadata, 'is not a JSON object', 'Enter an object such as {"project": "launch", "take": 3}.');
	}
	for (const [key, entry] of Object.entries(parsed as Record<string, unknown>)) {
		if (!['string', 'number', 'boolean'].includes(typeof entry)) {
			fail(
				LABELS.userMetadata,
				`has the key "${key}" whose value is not a string, number or boolean`,
				'Give every key a string, number or boolean value.',
			);
		}
	}
	return Object.keys(parsed as object).length > 0 ? (parsed as Record<string, unknown>) : undefined;
}

function readOptions(options: IDataObject): AssetOptionFields {
	const fields: AssetOptionFields = {};
	if (!isBlank(options.fileName)) {
		const fileName = String(options.fileName).trim();
		if (fileName.length > 255) {
			fail(LABELS.fileName, `has ${fileName.length} characters, above 255`, 'Use a shorter file name.');
		}
		fields.filename = fileName;
	}
	if (options.enableHls === true) fields.enable_hls = true;
	if (options.enableThumbnail === true) fields.enable_thumbnail = true;
	const metadata = checkUserMetadata(options.userMetadata);
	if (metadata) fields.user_metadata = metadata;
	return fields;
}

export async function readAssetCreateInput(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<AssetCreateInput> {
	const fields = readOptions(context.getNodeParameter('assetOptions', itemIndex, {}) as IDataObject);
	const source = context.getNodeParameter('assetSource', itemIndex, 'binary');
	if (source === 'url') {
		const url = context.getNodeParameter('assetUrl', itemIndex, '');
		if (isBlank(url)) fail(LABELS.url, 'is empty', 'Enter a direct link to the file, e.g. https://example.com/video.mp4.');
		checkHttpUrl(LABELS.url, String(url), false);
		return { source: 'url', url: String(url).trim(), fields };
	}
	const propertyName = context.getNodeParameter('assetBinaryProperty', itemIndex, 'data');
	if (isBlank(propertyName)) fail(LABELS.binary, 'is empty', 'Enter the name of a binary field of the input item (often "data").');
	const file = await fileSourceOf(context, itemIndex, LABELS.binary, String(propertyName).trim());
	const plan = planUpload(LABELS.binary, {
		fileName: fields.filename ?? file.fileName,
		mimeType: file.mimeType,
		size: file.size,
	});
	return { source: 'binary', file, plan, fields };
}
