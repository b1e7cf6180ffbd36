'use strict';
/**
 * API-shaped errors. The real API answers with two body shapes (flat and nested), and
 * clients must read both, so the simulator can send either or alternate between them.
 */

/**
 * How error bodies are shaped: flat `{code, message}`, nested `{error: {…}}`, or alternating.
 * @typedef {'flat' | 'nested' | 'mixed'} ErrorShape
 */

const DOCS_URL = 'https://docs.twelvelabs.io/v1.3/api-reference/error-codes';

/**
 * `message` is the simulator's own detailed wording; `documented` (when given) is the
 * wording of the API reference's error-codes page, sent in the 'documented' wording mode.
 */
class ApiError extends Error {
	constructor(status, code, message, headers, documented) {
		super(message);
		this.status = status;
		this.code = code;
		this.headers = headers || {};
		this.documented = documented ?? message;
	}
}

/** Tags an error with the parameter it names, so a caller can name it differently (renamed). */
const naming = (param, error) => Object.assign(error, { param });
const invalid = (param, why) =>
	naming(param, new ApiError(400, 'parameter_invalid', `The value of parameter '${param}' is invalid. ${why}`, undefined,
		`The ${param} parameter is invalid.`));
const missing = (param, why = '') =>
	naming(param, new ApiError(400, 'parameter_not_provided', `The parameter '${param}' is required.${why ? ` ${why}` : ''}`, undefined,
		`The ${param} parameter is required but was not provided.`));
const unknownParam = (param) =>
	naming(param, new ApiError(400, 'parameter_unknown', `The parameter '${param}' is unknown. Remove it from the request.`, undefined,
		`The ${param} parameter is unknown.`));
/** The reference quotes the 422 text for string lengths only; other keywords get the generic one. */
const unsupportedSchema = (param, why, keyword) =>
	naming(param, new ApiError(422, 'parameter_invalid', `The value of parameter '${param}' is invalid. ${why}`, undefined,
		keyword === 'minLength' || keyword === 'maxLength'
			? `String length constraints (${keyword}) are not supported.`
			: `The ${param} parameter is invalid.`));

/**
 * The same error naming `to` where it named its parameter (the batch routes name a task rule's
 * parameter as the batch body spells it, e.g. prompt_v2.input_text → requests[2].prompt.input_text).
 * An error without a tagged parameter gets `to` as a prefix.
 */
function renamed(error, from, to) {
	const swap = (text) => (error.param ? text.split(error.param).join(`${to}${error.param.slice(from.length)}`) : `${to}: ${text}`);
	const copy = new ApiError(error.status, error.code, swap(error.message), error.headers, swap(error.documented));
	if (error.param) copy.param = `${to}${error.param.slice(from.length)}`;
	return copy;
}
const notFound = (id, collection = 'analyze tasks') =>
	new ApiError(404, 'resource_not_exist', `Resource with id ${id} does not exist in ${collection}.`);

const WORDINGS = ['simulator', 'documented'];

/**
 * Chooses the body shape of each error response. 'mixed' alternates flat/nested so one
 * test run meets both shapes. The wording is the simulator's detailed one or the reference's.
 */
class ErrorShaper {
	constructor(shape = 'flat', wording = 'simulator') {
		this.setShape(shape);
		this.setWording(wording);
	}

	setWording(wording) {
		if (!WORDINGS.includes(wording)) throw new Error(`errorWording must be one of ${WORDINGS.join(', ')}, got ${wording}`);
		this.wording = wording;
	}

	/** The message an ApiError is sent with. */
	messageOf(error) {
		return this.wording === 'documented' ? error.documented : error.message;
	}

	setShape(shape) {
		if (!['flat', 'nested', 'mixed'].includes(shape)) {
			throw new Error(`errorShape must be 'flat', 'nested' or 'mixed', got ${shape}`);
		}
		this.shape = shape;
		this.count = 0;
	}

	body(code, message) {
		const nested = this.shape === 'nested' || (this.shape === 'mixed' && this.count % 2 === 1);
		this.count++;
		return nested ? { error: { code, message } } : { code, message, docs_url: DOCS_URL };
	}
}

module.exports = { ApiError, ErrorShaper, invalid, missing, unknownParam, unsupportedSchema, notFound, renamed, DOCS_URL };
