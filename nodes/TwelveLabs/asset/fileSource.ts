/**
 * The bytes of a binary field, read in pieces: from n8n's binary data service as a stream
 * (binaries stored with an id: filesystem, database, S3) or, for a binary held in the item
 * (base64, n8n's default mode), decoded piece by piece. Nothing here holds the whole file
 * beyond what n8n already holds.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import type { FileBytes, StreamLike } from '../api/formData';
import { fail } from '../createRequest/checks';

export interface FileSource {
	fileName: string;
	mimeType: string | undefined;
	/** Exact size in bytes (the binary data service's metadata, or the decoded base64 length). */
	size: number;
	/** The whole file for one direct upload: a stream, or (in-memory binaries) the bytes. */
	open(): Promise<FileBytes>;
	/** The file in pieces of exactly `chunkSize` bytes (the last may be shorter), in order. */
	chunks(chunkSize: number): AsyncGenerator<Buffer>;
}

/** The store n8n keeps a binary in, from its id (`filesystem-v2:…`, `database:…`, `s3:…`). */
export function binaryStoreOf(id: string | undefined): string {
	const mode = (id ?? '').split(':')[0];
	return mode === 'filesystem-v2' ? 'filesystem' : mode || 'memory';
}

const UNREADABLE_FIX: Record<string, string> = {
	filesystem:
		'In queue mode the workers read the files the main instance stored: with filesystem binary data (N8N_DEFAULT_BINARY_DATA_MODE=filesystem) every n8n process must use one shared N8N_BINARY_DATA_STORAGE_PATH folder; or use database binary data (the queue-mode default) or S3. Otherwise the file is gone (n8n deletes an execution\'s files when it prunes it): run the node that made it again.',
	other:
		'Check that this n8n process reaches the same binary data store as the one that stored the file (database or S3 settings as on the main instance), or run the node that made it again: n8n deletes an execution\'s files when it prunes it.',
};

/**
 * What n8n's binary data store gives for a binary, read with `read` before any request; a
 * store that cannot give it (in queue mode: a worker without the disk the main instance wrote
 * to) is refused naming `field`.
 */
export async function fromBinaryStore<T>(
	field: string,
	propertyName: string,
	id: string | undefined,
	read: () => Promise<T>,
): Promise<T> {
	try {
		return await read();
	} catch (error) {
		const store = binaryStoreOf(id);
		const reason = error instanceof Error ? error.message : String(error);
		fail(
			field,
			`names the binary field "${propertyName}", whose file n8n's binary data store (${store}) could not give: ${reason}`,
			UNREADABLE_FIX[store] ?? UNREADABLE_FIX.other,
		);
	}
}

/** Cuts a stream into pieces of exactly `chunkSize` bytes; holds at most one chunk beside the piece read. */
export async function* rechunk(
	stream: AsyncIterable<Buffer>,
	chunkSize: number,
): AsyncGenerator<Buffer> {
	let parts: Buffer[] = [];
	let length = 0;
	for await (const piece of stream) {
		let offset = 0;
		// Whole chunks inside one piece go out as views of it, without a copy.
		while (length === 0 && piece.length - offset >= chunkSize) {
			yield piece.subarray(offset, offset + chunkSize);
			offset += chunkSize;
		}
		while (offset < piece.length) {
			const take = Math.min(chunkSize - length, piece.length - offset);
			parts.push(piece.subarray(offset, offset + take));
			length += take;
			offset += take;
			if (length === chunkSize) {
				yield Buffer.concat(parts, length);
				parts = [];
				length = 0;
			}
		}
	}
	if (length > 0) yield Buffer.concat(parts, length);
}

/** Bytes [start, end) of a base64 text, decoding only that stretch. */
export function base64Range(data: string, start: number, end: number): Buffer {
	const from = Math.floor(start / 3) * 4;
	const to = Math.ceil(end / 3) * 4;
	const decoded = Buffer.from(data.slice(from, to), 'base64');
	return decoded.subarray(start % 3, start % 3 + (end - start));
}

/** Read size used for streams of the binary data service. */
const STREAM_READ_BYTES = 1024 * 1024;

/**
 * The binary field `propertyName` of an input item; refused naming `field` when the item
 * has none. Reads metadata only, never the bytes.
 */
export async function fileSourceOf(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	propertyName: string,
): Promise<FileSource> {
	let binary: IBinaryData;
	try {
		binary = context.helpers.assertBinaryData(itemIndex, propertyName);
	} catch {
		fail(
			field,
			`names the binary field "${propertyName}", which the input item does not have`,
			'Enter the name of a binary field of the input item (often "data"), or check the node before this one.',
		);
	}
	const id = binary.id;
	if (id) {
		const metadata = await fromBinaryStore(field, propertyName, id, async () => await context.helpers.getBinaryMetadata(id));
		const open = async (readBytes = STREAM_READ_BYTES) =>
			(await context.helpers.getBinaryStream(id, readBytes)) as unknown as StreamLike;
		return {
			fileName: binary.fileName ?? metadata.fileName ?? 'file',
			mimeType: binary.mimeType ?? metadata.mimeType,
			size: Number(metadata.fileSize),
			open: async () => await open(),
			// Read a chunk at a time: each piece is one chunk, sent without a copy.
			chunks: async function* (chunkSize) {
				yield* rechunk(await open(chunkSize), chunkSize);
			},
		};
	}
	const data = typeof binary.data === 'string' ? binary.data : '';
	const size = Buffer.byteLength(data, 'base64');
	return {
		fileName: binary.fileName ?? 'file',
		mimeType: binary.mimeType,
		size,
		open: async () => Buffer.from(data, 'base64'),
		chunks: async function* (chunkSize) {
			for (let start = 0; start < size; start += chunkSize) {
				yield base64Range(data, start, Math.min(size, start + chunkSize));
			}
		},
	};
}
