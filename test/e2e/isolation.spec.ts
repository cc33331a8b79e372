import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { appsUnderTest, engineWorkers, reportStats } from './harness.ts';
import { STATS_A, STATS_B, smallFileA, smallFileB } from './small-files.ts';

const apps = appsUnderTest();

/** Whether the page, and its engine worker, are cross-origin isolated, and whether SharedArrayBuffer exists. */
async function isolation(page: Page) {
	const [worker] = await engineWorkers(page);
	return {
		page: await page.evaluate(() => self.crossOriginIsolated),
		sharedArrayBuffer: await page.evaluate(() => typeof SharedArrayBuffer),
		engineWorker: await worker.evaluate(() => self.crossOriginIsolated)
	};
}

describe('cross-origin isolation by the service worker (issue 14, docs/THREADS.md)', () => {
	test('a first visit is not isolated; once the service worker controls the page it is, and the app works the same', async () => {
		// The plain static server sends no COOP/COEP (server.ts): isolation can only come from the service worker.
		const app = await apps.open('?demo=0');
		const { page } = app;
		await page.getByTestId('file-input').setInputFiles(smallFileA('shop-isolated.csv'));
		expect(await reportStats(page)).toMatchObject(STATS_A);
		expect(await isolation(page)).toEqual({
			page: false,
			sharedArrayBuffer: 'undefined',
			engineWorker: false
		});
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
			timeout: 180_000
		});

		await page.reload();
		expect(await isolation(page)).toEqual({
			page: true,
			sharedArrayBuffer: 'function',
			engineWorker: true
		});
		// Under isolation: the kept file reopens, a new file loads, an analysis draws its chart.
		expect(await reportStats(page)).toMatchObject(STATS_A);
		await page.getByTestId('file-input').setInputFiles(smallFileB('notes-isolated.csv'));
		await expect.poll(() => page.locator('.dataset .name').innerText()).toBe('notes-isolated.csv');
		expect(await reportStats(page)).toMatchObject(STATS_B);
		await page.getByRole('link', { name: 'Retention' }).click();
		await page.locator('[data-testid="retention"][data-state="ready"]').waitFor({ timeout: 120_000 });
		await page.getByTestId('retention-heatmap').locator('canvas').first().waitFor({ timeout: 60_000 });
		// appsUnderTest then checks that no request left localhost and nothing logged an error.
	});
});
