/** The editor selectors for the n8n under test: one module per major (v1.mjs, v2.mjs). */
import { N8N_MAJOR } from '../../../../scripts/n8n-environment.mjs';
import v1 from './v1.mjs';
import v2 from './v2.mjs';

const byMajor = { 1: v1, 2: v2 };
if (!byMajor[N8N_MAJOR]) throw new Error(`No editor selectors for n8n ${N8N_MAJOR}.x: add test/e2e/support/selectors/v${N8N_MAJOR}.mjs`);

export const selectors = byMajor[N8N_MAJOR];
