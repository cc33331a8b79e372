import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { appsUnderTest, reportStats } from './harness.ts';

const apps = appsUnderTest();

/**
 * Ten events of four users, at noon UTC so no day is in doubt. Counted by hand: 10 events and 4 active users
 * (ann, bob, cat, dan) in all; from 2022-06-01 on, 6 events and 3 users (ann, dan, bob).
 */
const FILE = {
	name: 'shop-dash.csv',
	mimeType: 'text/csv',
	buffer: Buffer.from(
		[
			'user,time,event',
			'ann,2022-05-02T12:00:00Z,view',
			'ann,2022-05-03T12:00:00Z,buy',
			'bob,2022-05-04T12:00:00Z,view',
			'cat,2022-05-10T12:00:00Z,view',
			'ann,2022-06-01T12:00:00Z,view',
			'dan,2022-06-02T12:00:00Z,view',
			'dan,2022-06-03T12:00:00Z,buy',
			'dan,2022-06-08T12:00:00Z,view',
			'bob,2022-06-09T12:00:00Z,buy',
			'ann,2022-06-15T12:00:00Z,view'
		].join('\n') + '\n'
	)
};
const ALL = { events: 10, users: 4 };
const JUNE = { events: 6, users: 3 };

/** Polls wait this long: two cores are shared by several browser runs. */
const WAIT = { timeout: 60_000 };

const num = (s: string) => Number(s.replace(/,/g, ''));

async function ready(page: Page, testid: string) {
	await page.locator(`[data-testid="${testid}"][data-state="ready"]`).waitFor({ timeout: 120_000 });
}

/** The trend's full table, summed over its periods (every period is a row, SEMANTICS §10). */
async function trendTableSum(page: Page): Promise<number> {
	await page.getByTestId('trend-table').waitFor();
	const cells = await page.getByTestId('trend-table').locator('tbody tr td:nth-child(2)').allInnerTexts();
	return cells.reduce((s, c) => s + num(c), 0);
}

/** The headlines of the tiles, in order, once every tile has its result. */
async function headlines(page: Page, n: number): Promise<string[]> {
	await expect.poll(() => page.locator('[data-testid="tile"][data-state="ready"]').count(), WAIT).toBe(n);
	await expect.poll(() => page.getByTestId('tile-headline').count(), WAIT).toBe(n);
	return page.getByTestId('tile-headline').allInnerTexts();
}

async function pin(page: Page, testid: string) {
	await page.getByTestId(`${testid}-dash-pin`).click();
	await page.locator(`[data-testid="${testid}-dash"][data-pinned="true"]`).waitFor();
}

describe('the dashboard', () => {
	test('two pinned analyses draw as tiles with their numbers, follow the date range, survive a reload, reorder and go', async () => {
		const app = await apps.open('?demo=0');
		const { page } = app;
		await page.getByTestId('file-input').setInputFiles(FILE);
		expect((await reportStats(page)).rows).toBe(ALL.events);
		await page.getByTestId('kept-bytes').waitFor({ timeout: 60_000 });

		await page.getByRole('link', { name: 'Dashboard' }).click();
		await page.getByTestId('dashboard-empty').waitFor();
		await page.screenshot({ path: 'test-results/dashboard-empty.png' });

		// Trends, on its table tab: the tab goes into the address and into the pin.
		await page.getByRole('link', { name: 'Trends' }).click();
		await ready(page, 'trend');
		await page.getByTestId('tab-table').click();
		expect(await trendTableSum(page)).toBe(ALL.events);
		await expect.poll(() => new URL(page.url()).searchParams.get('tab'), WAIT).toBe('table');
		await pin(page, 'trend');

		await page.getByRole('link', { name: 'Stickiness' }).click();
		await ready(page, 'stickiness');
		const status = await page.getByTestId('stickiness-status').innerText();
		expect(num(/([\d,]+) users/.exec(status)![1])).toBe(ALL.users);
		await pin(page, 'stickiness');

		await page.getByRole('link', { name: 'Dashboard' }).click();
		expect(await headlines(page, 2)).toEqual([`${ALL.events} events`, `${ALL.users} active users`]);
		expect(await page.getByTestId('tile').evaluateAll((ts) => ts.map((t) => t.dataset.kind))).toEqual([
			'trend',
			'stickiness'
		]);
		await expect.poll(() => page.getByTestId('tile-chart').count(), WAIT).toBe(2);
		await page.waitForTimeout(500);
		await page.screenshot({ path: 'test-results/dashboard-tiles.png', fullPage: true });

		// The workspace's date range applies to every tile.
		await page.getByTestId('date-range').selectOption('custom');
		await page.getByTestId('date-from').fill('2022-06-01');
		await expect
			.poll(() => page.getByTestId('tile-headline').allInnerTexts(), WAIT)
			.toEqual([`${JUNE.events} events`, `${JUNE.users} active users`]);
		for (const spec of await page.getByTestId('tile').evaluateAll((ts) => ts.map((t) => t.dataset.spec)))
			expect(JSON.parse(spec!).dateRange).toEqual({ from: '2022-06-01', to: '2022-06-15' });
		await page.waitForTimeout(500);
		await page.screenshot({ path: 'test-results/dashboard-june.png', fullPage: true });

		// A tile opens its full analysis, with the dashboard's range, on the tab it was pinned on: same number.
		await page.getByTestId('tile-open').first().click();
		await ready(page, 'trend');
		expect(await page.getByTestId('tab-table').getAttribute('aria-selected')).toBe('true');
		expect(await trendTableSum(page)).toBe(JUNE.events);

		// The back button from the dashboard returns to that view, on its tab.
		await page.getByRole('link', { name: 'Dashboard' }).click();
		await headlines(page, 2);
		await page.goBack();
		await ready(page, 'trend');
		expect(await page.getByTestId('tab-table').getAttribute('aria-selected')).toBe('true');
		expect(await trendTableSum(page)).toBe(JUNE.events);

		// A reload brings the dashboard back, from the result cache.
		await page.getByRole('link', { name: 'Dashboard' }).click();
		await headlines(page, 2);
		await page.reload();
		// The scope is the tab's (not kept): the tiles are back for all days.
		expect(await headlines(page, 2)).toEqual([`${ALL.events} events`, `${ALL.users} active users`]);
		expect(await page.getByTestId('tile-status').allInnerTexts()).toEqual([
			expect.stringContaining('from cache'),
			expect.stringContaining('from cache')
		]);

		// Reorder with the keyboard, kept across a reload.
		await page.getByTestId('tile-down').first().focus();
		await page.keyboard.press('Enter');
		await expect
			.poll(() => page.getByTestId('tile').evaluateAll((ts) => ts.map((t) => t.dataset.kind)), WAIT)
			.toEqual(['stickiness', 'trend']);
		await page.reload();
		await expect
			.poll(() => page.getByTestId('tile').evaluateAll((ts) => ts.map((t) => t.dataset.kind)), WAIT)
			.toEqual(['stickiness', 'trend']);

		// Remove: the tile goes, and the analysis's page offers to pin it again.
		await page.getByRole('button', { name: /Remove Stickiness/ }).click();
		await expect
			.poll(() => page.getByTestId('tile').evaluateAll((ts) => ts.map((t) => t.dataset.kind)), WAIT)
			.toEqual(['trend']);
		await page.getByRole('link', { name: 'Stickiness' }).click();
		await ready(page, 'stickiness');
		await page.locator('[data-testid="stickiness-dash"][data-pinned="false"]').waitFor();
	});
});
