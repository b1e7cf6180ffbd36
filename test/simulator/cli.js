#!/usr/bin/env node
'use strict';
/**
 * `npm run simulator`: starts the simulator on 127.0.0.1 for a local n8n or manual use.
 *   --port N        (env TWELVELABS_SIM_PORT, default 4010)
 *   --api-key KEY   (env TWELVELABS_SIM_API_KEY, default sim-key)
 *   --speed X       sim ms per real ms (default 1)
 *   --seed N        (default 1)
 *   --error-shape flat|nested|mixed, --failure-rate F, --rate-per-minute N, --rate-per-day N
 *   --profile full|sparse|documented (sparse answers, or the reference's error wording)
 */
const { createSimulator, profileOptions } = require('./index');

function parseArgs(argv) {
	const args = {};
	for (let i = 0; i < argv.length; i++) {
		const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
		if (!match) throw new Error(`Unexpected argument ${argv[i]}`);
		args[match[1]] = match[2] ?? argv[++i];
	}
	return args;
}

function numberArg(value, name) {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isFinite(n)) throw new Error(`--${name} needs a number, got ${value}`);
	return n;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if ('help' in args) {
		process.stdout.write(require('node:fs').readFileSync(__filename, 'utf8').split('\n').slice(3, 10).join('\n') + '\n');
		return;
	}
	const port = numberArg(args.port ?? process.env.TWELVELABS_SIM_PORT ?? '4010', 'port');
	const apiKey = args['api-key'] ?? process.env.TWELVELABS_SIM_API_KEY ?? 'sim-key';
	const sim = createSimulator({
		...profileOptions(args.profile ?? 'full'),
		apiKeys: [apiKey],
		speed: numberArg(args.speed, 'speed'),
		seed: numberArg(args.seed, 'seed'),
		errorShape: args['error-shape'],
		failureRate: numberArg(args['failure-rate'], 'failure-rate'),
		rateLimit: { perMinute: numberArg(args['rate-per-minute'], 'rate-per-minute'), perDay: numberArg(args['rate-per-day'], 'rate-per-day') },
	});
	const { url } = await sim.start(port);
	process.stdout.write(`TwelveLabs simulator listening\n  base URL: ${url}\n  API key:  ${apiKey}\n  control:  ${url.replace(/\/v1\.3$/, '')}/__sim/health\n`);
	const shutdown = async (signal) => {
		process.stdout.write(`\n${signal}: stopping the simulator\n`);
		await sim.stop();
		process.exit(0);
	};
	process.once('SIGINT', () => shutdown('SIGINT'));
	process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error) => {
	process.stderr.write(`simulator: ${error.message}\n`);
	process.exit(1);
});
