import { describe, expect, test } from 'vitest';
import { appsUnderTest, reportStats } from '../../../../test/e2e/harness.ts';

const apps = appsUnderTest();

describe('paths screen', () => {
	test('draws the paths of the demo from $pageview, clicks the start node and saves its users', async () => {
		const app = await apps.open();
		const stats = await reportStats(app.page);
		await app.page.getByRole('link', { name: 'Paths' }).click();
		const ready = app.page.locator('[data-testid="paths"][data-state="ready"]');
		await ready.waitFor({ timeout: 120_000 });
		expect(JSON.parse((await ready.getAttribute('data-spec')) ?? '{}')).toMatchObject({
			kind: 'paths',
			startEvent: '$pageview',
			depth: 5
		});
		const canvas = app.page.getByTestId('paths-chart').locator('canvas').first();
		await canvas.waitFor();

		// The table: one start node, holding every path; its users are at most the report's.
		await app.page.getByTestId('tab-table').click();
		const start = app.page.getByTestId('paths-table').locator('tbody tr').first().locator('td');
		expect(await start.nth(2).innerText()).toBe('$pageview');
		const users = Number((await start.nth(4).innerText()).replace(/,/g, ''));
		expect(users).toBeGreaterThan(100);
		expect(users).toBeLessThanOrEqual(stats.users);

		// The start node fills the first column of the Sankey: click it.
		await app.page.getByRole('tab', { name: 'Chart' }).click();
		await canvas.waitFor();
		const box = (await canvas.boundingBox())!;
		await canvas.click({ position: { x: 16, y: box.height / 2 } });
		await expect.poll(() => app.page.getByTestId('paths-selected').innerText()).toBe('$pageview');
		await app.page.getByTestId('paths-segment-name').fill('e2e paths start');
		await app.page.getByTestId('paths-save').click();
		await app.page.getByTestId('paths-saved').waitFor({ timeout: 60_000 });

		// Those users as the filter: the same paths, the same users.
		await app.page.getByTestId('segment-filter').selectOption({ label: 'e2e paths start' });
		await app.page.waitForFunction(() =>
			document
				.querySelector('[data-testid="paths"][data-state="ready"]')
				?.getAttribute('data-spec')
				?.includes('"users"')
		);
		await app.page.getByTestId('tab-table').click();
		const again = app.page.getByTestId('paths-table').locator('tbody tr').first().locator('td');
		expect(Number((await again.nth(4).innerText()).replace(/,/g, ''))).toBe(users);
	});
});
