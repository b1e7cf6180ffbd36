/**
 * The credential's Base URL: where every request goes, and the only place the API key may go.
 * One reading of it for the nodes (normalizeBaseUrl, then baseUrlProblem) and the same one as
 * an n8n expression for the requests n8n builds itself (the credential test).
 */

export const DEFAULT_BASE_URL = 'https://api.twelvelabs.io/v1.3';

/** A scheme such as `https:`; without one, a bare host such as api.twelvelabs.io/v1.3 is meant. */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The Base URL as requests use it: trimmed, `https://` before a bare host, no trailing slash. */
export function normalizeBaseUrl(value: unknown): string {
	const text = typeof value === 'string' && value.trim() !== '' ? value.trim() : DEFAULT_BASE_URL;
	return (SCHEME.test(text) ? text : `https://${text}`).replace(/\/+$/, '');
}

/** normalizeBaseUrl as an n8n expression over `$credentials.baseUrl` (the credential test's baseURL). */
export const BASE_URL_EXPRESSION = String.raw`={{ (/^[a-z][a-z0-9+.-]*:/i.test($credentials.baseUrl.trim()) ? "" : "https://") + $credentials.baseUrl.trim().replace(/\/+$/, "") }}`;

/**
 * What is wrong with a normalized Base URL, as a sentence, or undefined when it is usable:
 * http(s) only (no file: or javascript:), and no query, fragment or user info, which would be
 * sent along or silently dropped.
 */
export function baseUrlProblem(baseUrl: string): string | undefined {
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		return `The Base URL "${baseUrl}" is not a web address: it must look like ${DEFAULT_BASE_URL} (or http://… for a local simulator)`;
	}
	// `localhost:4010/v1.3` parses as the scheme `localhost:`: it is a host and port without https://.
	if (/^[^/]+:\d/.test(baseUrl) && !baseUrl.includes('://')) {
		return `The Base URL "${baseUrl}" has no https:// in front: write it like ${DEFAULT_BASE_URL} (http://127.0.0.1:4010/v1.3 for a local simulator)`;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return `The Base URL must start with https:// (or http://), not ${url.protocol}, e.g. ${DEFAULT_BASE_URL}`;
	}
	if (url.search !== '' || url.hash !== '' || baseUrl.includes('?') || baseUrl.includes('#')) {
		return `The Base URL must not contain a query (?…) or fragment (#…): use the address only, e.g. ${DEFAULT_BASE_URL}`;
	}
	if (url.username !== '' || url.password !== '') {
		return 'The Base URL must not contain a user name or password: the API key goes in its own field';
	}
	return undefined;
}
