/**
 * The editor selectors and texts the e2e suite relies on, for n8n 1.x (measured on 1.123.81):
 * those of 2.x (v2.mjs) except where listed below.
 */
import v2 from './v2.mjs';

export default {
	...v2,
};
