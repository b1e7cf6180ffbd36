/**
 * multipart/form-data bodies, built here because the package has no runtime dependencies:
 * text fields, then at most one file part whose bytes are streamed (never gathered into one
 * buffer when they come as a stream). Content-Length is known up front, so nothing is chunked.
 */
import { randomBytes } from 'crypto';
import type { RawBody } from './transport';

/** The bytes of a file part: a buffer already in memory, or a stream opened for this attempt. */
export type FileBytes = Buffer | StreamLike;

/** What a Node.js Readable offers; n8n's binary data service hands out such streams. */
export interface StreamLike extends AsyncIterable<Buffer> {
	pipe: (...args: never[]) => unknown;
}

export interface FilePart {
	name: string;
	filename: string;
	contentType: string;
	size: number;
	open: () => Promise<FileBytes>;
}

/** A header value cannot carry quotes or line breaks. */
function quoted(value: string): string {
	return `"${value.replace(/["\r\n\\]/g, '_')}"`;
}

interface ReadableClass {
	from(iterable: AsyncIterable<Buffer>, options?: { objectMode: boolean }): StreamLike;
}

/**
 * Node's Readable class, found on a stream n8n handed out (nodes may not import 'stream'):
 * the HTTP helper sends a body as a stream only when it is one.
 */
function readableClassOf(stream: StreamLike): ReadableClass {
	let prototype = Object.getPrototypeOf(stream) as { constructor?: unknown } | null;
	while (prototype) {
		const candidate = prototype.constructor as { name?: string; from?: unknown } | undefined;
		if (candidate?.name === 'Readable' && typeof candidate.from === 'function') {
			return candidate as unknown as ReadableClass;
		}
		prototype = Object.getPrototypeOf(prototype) as { constructor?: unknown } | null;
	}
	throw new Error('The binary data stream is not a Node.js Readable');
}

/** Builds one multipart/form-data body; the file part (if any) comes last. */
export async function formDataBody(
	fields: Record<string, string | undefined>,
	file?: FilePart,
): Promise<RawBody> {
	const boundary = `----TwelveLabsN8n${randomBytes(12).toString('hex')}`;
	const head: string[] = [];
	for (const [name, value] of Object.entries(fields)) {
		if (value === undefined) continue;
		head.push(`--${boundary}\r\nContent-Disposition: form-data; name=${quoted(name)}\r\n\r\n${value}\r\n`);
	}
	if (file) {
		head.push(
			`--${boundary}\r\nContent-Disposition: form-data; name=${quoted(file.name)}; filename=${quoted(file.filename)}\r\nContent-Type: ${file.contentType}\r\n\r\n`,
		);
	}
	const preamble = Buffer.from(head.join(''), 'utf8');
	const epilogue = Buffer.from(`${file ? '\r\n' : ''}--${boundary}--\r\n`, 'utf8');
	const headers = {
		'Content-Type': `multipart/form-data; boundary=${boundary}`,
		'Content-Length': String(preamble.length + (file?.size ?? 0) + epilogue.length),
	};
	if (!file) return { body: Buffer.concat([preamble, epilogue]), headers };
	const bytes = await file.open();
	if (Buffer.isBuffer(bytes)) return { body: Buffer.concat([preamble, bytes, epilogue]), headers };
	const stream = bytes as StreamLike;
	async function* parts(): AsyncGenerator<Buffer> {
		yield preamble;
		for await (const chunk of stream) yield chunk;
		yield epilogue;
	}
	return { body: readableClassOf(stream).from(parts(), { objectMode: false }), headers };
}
