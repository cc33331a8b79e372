import { describe, expect, test } from 'vitest';
import { appsUnderTest, reportStats } from '../../../../test/e2e/harness.ts';

const apps = appsUnderTest();

describe('lifecycle screen', () => {
	test('draws the stacked bars; every user is new exactly once, dormant below zero', async () => {
		const app = await apps.open();
		const stats = await reportStats(app.page);
		await app.page.getByRole('link', { name: 'Lifecycle' }).click();
		const ready = app.page.locator('[data-testid="lifecycle"][data-state="ready"]');
		await ready.waitFor({ timeout: 120_000 });
		await app.page.getByTestId('lifecycle-chart').locator('canvas').first().waitFor();
		expect(JSON.parse((await ready.getAttribute('data-spec')) ?? '{}')).toMatchObject({
			kind: 'lifecycle',
			period: 'week',
			event: null
		});

		await app.page.getByTestId('lifecycle-period-month').click();
		await app.page.waitForFunction(() =>
			document
				.querySelector('[data-testid="lifecycle"][data-state="ready"]')
				?.getAttribute('data-spec')
				?.includes('"month"')
		);
		await app.page.getByTestId('tab-table').click();
		const table = app.page.getByTestId('lifecycle-table');
		const column = async (n: number) =>
			(await table.locator(`tbody tr td:nth-child(${n})`).allInnerTexts()).map((c) =>
				Number(c.replace(/,/g, ''))
			);
		// With any event, each user is active in the month of their first event: new once, and only once.
		expect((await column(2)).reduce((a, b) => a + b, 0)).toBe(stats.users);
		expect((await column(5)).every((d) => d <= 0)).toBe(true);
		expect((await column(5)).some((d) => d < 0)).toBe(true);
	});
});
