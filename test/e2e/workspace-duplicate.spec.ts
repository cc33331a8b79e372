import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { appsUnderTest, reportStats } from './harness.ts';
import { smallFileA, STATS_A } from './small-files.ts';

const apps = appsUnderTest();

/** smallFileA, counted by hand: distinct users per day, May 1 to 4 (ann+bob, ann+cat, bob, cat). */
const DAILY_USERS = [2, 2, 1, 1];
const WAIT = { timeout: 120_000 };

async function workspace(page: Page, name: string) {
	await expect.poll(() => page.getByTestId('workspace-name').innerText(), WAIT).toBe(name);
}

/** Opens Trends from the menu (its daily users, kept from the first visit) and reads its table and status. */
async function dailyUsers(page: Page): Promise<{ values: number[]; status: string }> {
	await page.getByRole('link', { name: 'Trends', exact: true }).click();
	const frame = page.locator('[data-testid="trend"][data-state="ready"]');
	await frame.waitFor(WAIT);
	expect(JSON.parse((await frame.getAttribute('data-spec'))!)).toMatchObject({
		measure: 'users',
		period: 'day'
	});
	await page.getByTestId('tab-table').click();
	const cells = await page.getByTestId('trend-table').locator('tbody tr td:nth-child(2)').allInnerTexts();
	return { values: cells.map(Number), status: await page.getByTestId('trend-status').innerText() };
}

async function menu(page: Page, action: 'duplicate' | 'delete') {
	await page.getByTestId('workspace-switcher').locator('summary').click();
	if (action === 'delete') page.once('dialog', (d) => void d.accept());
	await page.getByTestId(`workspace-${action}`).click();
}

describe('duplicating a workspace', () => {
	test('the copy opens on its own kept data with the cached results; deleting the original spares it', async () => {
		const { page } = await apps.open('?demo=0');
		await page.getByTestId('file-input').setInputFiles(smallFileA('shop.csv'));
		expect(await reportStats(page)).toMatchObject(STATS_A);
		const bytes = page.getByTestId('kept-bytes');
		await bytes.waitFor(WAIT);
		const size = await bytes.getAttribute('data-value');
		await page.getByRole('link', { name: 'Trends', exact: true }).click();
		await page.locator('[data-testid="trend"][data-state="ready"]').waitFor(WAIT);
		await page.getByTestId('trend-measure').selectOption('users');
		await page.getByTestId('trend-period-day').click();
		await expect.poll(async () => (await dailyUsers(page)).values, WAIT).toEqual(DAILY_USERS);

		await menu(page, 'duplicate');
		await workspace(page, 'My workspace (copy)');
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		expect(await reportStats(page)).toMatchObject(STATS_A);
		expect(await page.getByTestId('kept-bytes').getAttribute('data-value')).toBe(size);
		const copied = await dailyUsers(page);
		expect(copied.values).toEqual(DAILY_USERS);
		expect(copied.status).toContain('from cache');

		// Back to the original and delete it: the copy is opened, its data and results still there.
		await page.getByTestId('workspace-switcher').locator('summary').click();
		await page.getByRole('button', { name: 'My workspace', exact: true }).click();
		await workspace(page, 'My workspace');
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		expect(await reportStats(page)).toMatchObject(STATS_A);
		await menu(page, 'delete');
		await workspace(page, 'My workspace (copy)');
		await page.reload();
		expect(await reportStats(page)).toMatchObject(STATS_A);
		await page.getByTestId('kept-bytes').waitFor(WAIT);
		const left = await dailyUsers(page);
		expect(left.values).toEqual(DAILY_USERS);
		expect(left.status).toContain('from cache');
		await page.screenshot({ path: 'test-results/workspace-duplicate.png' });
	});
});
