'use strict';
/**
 * API-shaped errors. The real API answers with two body shapes (flat and nested), and
 * clients must read both, so the simulator can send either or alternate between them.
 */

const DOCS_URL = 'https://docs.twelvelabs.io/v1.3/api-reference/error-codes';

class ApiError extends Error {
	constructor(status, code, message, headers) {
		super(message);
		this.status = status;
		this.code = code;
		this.headers = headers || {};
	}
}

const invalid = (param, why) =>
	new ApiError(400, 'parameter_invalid', `The value of parameter '${param}' is invalid. ${why}`);
const missing = (param, why = '') =>
	new ApiError(400, 'parameter_not_provided', `The parameter '${param}' is required.${why ? ` ${why}` : ''}`);
const unknownParam = (param) =>
	new ApiError(400, 'parameter_unknown', `The parameter '${param}' is unknown. Remove it from the request.`);
const unsupportedSchema = (param, why) =>
	new ApiError(422, 'parameter_invalid', `The value of parameter '${param}' is invalid. ${why}`);
const notFound = (id) =>
	new ApiError(404, 'resource_not_exist', `Resource with id ${id} does not exist in analyze tasks.`);

/**
 * Chooses the body shape of each error response. 'mixed' alternates flat/nested so one
 * test run meets both shapes.
 */
class ErrorShaper {
	constructor(shape = 'flat') {
		this.setShape(shape);
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

module.exports = { ApiError, ErrorShaper, invalid, missing, unknownParam, unsupportedSchema, notFound, DOCS_URL };
