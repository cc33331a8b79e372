import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { appsUnderTest, reportStats } from './harness.ts';
import { STATS_A, smallFileA } from './small-files.ts';

const apps = appsUnderTest();
const FILE_A = smallFileA('shop-a.csv');

/** Holds the app's entry chunk for 3 s: the prerendered page is on screen and not yet hydrated. */
async function slowStart(page: Page) {
	await page.route('**/_app/immutable/entry/app.*', async (route) => {
		await new Promise((r) => setTimeout(r, 3000));
		await route.continue();
	});
}

describe('a file given while the page is still starting', () => {
	// Regression (CI of 2026-12-01): the prerendered file input took the file before hydration attached its
	// handler, and the file was lost without a word (the report never came).
	test('chosen in the file picker: it loads once the app runs', async () => {
		const app = await apps.open('?demo=0', { before: slowStart });
		await app.page.getByTestId('file-input').setInputFiles(FILE_A);
		expect(await reportStats(app.page)).toMatchObject(STATS_A);
	});

	test('dropped on the page: the browser does not open it in place of the app, and it loads', async () => {
		const app = await apps.open('?demo=0', { before: slowStart });
		const url = app.page.url();
		const hydrated = await app.page.evaluate(
			() => document.querySelector('[data-testid=file-input]') !== null
		);
		expect(hydrated, 'the drop must come before the app runs').toBe(false);
		await app.page.evaluate(
			({ name, text }) => {
				const data = new DataTransfer();
				data.items.add(new File([text], name, { type: 'text/csv' }));
				const init = { dataTransfer: data, bubbles: true, cancelable: true };
				document.body.dispatchEvent(new DragEvent('dragover', init));
				document.body.dispatchEvent(new DragEvent('drop', init));
			},
			{ name: FILE_A.name, text: FILE_A.buffer.toString() }
		);
		expect(await reportStats(app.page)).toMatchObject(STATS_A);
		await expect.poll(() => app.page.locator('.dataset .name').innerText()).toBe(FILE_A.name);
		expect(app.page.url()).toBe(url);
	});
});
