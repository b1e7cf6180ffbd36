/**
 * The node in n8n's editor, driven by headless Chromium (playwright-core, Debian's chromium):
 * sign in, open a workflow with the TwelveLabs node (Create), check which fields show for each
 * model and analysis mode, build two segment definitions with custom fields in the form,
 * execute the node and see its output. Step screenshots go to the run folder; the ones worth
 * committing to docs/screenshots/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { openBrowser, signIn } from './support/browser.mjs';
import { selectors } from './support/selectors/index.mjs';
import { REPO_ROOT, clientsFor, timed, useEnvironment } from './support/environment.mjs';

const state = await useEnvironment(after);
const { api, sim } = clientsFor(state);

const DOCS_SHOTS = path.join(REPO_ROOT, 'docs/screenshots');
// The committed screenshots change only on request, so a test run leaves the tree clean.
const UPDATE_DOCS = process.env.UPDATE_SCREENSHOTS === '1';
const STEP_SHOTS = path.join(state.runDir, 'screenshots');
const TASK_ID = /[0-9a-f]{24}/;
const { canvas, ndv: NDV } = selectors;

/** A workflow with a Manual Trigger and the TwelveLabs node on Create, in general mode. */
async function createWorkflow() {
	const trigger = 'When clicking ‘Execute workflow’';
	return await api.post('/workflows', {
		name: `Editor test ${new Date().toISOString()}`,
		nodes: [
			{ parameters: {}, id: 'b0f7c1a2-0001-4e0a-9c1d-000000000001', name: trigger, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
			{
				parameters: {
					resource: 'analysisTask',
					operation: 'create',
					videoUrl: 'https://videos.example.com/editor/match-highlights.mp4',
					prompt: 'Summarize the video in two sentences.',
				},
				id: 'b0f7c1a2-0002-4e0a-9c1d-000000000002',
				name: 'TwelveLabs',
				type: 'n8n-nodes-twelvelabs.twelveLabs',
				typeVersion: 1,
				position: [260, 0],
				credentials: { twelveLabsApi: { id: state.credential.id, name: state.credential.name } },
			},
		],
		connections: { [trigger]: { main: [[{ node: 'TwelveLabs', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
}

test('editor: the TwelveLabs node form, segmentation definitions and execution', { timeout: 240_000 }, async () => {
	await timed('editor UI test', async () => {
		fs.mkdirSync(STEP_SHOTS, { recursive: true });
		fs.mkdirSync(DOCS_SHOTS, { recursive: true });
		const workflow = await createWorkflow();

		const { browser, page } = await openBrowser(state);
		const pageErrors = [];
		page.on('pageerror', (error) => pageErrors.push(error.message));
		let step = 0;
		const shot = async (name, { docs = false, locator } = {}) => {
			const file = path.join(STEP_SHOTS, `${String(++step).padStart(2, '0')}-${name}.png`);
			await (locator ?? page).screenshot({ path: file });
			if (docs && UPDATE_DOCS) fs.copyFileSync(file, path.join(DOCS_SHOTS, `${name}.png`));
		};
		const started = Date.now();
		const lap = (what) => console.log(`  ${((Date.now() - started) / 1000).toFixed(1)} s  ${what}`);

		try {
			// Sign in as the owner created from env.
			await signIn(page, state);
			lap('signed in');

			// An example workflow as users see it after import: nodes and the sticky notes explaining them.
			await page.goto(`${state.n8nUrl}/workflow/tlExSegments0001`);
			await page.locator(canvas.node('Find Scenes')).waitFor();
			await page.waitForTimeout(500);
			await shot('example-segment-video-scenes', { docs: true });
			lap('example workflow shown');

			// Open the workflow and the node's parameter panel (NDV).
			await page.goto(`${state.n8nUrl}/workflow/${workflow.id}`);
			const canvasNode = page.locator(canvas.node('TwelveLabs'));
			await canvasNode.waitFor();
			await shot('canvas');
			lap('canvas shown');
			await canvasNode.dblclick();
			const ndv = page.locator(NDV.panel);
			await ndv.waitFor();
			const params = ndv.locator(NDV.parameters);
			await params.waitFor();
			lap('NDV open');

			const input = (name) => params.locator(NDV.input(name));
			const expectShown = async (names, shown, why) => {
				for (const name of names) {
					if (shown) await input(name).first().waitFor({ state: 'visible', timeout: 10_000 });
					else await input(name).first().waitFor({ state: 'detached', timeout: 10_000 });
					assert.equal(await input(name).count() > 0, shown, `${name} ${shown ? 'shown' : 'hidden'} ${why}`);
				}
			};
			// Options dropdowns are Element Plus selects: click, then pick the option by its label.
			const choose = async (field, label) => {
				await field.click();
				await page.getByRole(NDV.optionRole, { name: label }).first().click(); // the name includes the description
			};
			const chooseExact = async (field, label) => {
				await field.click();
				await page.getByRole(NDV.optionRole, { name: label, exact: true }).click();
			};

			// General mode (the default): prompt and response format, no segment definitions.
			await expectShown(['videoSource', 'videoUrl', 'model', 'analysisMode', 'promptType', 'prompt', 'responseFormat'], true, 'in general mode');
			await expectShown(['definitionsSource', 'segmentDefinitions'], false, 'in general mode');
			await params.getByText('Credential').waitFor();
			await shot('ndv-general', { docs: true, locator: ndv });

			// Pegasus 1.2 has only general mode: no Analysis Mode selector, no Prompt Type.
			await choose(input('model'), 'Pegasus 1.2');
			await expectShown(['analysisMode', 'promptType'], false, 'for Pegasus 1.2');
			await expectShown(['prompt', 'responseFormat'], true, 'for Pegasus 1.2');
			await shot('ndv-pegasus-1-2', { docs: true, locator: ndv });
			await choose(input('model'), 'Pegasus 1.5');
			await expectShown(['analysisMode', 'promptType', 'prompt'], true, 'back on Pegasus 1.5');
			lap('model switches checked');

			// Video segmentation: no prompt; segment definitions instead.
			await choose(input('analysisMode'), 'Video Segmentation');
			await expectShown(['prompt', 'promptType', 'responseFormat'], false, 'in segmentation mode');
			await expectShown(['definitionsSource'], true, 'in segmentation mode');
			const definitions = params.locator(NDV.fixedCollection('segmentDefinitions'));
			await definitions.waitFor();

			const addDefinition = async (index, id, description, fields) => {
				await params.getByRole('button', { name: 'Add Segment Definition' }).click();
				await definitions.locator(`${NDV.input('id')} input`).nth(index).fill(id);
				// Definition descriptions are the only multi-line descriptions in the form.
				await definitions.locator(`${NDV.input('description')} textarea`).nth(index).fill(description);
				const fieldList = definitions.locator(NDV.fixedCollection('fields')).nth(index);
				for (const [j, field] of fields.entries()) {
					await fieldList.getByRole('button', { name: 'Add Custom Field' }).click();
					await fieldList.locator(`${NDV.input('name')} input`).nth(j).fill(field.name);
					await fieldList.locator(`${NDV.input('description')} input`).nth(j).fill(field.description);
					if (field.type !== 'String') await chooseExact(fieldList.locator(NDV.input('type')).nth(j), field.type);
					await field.check?.(fieldList, j);
				}
			};
			// Field-level display rules: how many fields of a definition show Allowed Values.
			const allowedValuesShown = async (fieldList) => await fieldList.locator(NDV.input('enumValues')).count();
			// Each custom-field row reads Name, Type, then the rest.
			const rowOrder = async (fieldList) =>
				await fieldList.locator(`[data-test-id^="${NDV.inputIdPrefix}"]`).evaluateAll((nodes, prefix) =>
					nodes
						.map((node) => node.getAttribute('data-test-id').replace(prefix, ''))
						.filter((name) => ['name', 'type', 'enumValues', 'description'].includes(name))
						.slice(0, 4),
					NDV.inputIdPrefix,
				);

			await addDefinition(0, 'scene', 'Each scene, split where the location changes', [
				{ name: 'summary', description: 'One sentence about the scene', type: 'String' },
				{
					name: 'objects',
					description: 'Objects visible in the scene',
					type: 'Array of Strings',
					check: async (fieldList) => {
						assert.deepEqual(await rowOrder(fieldList), ['name', 'type', 'enumValues', 'description'], 'a field row reads Name, Type, Allowed Values, Description');
						// summary (string) and objects (array of strings): both may have allowed values.
						assert.equal(await allowedValuesShown(fieldList), 2, 'Allowed Values for strings and arrays of strings');
					},
				},
			]);
			await addDefinition(1, 'highlight', 'Every goal or near miss', [
				{
					name: 'peak',
					description: 'The most exciting moment',
					type: 'Timestamp (HH:MM:SS)',
					check: async (fieldList) => {
						assert.equal(await allowedValuesShown(fieldList), 0, 'no Allowed Values for a timestamp');
					},
				},
				{ name: 'team', description: 'The team that attacked', type: 'String' },
			]);
			// A new definition shows no empty Reference Images or Time Ranges lists until asked for.
			assert.equal(await definitions.locator(NDV.fixedCollection('referenceImages')).count(), 0, 'no empty reference-image list');
			assert.equal(await definitions.locator(NDV.fixedCollection('timeRanges')).count(), 0, 'no empty time-range list');
			await params.getByText('Using JSON', { exact: false }).first().waitFor(); // the notice pointing to JSON input
			assert.equal(await definitions.locator(NDV.input('id')).count(), 2, 'two segment definitions');
			lap('segment definitions filled in');

			// A window as tall as the form shows all of it in one screenshot.
			const formHeight = await params.evaluate((element) => {
				document.activeElement?.blur(); // no focus tooltip in the picture
				let scroller = element;
				while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
				scroller?.scrollTo(0, 0);
				return (scroller ?? element).scrollHeight;
			});
			await page.setViewportSize({ width: 1440, height: Math.min(4000, formHeight + 200) });
			await page.waitForTimeout(300);
			await shot('ndv-segmentation', { docs: true, locator: ndv });
			await page.setViewportSize({ width: 1440, height: 900 });

			// Execute the node: the form becomes a create request at the simulator.
			await sim.control('POST', '/reset-log');
			await ndv.locator(NDV.executeButton).first().click();
			const output = ndv.locator(NDV.outputPanel);
			await output.getByText(TASK_ID).first().waitFor({ timeout: 60_000 });
			await page.waitForTimeout(500);
			await shot('ndv-output', { docs: true, locator: ndv });
			lap('node executed, output shown');

			const creates = (await sim.control('GET', '/requests')).filter((r) => r.method === 'POST' && r.route?.includes('tasks') && r.status === 202);
			assert.equal(creates.length, 1, 'one create request');
			const body = creates[0].body;
			assert.equal(body.analysis_mode, 'time_based_metadata');
			assert.equal(body.prompt, undefined, 'no prompt in segmentation mode');
			assert.equal(body.response_format.type, 'segment_definitions');
			assert.deepEqual(
				body.response_format.segment_definitions.map((d) => ({ id: d.id, fields: d.fields.map((f) => [f.name, f.type, f.items?.type ?? f.format ?? null]) })),
				[
					{ id: 'scene', fields: [['summary', 'string', null], ['objects', 'array', 'string']] },
					{ id: 'highlight', fields: [['peak', 'timestamp', 'hh:mm:ss'], ['team', 'string', null]] },
				],
			);
			const tasks = await sim.control('GET', '/tasks');
			const created = tasks[tasks.length - 1];
			const outputText = await output.innerText();
			assert.ok(outputText.includes(created.taskId), 'the output shows the created task id');
			if (pageErrors.length) console.log(`  page errors: ${pageErrors.join(' | ').slice(0, 500)}`);
		} catch (error) {
			await shot('failure').catch(() => {});
			throw error;
		} finally {
			await browser.close();
			await api.delete(`/workflows/${workflow.id}`).catch(() => {});
		}
	});
});
