// "This segment vs everyone" (SEMANTICS §1b `compare`) on the issue 9 analyses: one saved segment, compared
// with all users on engagement, KPIs, stickiness and lifecycle; each draws both, and the all-users side is
// checked against the ingest report, the segment's side against it (a segment is a subset of all users).
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { appsUnderTest, reportStats } from './harness.ts';

const apps = appsUnderTest();
const SEGMENT = 'Top 10% by engagement';
const n = (s: string) => Number(s.replace(/[,%]/g, ''));

/** Waits for the section of `kind` to be ready on a spec with the segment compared. */
async function ready(page: Page, kind: string) {
	await page.waitForFunction(
		(k) => {
			const s = document.querySelector(`[data-testid="${k}"][data-state="ready"]`);
			return !!s && (s.getAttribute('data-spec') ?? '').includes('"compare":true');
		},
		kind,
		{ timeout: 120_000 }
	);
}

/** The table of `testid` as its header and rows of cell texts. */
async function table(page: Page, testid: string) {
	const t = page.getByTestId(testid);
	await t.waitFor({ timeout: 60_000 });
	return {
		header: await t.locator('thead th').allInnerTexts(),
		rows: await t
			.locator('tbody tr')
			.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')))
	};
}

describe('a segment beside all users', () => {
	test('engagement, KPIs, stickiness and lifecycle each draw the segment and all users', async () => {
		const app = await apps.open();
		const { page } = app;
		const stats = await reportStats(page);

		await page.getByRole('link', { name: 'Engagement' }).click();
		await page.locator('[data-testid="engagement"][data-state="ready"]').waitFor({ timeout: 120_000 });
		await page.getByTestId('engagement-save-segment').click();
		await expect
			.poll(() => page.getByTestId('segment-filter').locator('option').allInnerTexts())
			.toContain(SEGMENT);
		await page.getByTestId('segment-filter').selectOption({ label: SEGMENT });
		await page.getByTestId('segment-compare').click();

		// Engagement: two histograms; all users' bins hold every user of the file, the segment's fewer.
		await ready(page, 'engagement');
		await page.getByTestId('engagement-baseline').locator('canvas').first().waitFor({ timeout: 60_000 });
		await page.getByTestId('engagement-chart').locator('canvas').first().waitFor();
		await page.screenshot({ path: 'test-results/compare-engagement.png', fullPage: true });
		await page.getByTestId('tab-table').click();
		const sum = (rows: string[][]) => rows.reduce((a, r) => a + n(r[1]), 0);
		const mine = sum((await table(page, 'engagement-bins')).rows);
		expect(sum((await table(page, 'engagement-bins-baseline')).rows)).toBe(stats.users);
		expect(mine).toBeGreaterThan(0);
		expect(mine).toBeLessThan(stats.users / 2);

		// KPIs: daily active users of the segment and of all users, period by period.
		await page.getByRole('link', { name: 'KPIs' }).click();
		await ready(page, 'kpi');
		await page.getByTestId('kpi-chart').locator('canvas').first().waitFor();
		await page.screenshot({ path: 'test-results/compare-kpi.png', fullPage: true });
		await page.getByTestId('tab-table').click();
		await expect
			.poll(async () => (await table(page, 'kpi-table')).header, { timeout: 60_000 })
			.toEqual(['Period', `Daily active users (${SEGMENT})`, 'Daily active users (All users)', 'Complete']);
		const days = (await table(page, 'kpi-table')).rows;
		expect(days.length).toBeGreaterThan(7);
		for (const [, seg, all] of days) expect(n(seg)).toBeLessThanOrEqual(n(all));
		expect(days.some(([, seg, all]) => n(seg) < n(all))).toBe(true);
		expect(Math.max(...days.map((d) => n(d[2])))).toBeLessThanOrEqual(stats.users);

		// Stickiness: all users' four columns beside the segment's; their users never fewer.
		await page.getByRole('link', { name: 'Stickiness' }).click();
		await ready(page, 'stickiness');
		await page.getByTestId('stickiness-chart').locator('canvas').first().waitFor();
		await page.screenshot({ path: 'test-results/compare-stickiness.png', fullPage: true });
		await page.getByTestId('tab-table').click();
		await expect
			.poll(async () => (await table(page, 'stickiness-table')).header.slice(5), { timeout: 60_000 })
			.toEqual([
				'All users: users',
				'All users: share',
				'All users: users (this many or more)',
				'All users: share (this many or more)'
			]);
		const weeks = (await table(page, 'stickiness-table')).rows;
		expect(weeks).toHaveLength(7);
		// "1 or more days" is every (user, week): the segment's are a part of everyone's.
		expect(n(weeks[0][3])).toBeLessThan(n(weeks[0][7]));
		expect(n(weeks[0][8])).toBe(100);

		// Lifecycle: two stacks; everyone is new exactly once among all users.
		await page.getByRole('link', { name: 'Lifecycle' }).click();
		await ready(page, 'lifecycle');
		await page.getByTestId('lifecycle-baseline').locator('canvas').first().waitFor({ timeout: 60_000 });
		await page.screenshot({ path: 'test-results/compare-lifecycle.png', fullPage: true });
		await page.getByTestId('tab-table').click();
		const segNew = (await table(page, 'lifecycle-table')).rows.reduce((a, r) => a + n(r[1]), 0);
		expect(segNew).toBe(mine);
	});
});
