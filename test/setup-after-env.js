// Every test file: n8n's logger writes into memory, and the file fails if a test API key shows
// up in anything logged or printed, or if anything is printed other than through the logger.
const { watchOutput, leakedLines, unexpectedOutput } = require('./harness/secrets');

watchOutput();

afterAll(() => {
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
