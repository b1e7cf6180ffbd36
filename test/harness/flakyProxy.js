/**
 * A stand-in for an unreliable network in front of n8n: forwards POSTs (their body and
 * TL-Signature) to `target`, but answers every `failEvery`-th one 503 itself, so the sender must
 * retry. Used to make the simulator's webhook deliveries meet failures.
 */
const http = require('node:http');

async function flakyProxy(target, { failEvery = 3 } = {}) {
	let count = 0;
	const server = http.createServer((req, res) => {
		count++;
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			if (count % failEvery === 0) {
				res.statusCode = 503;
				res.end('busy');
				return;
			}
			const headers = { 'content-type': 'application/json' };
			if (req.headers['tl-signature'] !== undefined) headers['tl-signature'] = String(req.headers['tl-signature']);
			fetch(target, { method: 'POST', headers, body: Buffer.concat(chunks) })
				.then(async (answer) => {
					res.statusCode = answer.status;
					res.end(await answer.text());
				})
				.catch(() => {
					res.statusCode = 502;
					res.end('unreachable');
				});
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}/hook`,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

module.exports = { flakyProxy };
