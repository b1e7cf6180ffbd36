/**
 * What a create request is made of, as read from the form or from JSON, before any check;
 * the limits and model rules the checks apply. Pure data: no n8n, no HTTP.
 */
import type { AnalysisMode, TimestampFormat } from '../api/types';

/** A parameter the user must change: `field` is the label path as the form shows it. */
export class InvalidParameterError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly fix: string,
	) {
		super(`'${field}' ${problem}`);
		this.name = 'InvalidParameterError';
	}
}

export const MAX_BASE64_SOURCE_BYTES = 30 * 1024 * 1024;
export const MAX_MEDIA_SOURCES = 4;
export const MAX_SEGMENT_DEFINITIONS = 20;
export const MAX_ENUM_VALUES = 100;
/** SegmentField: "These names … are reserved and cannot be used for timestamp fields." */
export const RESERVED_TIMESTAMP_FIELD_NAMES = ['start_time', 'end_time', 'metadata'];
export const FIELD_TYPES = [
	'string',
	'boolean',
	'number',
	'integer',
	'array',
	'timestamp',
] as const;
export const ARRAY_ITEM_TYPES = ['string', 'number', 'boolean', 'integer'] as const;
export const TIMESTAMP_FORMATS: TimestampFormat[] = ['seconds', 'hh:mm:ss', 'hh:mm:ss.fff'];
export const CUSTOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export type ImageInput =
	| { name: string; source: 'url'; url: string }
	| { name: string; source: 'assetId'; assetId: string }
	| { name: string; source: 'binary'; base64: string; sizeBytes: number };

export type VideoInput =
	| { source: 'url'; url: string }
	| { source: 'assetId'; assetId: string }
	| { source: 'binary'; base64: string; sizeBytes: number }
	/** A binary above the inline limit, to be uploaded as an asset first (task/videoUpload.ts). */
	| {
			source: 'upload';
			propertyName: string;
			fileName: string;
			mimeType: string | undefined;
			sizeBytes: number;
	  };

export interface FieldInput {
	name: string;
	type: string;
	description: string;
	/** In the form: a JSON list, one value per line, or comma-separated; a list from JSON. */
	enumValues?: string | string[];
	itemType?: string;
	format?: string;
}

export interface DefinitionInput {
	id: string;
	description: string;
	fields: FieldInput[];
	referenceImages: ImageInput[];
	timeRanges: Array<{ startTime: number; endTime: number }>;
}

export interface CreateOptions {
	temperature?: number;
	maxTokens?: number;
	startTime?: number;
	endTime?: number;
	customId?: string;
	minSegmentDuration?: number;
	maxSegmentDuration?: number;
	segmentTimeFormat?: string;
}

export interface CreateInput {
	video: VideoInput;
	model: string;
	analysisMode: AnalysisMode | string;
	prompt?: string;
	/** Reference images turn the prompt into `prompt_v2` (Pegasus 1.5). */
	referenceImages?: ImageInput[];
	responseFormat?: 'text' | 'jsonSchema';
	jsonSchema?: unknown;
	definitionsSource?: 'form' | 'json';
	definitions?: DefinitionInput[];
	definitionsJson?: unknown;
	options: CreateOptions;
}
