'use strict';
/**
 * The simulator's declarations (test/simulator/index.d.ts) are generated from the JSDoc of
 * test/simulator/index.js and the modules it loads, with tsc (test/simulator/tsconfig.json).
 * tsc writes a declaration for every module into a temporary folder; only index.d.ts is kept:
 * what it imports (./simulator, ./faults, …) TypeScript reads from the JavaScript itself
 * (allowJs), so no declaration stands between a test and the code it types.
 *
 *   node test/unit/simulatorTypes.js   (npm run types:simulator) rewrites index.d.ts
 *   generateIndexDeclarations()        what index.d.ts should hold now (simulatorTypes.test.ts)
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const SIMULATOR_DIR = path.resolve(__dirname, '../simulator');
const TSCONFIG = path.join(SIMULATOR_DIR, 'tsconfig.json');
const COMMITTED = path.join(SIMULATOR_DIR, 'index.d.ts');
const HEADER =
	'// Generated from the JSDoc of index.js and the modules it loads by `npm run types:simulator`.\n' +
	'// Do not edit: change the JSDoc, then regenerate.\n' +
	'/* eslint-disable import-x/no-duplicates -- tsc writes one import per name */\n';

function generateIndexDeclarations() {
	const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simulator-types-'));
	try {
		execFileSync(
			process.execPath,
			[require.resolve('typescript/bin/tsc'), '-p', TSCONFIG, '--outDir', outDir],
			{ stdio: 'pipe' },
		);
		return HEADER + fs.readFileSync(path.join(outDir, 'index.d.ts'), 'utf8');
	} finally {
		fs.rmSync(outDir, { recursive: true, force: true });
	}
}

function committedIndexDeclarations() {
	return fs.readFileSync(COMMITTED, 'utf8');
}

if (require.main === module) {
	fs.writeFileSync(COMMITTED, generateIndexDeclarations());
	console.log(`Wrote ${path.relative(process.cwd(), COMMITTED)}`);
}

module.exports = { generateIndexDeclarations, committedIndexDeclarations, COMMITTED };
