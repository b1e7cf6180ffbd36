/**
 * Reads the create form into a CreateInput, reading only the fields the form shows for the
 * chosen model and mode, and reading binary files only after their size is known to fit.
 */
import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fileSourceOf, fromBinaryStore, type FileSource } from '../asset/fileSource';
import { checkBinarySize } from '../createRequest/checks';
import { rulesOf } from '../createRequest/models';
import {
	InvalidParameterError,
	MAX_BASE64_SOURCE_BYTES,
	type CreateInput,
	type CreateOptions,
	type DefinitionInput,
	type ImageInput,
	type VideoInput,
} from '../createRequest/input';
import { decodeFieldType, TYPES_WITHOUT_ALLOWED_VALUES } from './formChoices';
import { IMAGE_SOURCE_KEYS } from './referenceImagesField';

/** What reading the form needs from n8n, for both single-item and whole-node contexts. */
export interface ParameterSource {
	get(name: string, fallback?: unknown): unknown;
	binaryMetadata(propertyName: string): IBinaryData;
	binaryBuffer(propertyName: string): Promise<Buffer>;
	/** The file of a binary field, its exact size known, no byte read; refused naming `field`. */
	binaryFile(field: string, propertyName: string): Promise<FileSource>;
}

/** The parameters of one input item of a programmatic operation. */
export function itemParameters(context: IExecuteFunctions, itemIndex: number): ParameterSource {
	return {
		get: (name, fallback) => context.getNodeParameter(name, itemIndex, fallback),
		binaryMetadata: (property) => context.helpers.assertBinaryData(itemIndex, property),
		binaryBuffer: async (property) =>
			await context.helpers.getBinaryDataBuffer(itemIndex, property),
		binaryFile: async (field, property) =>
			await fileSourceOf(context, itemIndex, field, property),
	};
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** The exact size of a binary from its metadata (n8n's byte count, or inline base64 data). */
export function exactBinarySize(binary: IBinaryData): number | undefined {
	if (typeof binary.bytes === 'number') return binary.bytes;
	// In-memory binaries carry their base64 data inline.
	if (!binary.id && typeof binary.data === 'string') return Buffer.byteLength(binary.data, 'base64');
	return undefined;
}

/** The size n8n knows for a binary, without reading its bytes; undefined when unknown. */
export function knownBinarySize(binary: IBinaryData): number | undefined {
	const exact = exactBinarySize(binary);
	if (exact !== undefined) return exact;
	const match = String(binary.fileSize ?? '')
		.trim()
		.match(/^([\d.]+)\s*([kmg]?b)$/i);
	return match ? Math.round(Number(match[1]) * UNITS[match[2].toLowerCase()]) : undefined;
}

/** The metadata of the binary field `propertyName`; refused naming `field` when the item has none. */
function binaryMetadataOf(source: ParameterSource, field: string, propertyName: string): IBinaryData {
	let metadata: IBinaryData | undefined;
	try {
		metadata = source.binaryMetadata(propertyName);
	} catch {
		metadata = undefined;
	}
	if (metadata) return metadata;
	throw new InvalidParameterError(
		field,
		`names the binary field "${propertyName}", which the input item does not have`,
		'Enter the name of a binary field of the input item (often "data"), or check the node before this one.',
	);
}

async function readBinaryAsBase64(
	source: ParameterSource,
	field: string,
	propertyName: string,
	tooLargeFix?: string,
): Promise<{ base64: string; sizeBytes: number }> {
	const name = propertyName.trim();
	const metadata = binaryMetadataOf(source, field, name);
	const knownSize = knownBinarySize(metadata);
	if (knownSize !== undefined) checkBinarySize(field, knownSize, tooLargeFix);
	const buffer = await fromBinaryStore(field, name, metadata.id, async () => await source.binaryBuffer(name));
	checkBinarySize(field, buffer.length, tooLargeFix);
	return { base64: buffer.toString('base64'), sizeBytes: buffer.length };
}

/** The form's names for the fields an expression most often fills. */
const FIELD_LABELS: Record<string, string> = {
	prompt: 'Prompt',
	videoUrl: 'Video URL',
	assetId: 'Asset ID',
	temperature: 'Options › Temperature',
	maxTokens: 'Options › Max Tokens',
	customId: 'Options › Custom ID',
	startTime: 'Options › Start Time',
	endTime: 'Options › End Time',
	minSegmentDuration: 'Options › Min Segment Duration',
	maxSegmentDuration: 'Options › Max Segment Duration',
};

/** An expression that gave an object or array where text or a number belongs is refused, not coerced. */
function refuseStructured(name: string, value: unknown, wanted: 'text' | 'a number'): void {
	if (typeof value !== 'object' || value === null) return;
	throw new InvalidParameterError(
		FIELD_LABELS[name] ?? name,
		`is ${Array.isArray(value) ? 'an array' : 'an object'}, not ${wanted}`,
		`Make the expression return ${wanted}, e.g. {{ $json.field }} rather than {{ $json }}, or pick one element of the list.`,
	);
}

function text(source: ParameterSource, name: string): string {
	const value = source.get(name, '');
	refuseStructured(name, value, 'text');
	return value === undefined || value === null ? '' : String(value);
}

/** The reference-image list, one sub-list per source (see referenceImagesField.ts). */
async function readImages(
	source: ParameterSource,
	label: string,
	list: unknown,
): Promise<ImageInput[]> {
	const images: ImageInput[] = [];
	for (const entry of listOf(list, IMAGE_SOURCE_KEYS.url))
		images.push({ name: String(entry.name ?? ''), source: 'url', url: String(entry.url ?? '') });
	for (const entry of listOf(list, IMAGE_SOURCE_KEYS.assetId))
		images.push({
			name: String(entry.name ?? ''),
			source: 'assetId',
			assetId: String(entry.assetId ?? ''),
		});
	for (const [index, entry] of listOf(list, IMAGE_SOURCE_KEYS.binary).entries()) {
		const binary = await readBinaryAsBase64(
			source,
			`${label} › Image From Binary Field ${index + 1} › Input Binary Field`,
			String(entry.binaryPropertyName ?? 'data'),
		);
		images.push({ name: String(entry.name ?? ''), source: 'binary', ...binary });
	}
	return images;
}

function listOf(value: unknown, key: string): IDataObject[] {
	if (typeof value !== 'object' || value === null) return [];
	const list = (value as IDataObject)[key];
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

async function readDefinitions(source: ParameterSource): Promise<DefinitionInput[]> {
	const entries = listOf(source.get('segmentDefinitions', {}), 'definition');
	const definitions: DefinitionInput[] = [];
	for (const [index, entry] of entries.entries()) {
		const label = `Segment Definitions › Definition ${index + 1} › Definition Options › Reference Images`;
		const more = (entry.definitionOptions ?? {}) as IDataObject;
		definitions.push({
			id: String(entry.id ?? ''),
			description: String(entry.description ?? ''),
			fields: listOf(entry.fields, 'field').map((field) => {
				const formType = String(field.type ?? 'string');
				return {
					name: String(field.name ?? ''),
					...decodeFieldType(formType),
					description: String(field.description ?? ''),
					enumValues: TYPES_WITHOUT_ALLOWED_VALUES.includes(formType)
						? undefined
						: String(field.enumValues ?? ''),
				};
			}),
			referenceImages: await readImages(source, label, more.referenceImages),
			timeRanges: listOf(more.timeRanges, 'range').map((range) => ({
				startTime: Number(range.startTime),
				endTime: Number(range.endTime),
			})),
		});
	}
	return definitions;
}

function readOptions(raw: IDataObject, model: string, segmentation: boolean): CreateOptions {
	const number = (key: string) => {
		refuseStructured(key, raw[key], 'a number');
		return raw[key] === undefined || raw[key] === '' ? undefined : Number(raw[key]);
	};
	refuseStructured('customId', raw.customId, 'text');
	const options: CreateOptions = {
		temperature: number('temperature'),
		maxTokens: number('maxTokens'),
		customId: raw.customId === undefined ? undefined : String(raw.customId),
	};
	// 0 is the form's "not set" for these (see createOptions.ts): nothing is sent.
	const unlessZero = (key: string) => (number(key) === 0 ? undefined : number(key));
	if (rulesOf(model).timeWindow) {
		options.startTime = unlessZero('startTime');
		options.endTime = unlessZero('endTime');
	}
	if (segmentation) {
		options.minSegmentDuration = unlessZero('minSegmentDuration');
		options.maxSegmentDuration = unlessZero('maxSegmentDuration');
		options.segmentTimeFormat =
			raw.segmentTimeFormat === undefined ? undefined : String(raw.segmentTimeFormat);
	}
	return options;
}

/** Options › Binary Files Over 30 MB: upload them as assets first (the default), or refuse them. */
export const LARGE_BINARY_CHOICES = ['uploadAsAsset', 'refuse'] as const;

const LARGE_VIDEO_FIX =
	'Set Options › Binary Files Over 30 MB to "Upload as Asset First", or use Video Source "URL" with a public link to the file.';

async function readVideo(source: ParameterSource, options: IDataObject): Promise<VideoInput> {
	const kind = text(source, 'videoSource') || 'url';
	if (kind === 'assetId') return { source: 'assetId', assetId: text(source, 'assetId') };
	if (kind === 'binary') return await readBinaryVideo(source, options);
	if (kind !== 'url') {
		throw new InvalidParameterError(
			'Video Source',
			`is "${kind}", not a known source`,
			'Choose URL, Asset ID or Binary File.',
		);
	}
	return { source: 'url', url: text(source, 'videoUrl') };
}

/** Up to 30 MB inline (read now); above, unless refused, an upload whose bytes are read later. */
async function readBinaryVideo(source: ParameterSource, options: IDataObject): Promise<VideoInput> {
	const field = 'Input Binary Field';
	const propertyName = (text(source, 'binaryPropertyName') || 'data').trim();
	const largeFiles = options.largeBinaryFiles ?? 'uploadAsAsset';
	if (!LARGE_BINARY_CHOICES.includes(largeFiles as (typeof LARGE_BINARY_CHOICES)[number])) {
		throw new InvalidParameterError(
			'Options › Binary Files Over 30 MB',
			`is "${String(largeFiles)}", not a known choice`,
			'Choose "Upload as Asset First" or "Refuse".',
		);
	}
	if (largeFiles === 'uploadAsAsset') {
		const metadata = binaryMetadataOf(source, field, propertyName);
		let file = {
			fileName: metadata.fileName ?? 'file',
			mimeType: metadata.mimeType as string | undefined,
			size: exactBinarySize(metadata),
		};
		// Stored without a byte count: the binary data service knows it (no byte is read).
		if (file.size === undefined) file = await source.binaryFile(field, propertyName);
		if (file.size !== undefined && file.size > MAX_BASE64_SOURCE_BYTES) {
			const { fileName, mimeType, size: sizeBytes } = file;
			return { source: 'upload', propertyName, fileName, mimeType, sizeBytes };
		}
	}
	return {
		source: 'binary',
		...(await readBinaryAsBase64(source, field, propertyName, LARGE_VIDEO_FIX)),
	};
}

export async function readCreateInput(source: ParameterSource): Promise<CreateInput> {
	const model = text(source, 'model').trim();
	const rules = rulesOf(model);
	const analysisMode = rules.segmentation ? text(source, 'analysisMode') || 'general' : 'general';
	const segmentation = analysisMode === 'time_based_metadata';
	const rawOptions = (source.get('options', {}) ?? {}) as IDataObject;
	const input: CreateInput = {
		video: await readVideo(source, rawOptions),
		model,
		analysisMode,
		options: readOptions(rawOptions, model, segmentation),
	};
	if (segmentation) {
		input.definitionsSource = text(source, 'definitionsSource') === 'json' ? 'json' : 'form';
		if (input.definitionsSource === 'json')
			input.definitionsJson = source.get('segmentDefinitionsJson', '');
		else input.definitions = await readDefinitions(source);
	} else {
		input.prompt = text(source, 'prompt');
		input.responseFormat = text(source, 'responseFormat') === 'jsonSchema' ? 'jsonSchema' : 'text';
		if (input.responseFormat === 'jsonSchema') input.jsonSchema = source.get('jsonSchema', '');
		if (rules.referenceImages && text(source, 'promptType') === 'textWithImages') {
			input.referenceImages = await readImages(
				source,
				'Reference Images',
				source.get('referenceImages', {}),
			);
		}
	}
	return input;
}
