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
	test('two pinned analyses draw as tiles with their numbers, follow the dates kept with the workspace, reorder by keys and drag, widen, rename, survive reloads and go', async () => {
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
		// The dashboard's dates are kept (issue 13): the tiles are back for June, from the cache, and the address
		// says so.
		expect(await headlines(page, 2)).toEqual([`${JUNE.events} events`, `${JUNE.users} active users`]);
		expect(await page.getByTestId('tile-status').allInnerTexts()).toEqual([
			expect.stringContaining('from cache'),
			expect.stringContaining('from cache')
		]);
		expect(new URL(page.url()).searchParams.get('dates')).toBe('2022-06-01..2022-06-15');
		expect(await page.getByTestId('date-from').inputValue()).toBe('2022-06-01');

		// Opened without them in the address (a bookmark of the bare page): the workspace keeps them too.
		await page.goto(page.url().split('?')[0]);
		expect(await headlines(page, 2)).toEqual([`${JUNE.events} events`, `${JUNE.users} active users`]);

		// Back to every day, kept likewise.
		await page.getByTestId('date-range').selectOption('all');
		await expect
			.poll(() => page.getByTestId('tile-headline').allInnerTexts(), WAIT)
			.toEqual([`${ALL.events} events`, `${ALL.users} active users`]);
		await expect.poll(() => new URL(page.url()).searchParams.get('dates'), WAIT).toBe('all');
		await page.goto(page.url().split('?')[0]);
		expect(await headlines(page, 2)).toEqual([`${ALL.events} events`, `${ALL.users} active users`]);

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

		// Drag the second tile by its handle onto the first: they swap, kept across a reload.
		await page.getByTestId('tile-handle').nth(1).dragTo(page.getByTestId('tile').first());
		await expect
			.poll(() => page.getByTestId('tile').evaluateAll((ts) => ts.map((t) => t.dataset.kind)), WAIT)
			.toEqual(['trend', 'stickiness']);
		await page.reload();
		await expect
			.poll(() => page.getByTestId('tile').evaluateAll((ts) => ts.map((t) => t.dataset.kind)), WAIT)
			.toEqual(['trend', 'stickiness']);

		// Widen the trend tile to the whole row and rename it; both kept across a reload.
		await page.getByRole('button', { name: /^Trends.* across the whole row/ }).click();
		await page.getByRole('button', { name: /^Rename Trends/ }).click();
		await page.getByTestId('tile-title-input').fill('Events in the period');
		await page.keyboard.press('Enter');
		await page.getByRole('link', { name: 'Events in the period' }).waitFor();
		await page.reload();
		await headlines(page, 2);
		const widths = await page
			.getByTestId('tile')
			.evaluateAll((ts) => ts.map((t) => Math.round(t.getBoundingClientRect().width)));
		const row = await page
			.getByTestId('dashboard')
			.evaluate((ol) => Math.round(ol.getBoundingClientRect().width));
		// The wide tile spans the list; the other takes one column of it (less than half at 1400 px).
		expect(widths[0]).toBe(row);
		expect(widths[1]).toBeLessThan(row / 2);
		expect(await page.getByTestId('tile-open').first().innerText()).toBe('Events in the period');
		expect(await page.getByTestId('tile-wide').first().getAttribute('aria-pressed')).toBe('true');
		await page.waitForTimeout(500);
		await page.screenshot({ path: 'test-results/dashboard-wide.png', fullPage: true });

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

describe('the header navigation', () => {
	/** The bounding boxes of the links drawn in the header's row (the More menu's are hidden until opened). */
	async function rowLinks(page: Page) {
		return page.getByTestId('nav-link').evaluateAll((as) =>
			as
				.filter((a) => (a as HTMLElement).offsetParent !== null)
				.map((a) => {
					const r = a.getBoundingClientRect();
					return {
						label: a.textContent!.trim(),
						top: Math.round(r.top),
						bottom: Math.round(r.bottom),
						right: r.right
					};
				})
		);
	}

	test('fits one row from 1280 to 1920 px, with every page reachable and the current one marked; below, the rest under More', async () => {
		const app = await apps.open('?demo=0');
		const { page } = app;
		const all = await page.getByTestId('nav-link').evaluateAll((as) => as.map((a) => a.textContent!.trim()));
		// Data, Dashboard and the 15 analyses of the registry that have a page in the menu (Overlap has none).
		expect(all).toHaveLength(17);
		expect(all.slice(0, 3)).toEqual(['Data', 'Dashboard', 'Trends']);
		for (const width of [1920, 1400, 1280]) {
			await page.setViewportSize({ width, height: 800 });
			await expect.poll(() => page.getByTestId('nav-more').count(), WAIT).toBe(0);
			const row = await rowLinks(page);
			expect(row.map((l) => l.label)).toEqual(all);
			// One row: every link has the same top and bottom, and the last ends inside the window.
			expect(new Set(row.map((l) => `${l.top}/${l.bottom}`)).size).toBe(1);
			expect(Math.max(...row.map((l) => l.right))).toBeLessThanOrEqual(width);
			await page.screenshot({ path: `test-results/nav-${width}.png` });
		}

		// 1024 px: still one row, the links that do not fit under More, each reachable by keyboard. The row
		// settles once the header's own widths are known (the workspace name, late layout): read it after the
		// menu is open, when the row and the menu together must be every page, in order, each once.
		await page.setViewportSize({ width: 1024, height: 800 });
		await page.getByTestId('nav-more').waitFor();
		await page.getByTestId('nav-more').focus();
		await page.keyboard.press('Enter');
		expect(await page.getByTestId('nav-more').getAttribute('aria-expanded')).toBe('true');
		const split = async () => {
			const row = (await rowLinks(page)).map((l) => l.label);
			const menu = await page.getByTestId('nav-more-link').allInnerTexts();
			return { row, menu };
		};
		await expect.poll(async () => Object.values(await split()).flat(), WAIT).toEqual(all);
		const { row: rowLabels, menu: hidden } = await split();
		expect(hidden.length).toBeGreaterThan(0);
		expect(rowLabels).toEqual(all.slice(0, rowLabels.length));
		const row = await rowLinks(page);
		expect(new Set(row.map((l) => `${l.top}/${l.bottom}`)).size).toBe(1);
		expect(Math.max(...row.map((l) => l.right))).toBeLessThanOrEqual(1024);
		await page.screenshot({ path: 'test-results/nav-1024-more.png' });
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(hidden[0]);
		await page.keyboard.press('Enter');
		await page.waitForURL((u) => !u.pathname.endsWith('/') || u.pathname.length > 1);
		// The page opened is marked current in the menu and the More button shows it holds it.
		await expect
			.poll(() => page.locator('[data-testid="nav-more-link"][aria-current="page"]').count(), WAIT)
			.toBe(1);
		expect(await page.getByTestId('nav-more').getAttribute('class')).toContain('current');
		expect(await page.getByTestId('nav-more').getAttribute('aria-expanded')).toBe('false');
		// Escape closes the menu and gives the focus back to its button.
		await page.getByTestId('nav-more').click();
		await page.keyboard.press('Escape');
		expect(await page.getByTestId('nav-more').getAttribute('aria-expanded')).toBe('false');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-more');
		// A page in the row is marked there.
		await page.getByRole('link', { name: 'Dashboard' }).click();
		await expect
			.poll(() => page.locator('[data-testid="nav-link"][aria-current="page"]').allInnerTexts(), WAIT)
			.toEqual(['Dashboard']);
	});
});
