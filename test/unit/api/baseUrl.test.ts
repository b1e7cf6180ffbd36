/**
 * The Base URL has one reading: normalizeBaseUrl for the nodes' own requests, and the same as an
 * n8n expression for the requests n8n builds (the credential test, Get Many's routing).
 */
import { Workflow, type INodeTypes } from 'n8n-workflow';
import {
	BASE_URL_EXPRESSION,
	baseUrlProblem,
	DEFAULT_BASE_URL,
	normalizeBaseUrl,
} from '../../../nodes/TwelveLabs/api/baseUrl';

const node = {
	id: 'n1',
	name: 'TwelveLabs',
	type: 'test.none',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};
const nodeTypes = {
	getByName: () => ({ description: { properties: [] } }),
	getByNameAndVersion: () => ({ description: { properties: [] } }),
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

function evaluated(baseUrl: string): unknown {
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, BASE_URL_EXPRESSION, 'internal', {
		$credentials: { baseUrl },
	} as never);
}

const inputs = [
	'https://api.twelvelabs.io/v1.3',
	'https://api.twelvelabs.io/v1.3/',
	'  https://api.twelvelabs.io/v1.3//  ',
	'api.twelvelabs.io/v1.3',
	'api.twelvelabs.io/v1.3/',
	'http://127.0.0.1:4010/v1.3',
	'HTTPS://API.TWELVELABS.IO/v1.3',
	'localhost:4010/v1.3',
];

describe('normalizeBaseUrl', () => {
	it.each([
		['https://api.twelvelabs.io/v1.3/', 'https://api.twelvelabs.io/v1.3'],
		['  api.twelvelabs.io/v1.3 ', 'https://api.twelvelabs.io/v1.3'],
		['http://127.0.0.1:4010/v1.3', 'http://127.0.0.1:4010/v1.3'],
		['', DEFAULT_BASE_URL],
		[undefined, DEFAULT_BASE_URL],
	])('%j → %s', (input, expected) => {
		expect(normalizeBaseUrl(input)).toBe(expected);
	});

	it.each(inputs)('the expression reads %j as normalizeBaseUrl does', (input) => {
		expect(evaluated(input)).toBe(normalizeBaseUrl(input));
	});
});

describe('baseUrlProblem', () => {
	it.each([
		'https://api.twelvelabs.io/v1.3',
		'http://127.0.0.1:4010/v1.3',
		'https://proxy.example.com/twelvelabs/v1.3',
		normalizeBaseUrl('api.twelvelabs.io/v1.3'),
	])('accepts %s', (baseUrl) => {
		expect(baseUrlProblem(baseUrl)).toBeUndefined();
	});

	it.each([
		['localhost:4010/v1.3', /has no https:\/\/ in front/],
		['ftp://api.twelvelabs.io/v1.3', /must start with https:\/\/ \(or http:\/\/\), not ftp:/],
		['javascript:alert(1)', /not javascript:/],
		['https://api.twelvelabs.io/v1.3?key=1', /must not contain a query/],
		['https://user:pw@api.twelvelabs.io/v1.3', /user name or password/],
	])('refuses %s', (baseUrl, problem) => {
		expect(baseUrlProblem(normalizeBaseUrl(baseUrl))).toMatch(problem);
	});
});
