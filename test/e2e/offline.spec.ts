import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { appsUnderTest, reportStats } from './harness.ts';
import { STATS_A, smallFileA } from './small-files.ts';

const apps = appsUnderTest();

/**
 * Hand-counted: 6 rows, 3 users, 2 event names. Daily retention by first event: the 2022-05-01 cohort is ann
 * and bob (ann back on day 1, bob on day 2), the 2022-05-02 cohort is cat (back on day 2).
 */
const FILE = smallFileA('shop-offline.csv');
const STATS = STATS_A;

/** The demo's rows (unique event ids, as the app dedupes), read here with zlib and papaparse. */
function demoRows(): number {
	const text = gunzipSync(readFileSync('static/data/demo-shop.csv.gz')).toString('utf8');
	const rows = Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;
	return new Set(rows.map((r) => r.uuid)).size;
}

/** Waits until a service worker controls the page (it registers once the engine is ready). */
async function controlled(page: Page) {
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 180_000 });
}

/**
 * Turns the network off for the whole browser: Chromium's offline mode, and every request that would still
 * leave the browser (from the page, the engine worker or the service worker) aborted and recorded.
 */
async function networkOff(page: Page): Promise<string[]> {
	const reached: string[] = [];
	await page.context().setOffline(true);
	await page.context().route('**/*', (route) => {
		reached.push(route.request().url());
		return route.abort('internetdisconnected');
	});
	return reached;
}

describe('offline app', () => {
	test('after a first visit, a reload with the network off opens the kept dataset, its report, and runs an analysis', async () => {
		const app = await apps.open('?demo=0');
		const { page } = app;
		await page.getByTestId('file-input').setInputFiles(FILE);
		expect(await reportStats(page)).toMatchObject(STATS);
		await page.getByTestId('kept-bytes').waitFor({ timeout: 60_000 });
		await controlled(page);

		const reached = await networkOff(page);
		await page.reload();
		expect(await reportStats(page)).toMatchObject(STATS);
		await expect.poll(() => page.locator('.dataset .name').innerText()).toBe(FILE.name);
		expect(Number(await page.getByTestId('kept-bytes').getAttribute('data-value'))).toBe(FILE.buffer.length);

		// An analysis, on a screen whose code this visit has not loaded yet: it comes from the cache too.
		await page.getByRole('link', { name: 'Retention' }).click();
		await page.locator('[data-testid="retention"][data-state="ready"]').waitFor({ timeout: 120_000 });
		await page.getByTestId('period-day').click();
		await page.waitForFunction(() =>
			document.querySelector('[data-testid="retention"]')?.getAttribute('data-spec')?.includes('"day"')
		);
		await page.locator('[data-testid="retention"][data-state="ready"]').waitFor({ timeout: 120_000 });
		await page.getByTestId('tab-table').click();
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByTestId('export-csv').click()
		]);
		const csv = await readFile((await download.path())!, 'utf8');
		const rows = Papa.parse<Record<string, string>>(csv.trim(), { header: true }).data;
		expect(rows.map((r) => [r.cohort, Number(r.size)])).toEqual([
			['2022-05-01', 2],
			['2022-05-02', 1]
		]);

		// The demo data is kept by the service worker as well.
		await page.getByRole('link', { name: 'Data' }).click();
		await page.getByRole('button', { name: 'Demo data' }).click();
		await expect
			.poll(() => page.locator('.dataset .name').innerText(), { timeout: 240_000 })
			.not.toBe(FILE.name);
		expect((await reportStats(page, 240_000)).rows).toBe(demoRows());

		// Nothing of the app's own came from the network: whatever tried (a page's network-first fetch) was refused.
		expect(reached.filter((u) => /\/_app\/|\.wasm$|\/data\//.test(u))).toEqual([]);
	});
});
