/** What a new user's walk-through found out of shape, on the real Mall customers file. */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { appsUnderTest, reportStats } from './harness.ts';

const apps = appsUnderTest();
const MALL = path.resolve('test/fixtures/data/mall-customers/Mall_Customers.csv');

describe('layout found in the walk-through', () => {
	test('regression: mapping fields keep their height beside a field with a note; the eps field shows its suggestion in full', async () => {
		const app = await apps.open('?demo=0');
		const { page } = app;
		await page.getByTestId('file-input').setInputFiles(MALL);
		await reportStats(page);
		const fields = page.getByTestId('mapping').locator('select, input:not([type="checkbox"])');
		const heights = await fields.evaluateAll((els) =>
			els.map((e) => Math.round(e.getBoundingClientRect().height))
		);
		expect(heights.length).toBeGreaterThan(10);
		// One line each: the row with the source zone's note stretched its neighbours to about twice this.
		expect(Math.max(...heights)).toBeLessThan(1.4 * Math.min(...heights));

		await page.getByRole('link', { name: 'Density clusters' }).click();
		await page.locator('[data-testid="dbscan-kdistance"][data-state="ready"]').waitFor({ timeout: 120_000 });
		const suggested = /Suggested eps: ([\d.]+)/.exec(
			await page.getByTestId('dbscan-suggestion').innerText()
		)![1];
		const eps = page.getByTestId('dbscan-eps');
		await expect.poll(() => eps.getAttribute('placeholder')).toBe(`suggested ${suggested}`);
		const fit = await eps.evaluate((input: HTMLInputElement) => {
			const style = getComputedStyle(input);
			const g = document.createElement('canvas').getContext('2d')!;
			g.font = style.font;
			// Chromium keeps room for the number field's spin buttons (about 15 px) whether shown or not.
			const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 15;
			return { text: g.measureText(input.placeholder).width, room };
		});
		expect(fit.text).toBeLessThanOrEqual(fit.room);
	});
});
