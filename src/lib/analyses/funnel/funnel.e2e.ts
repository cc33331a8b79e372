import { describe, expect, test } from 'vitest';
import { appsUnderTest, reportStats } from '../../../../test/e2e/harness.ts';

const apps = appsUnderTest();

describe('Funnel screen', () => {
	test('builds a three-step funnel on the demo data and turns a drop-off into a segment', async () => {
		const app = await apps.open();
		await reportStats(app.page);
		await app.page.getByRole('link', { name: 'Funnels' }).click();
		await app.page.getByTestId('funnel-add-step').click();
		await app.page.getByTestId('funnel-step-0-event').selectOption('product_viewed');
		await app.page.getByTestId('funnel-step-1-event').selectOption('added_to_cart');
		await app.page.getByTestId('funnel-step-2-event').selectOption('order_completed');
		const ready = app.page.locator('[data-testid="funnel"][data-state="ready"]');
		await ready.waitFor({ timeout: 120_000 });
		expect(JSON.parse((await ready.getAttribute('data-spec')) ?? '{}')).toMatchObject({
			kind: 'funnel',
			steps: [{ event: 'product_viewed' }, { event: 'added_to_cart' }, { event: 'order_completed' }]
		});
		await app.page.getByTestId('funnel-chart').locator('canvas').first().waitFor();
		await app.page.getByTestId('funnel-time-chart').locator('canvas').first().waitFor();
		await app.page.getByTestId('funnel-trend-chart').locator('canvas').first().waitFor();

		// The table: each step no larger than the one before (no optional steps here).
		await app.page.getByTestId('tab-table').click();
		const users = (
			await app.page.getByTestId('funnel-table').locator('tbody tr td:nth-child(5)').allInnerTexts()
		).map((s) => Number(s.replace(/,/g, '')));
		expect(users[0]).toBeGreaterThan(50);
		expect(users[1]).toBeLessThanOrEqual(users[0]);
		expect(users[2]).toBeLessThanOrEqual(users[1]);
		await app.page.getByRole('tab', { name: 'Chart' }).click();

		// "Viewed a product, did not add to cart": the drop-off at step 2 as a segment.
		await app.page.getByTestId('funnel-pick-1-dropped').click();
		const size = Number((await app.page.getByTestId('funnel-selection-size').innerText()).replace(/,/g, ''));
		expect(size).toBe(users[0] - users[1]);
		await app.page.getByTestId('funnel-segment-name').fill('e2e viewed, no cart');
		await app.page.getByTestId('funnel-save').click();
		await app.page.getByTestId('funnel-saved').waitFor();

		// As the filter: the same funnel over those users has them all at step 1 and none at step 2.
		await app.page.getByTestId('segment-filter').selectOption({ label: 'e2e viewed, no cart' });
		await app.page.waitForFunction(() =>
			document
				.querySelector('[data-testid="funnel"][data-state="ready"]')
				?.getAttribute('data-spec')
				?.includes('"users"')
		);
		await app.page.getByTestId('tab-table').click();
		const inSegment = (
			await app.page.getByTestId('funnel-table').locator('tbody tr td:nth-child(5)').allInnerTexts()
		).map((s) => Number(s.replace(/,/g, '')));
		expect(inSegment.slice(0, 2)).toEqual([size, 0]);
	});
});
