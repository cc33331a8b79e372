import { describe, expect, test } from 'vitest';
import { appsUnderTest, reportStats } from '../../../../test/e2e/harness.ts';

const apps = appsUnderTest();

const number = (s: string) => Number(s.replace(/[,%]/g, ''));

describe('stickiness screen', () => {
	test('draws users by active days per week, a table that adds up, and the cumulative view', async () => {
		const app = await apps.open();
		const stats = await reportStats(app.page);
		await app.page.getByRole('link', { name: 'Stickiness' }).click();
		const ready = app.page.locator('[data-testid="stickiness"][data-state="ready"]');
		await ready.waitFor({ timeout: 120_000 });
		await app.page.getByTestId('stickiness-chart').locator('canvas').first().waitFor();
		expect(JSON.parse((await ready.getAttribute('data-spec')) ?? '{}')).toMatchObject({
			kind: 'stickiness',
			interval: 'week'
		});

		await app.page.getByTestId('tab-table').click();
		const rows = app.page.getByTestId('stickiness-table').locator('tbody tr');
		expect(await rows.count()).toBe(7);
		const users = (await rows.locator('td:nth-child(2)').allInnerTexts()).map(number);
		const atLeast = (await rows.locator('td:nth-child(4)').allInnerTexts()).map(number);
		// "1 or more days" holds every (user, week); each row of it is the sum of the rows below.
		expect(atLeast[0]).toBe(users.reduce((a, b) => a + b, 0));
		expect(atLeast[6]).toBe(users[6]);
		expect(atLeast[0]).toBeGreaterThanOrEqual(stats.users * 0.5);

		await app.page.getByTestId('stickiness-interval-month').click();
		await app.page.waitForFunction(() =>
			document
				.querySelector('[data-testid="stickiness"][data-state="ready"]')
				?.getAttribute('data-spec')
				?.includes('"month"')
		);
		expect(await app.page.getByTestId('stickiness-table').locator('tbody tr').count()).toBe(31);
	});
});
