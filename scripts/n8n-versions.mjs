/**
 * Which n8n `npm start`, `npm run test:e2e` and `npm run test:queue` run, and on which Node.
 * The supported versions are pinned in scripts/settings.env, one per n8n line; the choice is
 * `--n8n <spec>` (parsed by scripts/lib.sh) or TWELVELABS_N8N_VERSION, where <spec> is an
 * exact version or a line: `1`, `1.x`, `1.123.x`, `2`, `2.x`, `2.41.x`. An exact version that
 * is not pinned is allowed (installed into the cache like the others) for trying a new
 * release; it runs on the Node of its major.
 *
 * As a command (used by lib.sh): `node scripts/n8n-versions.mjs <spec>` prints shell
 * assignments: N8N_VERSION, N8N_MAJOR, N8N_NODE_VERSION, N8N_OVERRIDES (npm overrides for its
 * install, JSON); or an error and exit code 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** scripts/settings.env, the facts lib.sh shares with the Node side. */
export const SETTINGS = Object.fromEntries(
	fs.readFileSync(path.join(REPO_ROOT, 'scripts/settings.env'), 'utf8')
		.split('\n')
		.filter((line) => /^[A-Z0-9_]+=/.test(line))
		.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).trim().replace(/^'(.*)'$/, '$1')]),
);

/** The pinned versions, the default first. */
export const SUPPORTED = [SETTINGS.N8N_VERSION, SETTINGS.N8N_V1_VERSION];

/** The Node each n8n major runs on here. */
const NODE_FOR_MAJOR = { 1: SETTINGS.NODE22_VERSION, 2: SETTINGS.NODE24_VERSION };

/**
 * npm `overrides` for the install of each major. n8n 1.x's n8n-nodes-base depends on xlsx
 * 0.20.2 as a tarball URL on SheetJS's own download server, which this machine cannot reach
 * (the whole install fails); the override takes xlsx from the npm registry instead: 0.18.5,
 * the last version SheetJS published there. Only n8n's spreadsheet nodes use it.
 */
const OVERRIDES_FOR_MAJOR = { 1: { xlsx: '0.18.5' }, 2: {} };

/** `{ version, major, nodeVersion }` for a spec (empty: the default), or throws with the choices. */
export function resolveN8nVersion(spec = '') {
	const wanted = String(spec).trim().replace(/^n8n@?/, '');
	let version;
	if (!wanted) version = SETTINGS.N8N_VERSION;
	else if (/^\d+\.\d+\.\d+$/.test(wanted)) version = wanted;
	else if (/^\d+(\.\d+)?(\.x)?$/.test(wanted)) {
		const prefix = `${wanted.replace(/\.x$/, '')}.`;
		version = SUPPORTED.find((candidate) => candidate.startsWith(prefix));
	}
	const major = Number(version?.split('.')[0]);
	if (!version || !NODE_FOR_MAJOR[major]) {
		throw new Error(
			`Unknown n8n version "${spec}". Supported: ${SUPPORTED.join(', ')} (e.g. --n8n 1.x, --n8n 2.x, or an exact version of n8n 1 or 2).`,
		);
	}
	return { version, major, nodeVersion: NODE_FOR_MAJOR[major], overrides: OVERRIDES_FOR_MAJOR[major] };
}

/**
 * What differs between the n8n majors for the code that boots and drives n8n (read from each
 * version's own `node_modules/n8n/dist`):
 * - `ownerFromEnv`: 2.x creates the owner from N8N_INSTANCE_OWNER_* at start; 1.x has no such
 *   settings, the owner is set up through `POST /rest/owner/setup` (as the setup page does).
 * - `manualRunSendsWorkflow`: 1.x's `POST /rest/workflows/:id/run` executes the workflow in its
 *   body (`workflowData`, as the 1.x editor sends it); 2.x reads the saved workflow.
 * Both have the same `/rest/login` body (`emailOrLdapLoginId`), the same `/rest/api-keys`
 * (label, expiresAt, scopes) and the same `/rest/credentials/test`. Left at each version's own
 * defaults, as users run them: SQLite; binary data in memory on 1.x (filesystem on 2.x); task
 * runners off on 1.x (always on in 2.x).
 */
export function n8nDifferences(major) {
	return { ownerFromEnv: major >= 2, manualRunSendsWorkflow: major < 2 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	try {
		const { version, major, nodeVersion, overrides } = resolveN8nVersion(process.argv[2]);
		process.stdout.write(`N8N_VERSION=${version}\nN8N_MAJOR=${major}\nN8N_NODE_VERSION=${nodeVersion}\nN8N_OVERRIDES='${JSON.stringify(overrides)}'\n`);
	} catch (error) {
		process.stderr.write(`[twelvelabs] ${error.message}\n`);
		process.exit(2);
	}
}
