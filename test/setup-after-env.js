// Every test file: n8n's logger writes into memory, and the file fails if a test API key shows
// up in anything logged or printed, or if anything is printed other than through the logger.
const fs = require('node:fs');
const { watchOutput, leakedLines, unexpectedOutput } = require('./harness/secrets');

watchOutput();

afterAll(() => {
	// The throwaway n8n home of test/setup-env.js: one per test file, gone with it.
	if (process.env.TL_N8N_HOME_IS_THROWAWAY === '1') {
		fs.rmSync(process.env.N8N_USER_FOLDER, { recursive: true, force: true });
	}
	const leaks = leakedLines();
	if (leaks.length > 0) {
		throw new Error(
			`The API key appeared in ${leaks.length} log line(s), e.g.: ${leaks[0].slice(0, 200)}`,
		);
	}
	const unexpected = unexpectedOutput();
	if (unexpected.length > 0) {
		throw new Error(
			`${unexpected.length} unexpected line(s) printed, e.g.: ${unexpected[0].slice(0, 300)}`,
		);
	}
});
