'use strict';
/**
 * The large-upload benchmark scenario: the built node's Asset › Create uploads one large video
 * (1 GiB by default) from n8n's binary data service in filesystem mode, through n8n-core's
 * engine, to the simulator's multipart routes. The file is generated as a stream straight into
 * the binary store (it is never in memory as a whole). While the node runs, memory is sampled
 * every 10 ms; then the naive way, reading the whole binary into one Buffer (what
 * getBinaryDataBuffer does), is measured the same way, for comparison.
 *
 * Memory figures are peaks above the figure just before the run (MiB): RSS, V8 heap, and
 * Buffers (arrayBuffers: outside the V8 heap, where file bytes live). Requires --expose-gc for
 * a clean baseline (bench.sh passes it).
 */
const { Readable } = require('node:stream');
const { createSimulator } = require('../simulator');
const { runNode, storeBinary } = require('../harness/engine');

const API_KEY = 'tlk_bench_key_not_a_secret';
const MiB = 1024 * 1024;

/** A stream of `size` bytes, 1 MiB at a time, varying from MiB to MiB. */
function generated(size) {
	async function* pieces() {
		for (let offset = 0; offset < size; offset += MiB) {
			const piece = Buffer.alloc(Math.min(MiB, size - offset), (offset / MiB) % 251);
			yield piece;
		}
	}
	return Readable.from(pieces(), { objectMode: false });
}

/** Samples memory every 10 ms while `work` runs; peaks above the starting figures, in MiB. */
async function measured(work) {
	global.gc?.();
	const start = process.memoryUsage();
	const peak = { rss: start.rss, heapUsed: start.heapUsed, arrayBuffers: start.arrayBuffers };
	const sample = () => {
		const now = process.memoryUsage();
		for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], now[key]);
	};
	const timer = setInterval(sample, 10);
	const started = Date.now();
	let result;
	try {
		result = await work();
		sample();
	} finally {
		clearInterval(timer);
	}
	const above = (key) => Math.round(((peak[key] - start[key]) / MiB) * 10) / 10;
	return {
		result,
		wallMs: Date.now() - started,
		peakRssMiB: above('rss'),
		peakHeapMiB: above('heapUsed'),
		peakBuffersMiB: above('arrayBuffers'),
	};
}

async function runAssetUpload({ sizeMiB = 1024, log = () => {} } = {}) {
	const size = sizeMiB * MiB;
	const sim = createSimulator({ apiKeys: [API_KEY], seed: 1, uploads: { processing: { minMs: 100, maxMs: 200 } } });
	const { url } = await sim.start(0);
	try {
		log(`storing a ${sizeMiB} MiB file in the filesystem binary store`);
		const binary = await storeBinary(generated(size), { fileName: 'large.mp4', mimeType: 'video/mp4' });
		log('uploading it with Asset › Create');
		const ours = await measured(() =>
			runNode({
				parameters: { resource: 'asset', operation: 'create' },
				credentials: { apiKey: API_KEY, baseUrl: url },
				items: [{ json: {}, binary: { data: binary } }],
			}),
		);
		if (ours.result.error) throw new Error(`The upload failed: ${ours.result.error.message}`);
		const [upload] = sim.uploads();
		const counts = sim.counts().byRoute;
		const stats = sim.stats();
		log('reading the same binary into one Buffer (the naive way)');
		const { BinaryDataService } = require('n8n-core');
		const { Container } = require(require.resolve('@n8n/di', { paths: [require('node:path').dirname(require.resolve('n8n-core/package.json'))] }));
		const naive = await measured(async () => (await Container.get(BinaryDataService).getAsBuffer(binary)).length);
		return {
			sizeMiB,
			chunkSizeMiB: upload.chunkSize / MiB,
			chunks: upload.totalChunks,
			chunksInFlight: 3,
			uploadStatus: upload.status,
			bytesStored: upload.uploadedSize,
			chunkPuts: stats.chunkPuts,
			duplicateChunkPuts: stats.duplicateChunkPuts,
			apiRequests: Object.entries(counts)
				.filter(([route]) => !route.includes('/_storage/'))
				.reduce((sum, [, count]) => sum + count, 0),
			ours: { wallMs: ours.wallMs, peakRssMiB: ours.peakRssMiB, peakHeapMiB: ours.peakHeapMiB, peakBuffersMiB: ours.peakBuffersMiB },
			naive: { wallMs: naive.wallMs, bytesRead: naive.result, peakRssMiB: naive.peakRssMiB, peakHeapMiB: naive.peakHeapMiB, peakBuffersMiB: naive.peakBuffersMiB },
		};
	} finally {
		await sim.stop();
	}
}

module.exports = { runAssetUpload, measured };
