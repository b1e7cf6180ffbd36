import type { INode } from 'n8n-workflow';

/** The node the API tests' transports report errors for. */
export const NODE = {
	id: 'n1',
	name: 'TwelveLabs',
	type: 'n8n-nodes-twelvelabs.twelveLabs',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as unknown as INode;
