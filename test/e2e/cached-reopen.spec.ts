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
});
