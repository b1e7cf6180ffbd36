/**
 * Headless Chromium for the editor tests (playwright-core driving Debian's chromium; never a
 * downloaded browser), signed in to the suite's n8n as the owner.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { selectors } from './selectors/index.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling hosts this machine cannot reach.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A fresh browser profile in the run folder; returns the context and its first page. */
export async function openBrowser(state, viewport = { width: 1440, height: 900 }) {
	const profile = fs.mkdtempSync(path.join(state.runDir, 'chromium-'));
	const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, viewport, args: ARGS });
	const page = browser.pages()[0] ?? (await browser.newPage());
	page.setDefaultTimeout(30_000);
	return { browser, page };
}

/** Signs in through n8n's sign-in form as the owner the environment created. */
export async function signIn(page, state) {
	await page.goto(`${state.n8nUrl}/signin`);
	await page.locator(selectors.signIn.email).fill(state.owner.email);
	await page.locator(selectors.signIn.password).fill(state.owner.password);
	await page.locator(selectors.signIn.submit).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}
