/**
 * The credential's "Test" button, through n8n's own endpoint (`POST /rest/credentials/test`,
 * cookie-authenticated as the editor calls it): n8n runs the credential's test request
 * against the simulator and applies its rules.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { N8N_MAJOR, SIM_API_KEY, clientsFor, timed, useEnvironment } from './support/environment.mjs';

const state = await useEnvironment(after);
const { login } = clientsFor(state);
let rest;
before(async () => {
	rest = await login();
});

/**
 * The message of a failed test for an HTTP error. n8n 2.x applies the credential's
 * `responseCode` rules (our sentences); 1.x's tester never sees the status of a failed test
 * request (its error carries no response) and shows n8n's own text for the status.
 */
const failureMessage = {
	401: N8N_MAJOR >= 2 ? /^The API key was rejected/ : /^Authorization failed - please check your credentials$/,
	404: N8N_MAJOR >= 2 ? /^The Base URL does not point at the TwelveLabs API/ : /^The resource you are requesting could not be found$/,
};

const testCredential = async (data) =>
	await rest.post('/credentials/test', {
		credentials: { id: state.credential.id, name: state.credential.name, type: 'twelveLabsApi', data },
	});

test('credential test: a good key connects', async () => {
	await timed('credential test (good key)', async () => {
		const result = await testCredential({ apiKey: SIM_API_KEY, baseUrl: `${state.simRoot}/v1.3` });
		assert.deepEqual(result, { status: 'OK', message: 'Connection successful!' });
	});
});

test('credential test: a bad key is rejected with a clear message', async () => {
	await timed('credential test (bad key)', async () => {
		const result = await testCredential({ apiKey: 'not-a-valid-key', baseUrl: `${state.simRoot}/v1.3` });
		assert.equal(result.status, 'Error');
		assert.match(result.message, failureMessage[401]);
	});
});

test('credential test: a base URL without /v1.3 is explained', async () => {
	await timed('credential test (wrong base URL)', async () => {
		const result = await testCredential({ apiKey: SIM_API_KEY, baseUrl: `${state.simRoot}/v1` });
		assert.equal(result.status, 'Error');
		assert.match(result.message, failureMessage[404]);
	});
});

test('credential test: a base URL with a trailing slash works', async () => {
	await timed('credential test (trailing slash)', async () => {
		const result = await testCredential({ apiKey: SIM_API_KEY, baseUrl: `${state.simRoot}/v1.3/` });
		assert.equal(result.status, 'OK', result.message);
	});
});

test('credential test: a server that answers 200 with a web page is not the API', async () => {
	await timed('credential test (HTML page)', async () => {
		// n8n's own address answers every path with its editor page.
		const result = await testCredential({ apiKey: 'not-a-valid-key', baseUrl: state.n8nUrl });
		assert.equal(result.status, 'Error', result.message);
		assert.match(result.message, /not the TwelveLabs API/);
	});
});
