/**
 * Finding the nodes the way a new user does: type "TwelveLabs" into n8n's node panel from each
 * of its entry points and add the nodes from the results. n8n lists an app's action node and
 * trigger as one entry; choosing it shows the app's actions (or, for triggers, its events).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openBrowser, signIn } from './support/browser.mjs';
import { selectors } from './support/selectors/index.mjs';
import { timed, useEnvironment } from './support/environment.mjs';

const state = await useEnvironment(after);
const { canvas, nodeCreator: NC, ndv: NDV } = selectors;

/** The panel's visible entries as "name | description". */
const entries = async (creator) =>
	(await creator.locator(NC.item).allInnerTexts()).map((text) => text.replace(/\s*\n+\s*/g, ' | ').trim());

/** Types the app's name into the panel's search and returns what it lists. */
async function search(page, creator) {
	await creator.locator(NC.search).first().fill('TwelveLabs');
	await creator.getByText('TwelveLabs', { exact: true }).first().waitFor({ timeout: 10_000 }).catch(() => {});
	return await entries(creator);
}

/** Chooses the TwelveLabs entry, then the action or event named `pick`; returns the actions listed. */
async function addFromResults(page, creator, pick) {
	await creator.locator(NC.item).filter({ hasText: 'TwelveLabs' }).first().click();
	await creator.getByText(pick, { exact: true }).first().waitFor();
	const actions = await entries(creator);
	await creator.getByText(pick, { exact: true }).first().click();
	// Adding a node opens its parameter panel.
	await page.locator(NDV.panel).waitFor();
	await page.keyboard.press('Escape');
	return actions;
}

const canvasNodes = async (page) =>
	await page.locator(canvas.node()).evaluateAll((nodes, attribute) => nodes.map((node) => node.getAttribute(attribute)), canvas.nodeNameAttribute);

const APP_DESCRIPTION = /Analyze videos with TwelveLabs Pegasus/;

test('node panel: "TwelveLabs" is found from every entry point and both nodes can be added', { timeout: 240_000 }, async () => {
	await timed('node panel search', async () => {
		const { browser, page } = await openBrowser(state);
		const creator = page.locator(NC.panel);
		page.on('dialog', (dialog) => dialog.accept()); // leaving an unsaved workflow
		try {
			await signIn(page, state);
			const openNewWorkflow = async () => {
				await page.goto(`${state.n8nUrl}/workflow/new`);
				await page.locator(canvas.addFirstStep).click();
				await creator.getByText(NC.texts.triggerHeading).waitFor();
			};

			// 1. "What triggers this workflow?": search, then add the trigger.
			await openNewWorkflow();
			let found = await search(page, creator);
			const withDescription = (entry) => !NC.resultShowsDescription || APP_DESCRIPTION.test(entry);
			assert.ok(found.some((entry) => entry.startsWith('TwelveLabs') && withDescription(entry)), `trigger search lists TwelveLabs: ${JSON.stringify(found)}`);
			const events = await addFromResults(page, creator, 'On task ready');
			assert.deepEqual(events.filter((entry) => entry.startsWith('On ')).sort(), ['On batch canceled', 'On batch completed', 'On batch expired', 'On task canceled', 'On task failed', 'On task ready']);
			assert.deepEqual(await canvasNodes(page), ['TwelveLabs Trigger']);

			// 2. "What happens next?" (the + after the trigger): search, then add the action node.
			await page.locator(canvas.handlePlus).first().click();
			await creator.getByText(NC.texts.nextHeading).waitFor();
			found = await search(page, creator);
			assert.ok(found.some((entry) => entry.startsWith('TwelveLabs')), `"What happens next?" lists TwelveLabs: ${JSON.stringify(found)}`);
			const actions = await addFromResults(page, creator, 'Create an analysis task and wait for the result');
			for (const action of ['Create an analysis task', 'Delete an analysis task', 'Get an analysis task', 'Get many analysis tasks'])
				assert.ok(actions.includes(action), `action "${action}" listed: ${JSON.stringify(actions)}`);
			// n8n names a node added from an action after the action.
			assert.deepEqual(await canvasNodes(page), ['TwelveLabs Trigger', 'Create an analysis task and wait for the result']);

			// 3. "Action in an app", then search.
			await page.locator(canvas.handlePlus).last().click();
			await creator.getByText(NC.texts.actionInAnApp).click();
			found = await search(page, creator);
			assert.ok(found.some((entry) => entry.startsWith('TwelveLabs')), `"Action in an app" lists TwelveLabs: ${JSON.stringify(found)}`);
			await addFromResults(page, creator, 'Get an analysis task');
			assert.equal((await canvasNodes(page)).length, 3, 'a second TwelveLabs node was added');

			// 4. "AI", then search.
			await page.locator(canvas.handlePlus).last().click();
			await creator.getByText(NC.texts.ai, { exact: true }).first().click();
			found = await search(page, creator);
			assert.ok(found.some((entry) => entry.startsWith('TwelveLabs')), `"AI" lists TwelveLabs: ${JSON.stringify(found)}`);
			await page.keyboard.press('Escape');

			// 5. "On app event" in a new workflow's trigger panel, then search.
			await openNewWorkflow();
			await creator.getByText(NC.texts.onAppEvent).click();
			found = await search(page, creator);
			assert.ok(found.some((entry) => entry.startsWith('TwelveLabs')), `"On app event" lists TwelveLabs: ${JSON.stringify(found)}`);
			await addFromResults(page, creator, 'On task failed');
			assert.deepEqual(await canvasNodes(page), ['TwelveLabs Trigger']);
		} catch (error) {
			await page.screenshot({ path: `${state.runDir}/node-panel-failure.png` }).catch(() => {});
			throw error;
		} finally {
			await browser.close();
		}
	});
});
