/**
 * The editor selectors and texts the e2e suite relies on, for n8n 1.x (measured on 1.123.81):
 * those of 2.x (v2.mjs) except where listed below.
 */
import v2 from './v2.mjs';

export default {
	...v2,
	// A search result is the app's name only (the description shows in its actions list).
	nodeCreator: { ...v2.nodeCreator, resultShowsDescription: false },
};
