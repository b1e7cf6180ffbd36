/**
 * The small checks every part of a create request uses. Each failure is an
 * InvalidParameterError that names the field as the form shows it and says how to fix it.
 */
import { InvalidParameterError, MAX_BASE64_SOURCE_BYTES } from './input';

/** Where each create parameter sits in the form, as error messages name it. */
export const LABELS = {
	videoUrl: 'Video URL',
	assetId: 'Asset ID',
	binary: 'Input Binary Field',
	model: 'Model',
	mode: 'Analysis Mode',
	prompt: 'Prompt',
	images: 'Reference Images',
	jsonSchema: 'JSON Schema',
	definitions: 'Segment Definitions',
	definitionsJson: 'Segment Definitions (JSON)',
	temperature: 'Options › Temperature',
	maxTokens: 'Options › Max Tokens',
	startTime: 'Options › Analyze From (Seconds)',
	endTime: 'Options › Analyze Until (Seconds)',
	customId: 'Options › Custom ID',
	minSegment: 'Options › Shortest Segment (Seconds)',
	maxSegment: 'Options › Longest Segment (Seconds)',
	timeFormat: 'Options › Segment Time Format',
};

export function fail(field: string, problem: string, fix: string): never {
	throw new InvalidParameterError(field, problem, fix);
}

export function isBlank(value: unknown): boolean {
	return typeof value !== 'string' || value.trim() === '';
}

/**
 * A name or ID whose siblings must each have their own: not empty, trimmed, not already in
 * `taken` (to which it is added). `noun` names it in the refusal ("ID", "name").
 */
export function distinctName(
	label: string,
	value: string,
	taken: Set<string>,
	fix: { noun: string; empty: string; repeated: string },
): string {
	if (isBlank(value)) fail(label, 'is empty', fix.empty);
	const name = value.trim();
	if (taken.has(name)) fail(label, `repeats the ${fix.noun} "${name}"`, fix.repeated);
	taken.add(name);
	return name;
}

/** A list of at most `max` entries (`noun`: what they are, plural). */
export function checkAtMost(
	label: string,
	count: number,
	max: number,
	noun: string,
	fix: string,
): void {
	if (count > max) fail(label, `has ${count} ${noun}; at most ${max} are allowed`, fix);
}

export function checkHttpUrl(field: string, value: string, httpsOnly: boolean): void {
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		fail(
			field,
			`is not a valid URL ("${value}")`,
			'Enter a full link such as https://example.com/video.mp4.',
		);
	}
	const allowed = httpsOnly ? ['https:'] : ['https:', 'http:'];
	if (!allowed.includes(url.protocol)) {
		fail(
			field,
			`must start with ${httpsOnly ? 'https://' : 'http:// or https://'}`,
			'Use a public web link to the file.',
		);
	}
}

/** `tooLargeFix` replaces the usual fix (a public URL or an asset) where the form offers another. */
export function checkBinarySize(field: string, sizeBytes: number, tooLargeFix?: string): void {
	if (sizeBytes > MAX_BASE64_SOURCE_BYTES) {
		fail(
			field,
			`holds a file of ${(sizeBytes / 1024 / 1024).toFixed(1)} MB, above the 30 MB TwelveLabs accepts inline`,
			tooLargeFix ??
				'Upload the file somewhere public and use Video Source "URL", or upload it to TwelveLabs as an asset and use "Asset ID".',
		);
	}
	if (sizeBytes === 0)
		fail(field, 'holds an empty file', 'Check the node before this one: it produced no data.');
}

export function parseJsonParameter(field: string, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') fail(field, 'is empty', 'Enter JSON, or switch back to the form.');
	try {
		return JSON.parse(value);
	} catch (error) {
		return fail(
			field,
			`is not valid JSON (${(error as Error).message})`,
			'Fix the JSON syntax: double quotes around names and strings, no trailing commas.',
		);
	}
}

export function checkNumber(
	field: string,
	value: number | undefined,
	min: number,
	max: number,
	fix: string,
): void {
	if (value === undefined) return;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
		fail(field, `is ${String(value)}, outside ${min}–${max}`, fix);
	}
}
