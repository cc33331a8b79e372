import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { appsUnderTest, reportStats } from './harness.ts';
import { smallFileA } from './small-files.ts';

const apps = appsUnderTest();

/**
 * smallFileA's events per week (weeks from Monday), counted by hand: week of 2022-04-25 the two views of
 * Sunday May 1 (ann, bob); week of 2022-05-02 ann's buy, cat's view, bob's view, cat's buy.
 */
const WEEKLY_EVENTS = ['2022-04-25', '2', '2022-05-02', '4'];

const ready = (testid: string) => `[data-testid="${testid}"][data-state="ready"]`;

async function open(page: Page, link: string, testid: string) {
	await page.getByRole('link', { name: link, exact: true }).first().click();
	await page.locator(ready(testid)).waitFor({ timeout: 120_000 });
	await expect.poll(() => page.locator(ready(testid)).count()).toBe(1);
}

/** Every cell of the result's table (the Table tab), then back to the chart. */
async function tableCells(page: Page, table: string) {
	await page.getByTestId('tab-table').click();
	const cells = await page.getByTestId(table).locator('td').allInnerTexts();
	await page.getByTestId('tab-chart').click();
	return cells;
}

/**
 * Clicks the menu link `link` and waits, in the page, for `testid` to say "from cache"; then tells whether
 * every chart on the page had finished drawing (its `data-drawn`, set by ECharts' `finished`) after the click
 * by that moment, that is in the same frame as the status, not after an animation.
 */
async function reopen(
	page: Page,
	link: string,
	testid: string
): Promise<{ status: string; drawnAtOnce: boolean }> {
	return page.evaluate(
		`new Promise((resolve) => {
			const a = [...document.querySelectorAll('nav a')].find((a) => a.textContent.trim() === ${JSON.stringify(link)});
			const t0 = performance.now();
			const done = () => {
				const s = document.querySelector('${ready(testid)} [data-testid="${testid}-status"]');
				if (!s || !s.textContent.includes('from cache')) return false;
				const drawn = [...document.querySelectorAll('main [data-drawn]')].map((c) => Number(c.getAttribute('data-drawn')));
				resolve({ status: s.textContent, drawnAtOnce: drawn.length > 0 && drawn.every((d) => d >= t0) });
				return true;
			};
			const obs = new MutationObserver(() => { if (done()) obs.disconnect(); });
			obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
			a.click();
		})`
	);
}

describe('a cached analysis reopens', () => {
	test('a cached result grew in over 300 ms: reopened, it says "from cache", is drawn at once and has the first run\'s numbers', async () => {
		const app = await apps.open('?demo=0');
		const { page } = app;
		await page.getByTestId('file-input').setInputFiles(smallFileA('cached-reopen.csv'));
		await reportStats(page);

		// Trends as it opens (events per week): the settings a menu reopen brings back are not under test here.
		await open(page, 'Trends', 'trend');
		await expect.poll(() => page.getByTestId('trend-status').innerText()).toMatch(/\d+ ms$/);
		const trendFirst = await tableCells(page, 'trend-table');
		expect(trendFirst).toEqual(WEEKLY_EVENTS);

		await open(page, 'Retention', 'retention');
		await expect.poll(() => page.getByTestId('retention-status').innerText()).toMatch(/\d+ ms$/);
		const retentionFirst = await tableCells(page, 'retention-table');
		expect(retentionFirst.length).toBeGreaterThan(0);

		for (let i = 0; i < 2; i++) {
			const trend = await reopen(page, 'Trends', 'trend');
			expect(trend.status).toContain('from cache');
			expect(trend.drawnAtOnce).toBe(true);
			expect(await tableCells(page, 'trend-table')).toEqual(trendFirst);

			const retention = await reopen(page, 'Retention', 'retention');
			expect(retention.status).toContain('from cache');
			expect(retention.drawnAtOnce).toBe(true);
			expect(await tableCells(page, 'retention-table')).toEqual(retentionFirst);
		}
	});

	test('reopened while the engine is still starting: the kept result shows from the cache, before the engine is up', async () => {
		const app = await apps.open('?demo=0');
		const { page } = app;
		await page.getByTestId('file-input').setInputFiles(smallFileA('engine-held.csv'));
		await reportStats(page);
		await page.getByTestId('kept-bytes').waitFor({ timeout: 60_000 });
		await open(page, 'Trends', 'trend');
		const first = await tableCells(page, 'trend-table');
		expect(first).toEqual(WEEKLY_EVENTS);

		// The offline service worker would answer the engine's files from its cache: this reload asks the server.
		await page.evaluate(async () => {
			for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
			for (const k of await caches.keys()) await caches.delete(k);
		});
		let release = () => {};
		const released = new Promise<void>((r) => (release = r));
		let held = 0;
		await app.context.route(/\.wasm$/, async (route) => {
			held++;
			await released;
			await route.continue().catch(() => {});
		});
		await page.reload();
		await page.locator(ready('trend')).waitFor({ timeout: 60_000 });
		expect(await page.getByTestId('trend-status').innerText()).toContain('from cache');
		expect(await page.locator('footer').innerText()).not.toContain('DuckDB');
		expect(await tableCells(page, 'trend-table')).toEqual(first);
		// The engine cannot start without its WebAssembly, which came through the route and is still held.
		await expect.poll(() => held, { timeout: 60_000 }).toBeGreaterThan(0);
		expect(await page.locator('footer').innerText()).not.toContain('DuckDB');
		release();
		await page.locator('footer', { hasText: 'DuckDB' }).waitFor({ timeout: 120_000 });
		await page.getByTestId('ingest-progress').waitFor({ state: 'hidden', timeout: 120_000 });
	});
});
