/**
 * fromBinaryStore (nodes/TwelveLabs/asset/fileSource.ts): a read of n8n's binary data store that
 * fails becomes a refusal naming the field, the store and the fix for that store.
 */
import { InvalidParameterError } from '../../../nodes/TwelveLabs/createRequest/input';
import { binaryStoreOf, fromBinaryStore } from '../../../nodes/TwelveLabs/asset/fileSource';
import { rejectionOf } from '../rejection';

describe('fromBinaryStore', () => {
	it('names the store by the binary id', () => {
		expect(binaryStoreOf('filesystem-v2:workflows/1/executions/2/binary_data/x')).toBe('filesystem');
		expect(binaryStoreOf('database:x')).toBe('database');
		expect(binaryStoreOf('s3:x')).toBe('s3');
		expect(binaryStoreOf(undefined)).toBe('memory');
	});

	it('gives what the store gives', async () => {
		await expect(fromBinaryStore('Input Binary Field', 'data', 'database:x', async () => 'bytes')).resolves.toBe('bytes');
	});

	it('a filesystem store without the file: the shared folder queue mode needs', async () => {
		const error = await rejectionOf(
			fromBinaryStore('Input Binary Field', 'video', 'filesystem-v2:a', async () => {
				throw new Error('File not found');
			}),
			InvalidParameterError,
		);
		expect(error.message).toBe(
			'\'Input Binary Field\' names the binary field "video", whose file n8n\'s binary data store (filesystem) could not give: File not found',
		);
		expect(error.fix).toMatch(/N8N_BINARY_DATA_STORAGE_PATH/);
	});

	it('another store: reach the same store as the main instance', async () => {
		const error = await rejectionOf(
			fromBinaryStore('Input Binary Field', 'data', 'database:x', async () => {
				throw new Error('connection refused');
			}),
			InvalidParameterError,
		);
		expect(error.message).toMatch(/binary data store \(database\) could not give: connection refused$/);
		expect(error.fix).toMatch(/^Check that this n8n process reaches the same binary data store/);
	});
});
