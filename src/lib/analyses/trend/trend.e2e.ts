import { describe, expect, test } from 'vitest';
import { appsUnderTest, reportStats } from '../../../../test/e2e/harness.ts';

const apps = appsUnderTest();

describe('trend screen', () => {
	test('draws events per week of the demo, and its table adds up to the rows of the report', async () => {
		const app = await apps.open();
		const stats = await reportStats(app.page);
		await app.page.getByRole('link', { name: 'Trends' }).click();
		const ready = app.page.locator('[data-testid="trend"][data-state="ready"]');
		await ready.waitFor({ timeout: 120_000 });
		await app.page.getByTestId('trend-chart').locator('canvas').first().waitFor();
		expect(JSON.parse((await ready.getAttribute('data-spec')) ?? '{}')).toMatchObject({
			kind: 'trend',
			measure: 'events',
			period: 'week'
		});

		await app.page.getByTestId('tab-table').click();
		const cells = await app.page
			.getByTestId('trend-table')
			.locator('tbody tr td:nth-child(2)')
			.allInnerTexts();
		const total = cells.reduce((n, c) => n + Number(c.replace(/,/g, '')), 0);
		// Every event has a time in the demo, so the weekly counts cover every row of the report.
		expect(total).toBe(stats.rows);

		await app.page.getByTestId('trend-measure').selectOption('users');
		await app.page.waitForFunction(() =>
			document
				.querySelector('[data-testid="trend"][data-state="ready"]')
				?.getAttribute('data-spec')
				?.includes('"users"')
		);
		const weeklyUsers = await app.page
			.getByTestId('trend-table')
			.locator('tbody tr td:nth-child(2)')
			.allInnerTexts();
		const most = Math.max(...weeklyUsers.map((c) => Number(c.replace(/,/g, ''))));
		expect(most).toBeGreaterThan(0);
		expect(most).toBeLessThanOrEqual(stats.users);
	});
});
