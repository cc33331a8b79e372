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

	test('regression: the Paths event box is as tall as its neighbours; the cleaning rules show their example in full', async () => {
		const app = await apps.open('paths');
		const { page } = app;
		await page.locator('[data-testid="paths"][data-state="ready"]').waitFor({ timeout: 120_000 });
		const height = (id: string) =>
			page.getByTestId(id).evaluate((e) => Math.round(e.getBoundingClientRect().height));
		const event = await height('paths-event');
		// It had the browser's bare input style: 21 px beside 28 px selects (a text field and a select of the
		// same padding may differ by a pixel of font metrics, as the number fields beside them do).
		for (const other of ['paths-direction', 'paths-column', 'paths-depth'])
			expect(Math.abs(event - (await height(other))), other).toBeLessThanOrEqual(1);

		const fit = await page.getByTestId('paths-rules').evaluate((area: HTMLTextAreaElement) => {
			const style = getComputedStyle(area);
			const g = document.createElement('canvas').getContext('2d')!;
			g.font = style.font;
			const lines = area.placeholder.split('\n');
			return {
				widest: Math.max(...lines.map((l) => g.measureText(l).width)),
				width: area.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
				tall: lines.length * parseFloat(style.lineHeight),
				height: area.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
			};
		});
		expect(fit.widest).toBeLessThanOrEqual(fit.width);
		expect(fit.tall).toBeLessThanOrEqual(fit.height + 0.5);
	});
});
