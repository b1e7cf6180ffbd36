// Every test file: watch the console and stdout/stderr, and fail the file if a test API key
// shows up in anything printed (n8n's logger, errors, retries that ran out).
const { watchOutput, leakedLines } = require('./harness/secrets');

watchOutput();

afterAll(() => {
	const leaks = leakedLines();
	if (leaks.length > 0) {
		throw new Error(`The API key appeared in ${leaks.length} log line(s), e.g.: ${leaks[0].slice(0, 200)}`);
	}
});
