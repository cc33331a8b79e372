import { describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { appsUnderTest, reportStats } from '../../../../test/e2e/harness.ts';

const apps = appsUnderTest();

describe('RFM screen', () => {
	test('draws the grid and the segments, saves a named segment and uses it as the filter', async () => {
		const app = await apps.open();
		await reportStats(app.page);
		await app.page.getByRole('link', { name: 'RFM' }).click();
		const ready = app.page.locator('[data-testid="rfm"][data-state="ready"]');
		await ready.waitFor({ timeout: 120_000 });
		// The demo shop's guesses: its revenue column, its purchase event, the classic quintiles.
		expect(JSON.parse((await ready.getAttribute('data-spec')) ?? '{}')).toMatchObject({
			kind: 'rfm',
			monetary: 'revenue',
			event: 'order_completed',
			bins: 5
		});
		const buyers = Number(await ready.getAttribute('data-users'));
		expect(buyers).toBeGreaterThan(10);
		await app.page.getByTestId('rfm-grid').locator('canvas').first().waitFor();
		await app.page.getByTestId('rfm-classes').locator('canvas').first().waitFor();

		// The named segments add up to every scored user.
		await app.page.getByTestId('tab-table').click();
		const sizes = await app.page
			.getByTestId('rfm-classes-table')
			.locator('tbody tr td:nth-child(2)')
			.allInnerTexts();
		expect(sizes.reduce((n, s) => n + Number(s.replace(/,/g, '')), 0)).toBe(buyers);

		// Select the first named segment with users and save it.
		await app.page.locator('[data-testid^="rfm-select-class-"]').first().click();
		const size = Number((await app.page.getByTestId('rfm-selection-size').innerText()).replace(/,/g, ''));
		expect(size).toBeGreaterThan(0);
		await app.page.getByTestId('rfm-segment-name').fill('e2e RFM pick');
		await app.page.getByTestId('rfm-save').click();
		await app.page.getByTestId('rfm-saved').waitFor();

		// As the filter of every analysis: RFM of those users scores exactly them.
		await app.page.getByTestId('segment-filter').selectOption({ label: 'e2e RFM pick' });
		await app.page.waitForFunction(() =>
			document
				.querySelector('[data-testid="rfm"][data-state="ready"]')
				?.getAttribute('data-spec')
				?.includes('"users"')
		);
		await expect
			.poll(async () => Number(await app.page.getByTestId('rfm').getAttribute('data-users')), {
				timeout: 60_000
			})
			.toBe(size);

		// The per-user table and its CSV: one line per scored user.
		await app.page.getByTestId('tab-users').click();
		await app.page.getByTestId('rfm-users').waitFor({ timeout: 60_000 });
		const [download] = await Promise.all([
			app.page.waitForEvent('download'),
			app.page.getByTestId('export-csv').click()
		]);
		const csv = await readFile((await download.path())!, 'utf8');
		const parsed = Papa.parse<Record<string, string>>(csv.trim(), { header: true });
		expect(parsed.meta.fields).toEqual([
			'user',
			'recency_days',
			'frequency',
			'monetary',
			'R',
			'F',
			'M',
			'code',
			'segment'
		]);
		expect(parsed.data).toHaveLength(size);
	});
});
