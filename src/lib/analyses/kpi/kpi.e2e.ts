import { describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { appsUnderTest, reportStats } from '../../../../test/e2e/harness.ts';

const apps = appsUnderTest();

describe('KPI screen', () => {
	test('draws DAU, pins it, adds adoption beside it, and exports both', async () => {
		const app = await apps.open();
		const stats = await reportStats(app.page);
		await app.page.getByRole('link', { name: 'KPIs' }).click();
		const section = app.page.locator('[data-testid="kpi"][data-state="ready"]');
		await section.waitFor({ timeout: 120_000 });
		await app.page.getByTestId('kpi-chart').locator('canvas').first().waitFor();
		expect(JSON.parse((await section.getAttribute('data-spec')) ?? '{}')).toMatchObject({
			kind: 'kpi',
			period: 'day',
			series: [{ metric: 'active_users', window: 'day' }]
		});
		const dau = Number(await app.page.getByTestId('kpi-headline-value').first().getAttribute('data-value'));
		expect(dau).toBeGreaterThan(0);
		expect(dau).toBeLessThanOrEqual(stats.users);

		await app.page.getByTestId('kpi-pin').click();
		await app.page.getByTestId('kpi-metric').selectOption('adoption');
		await app.page.getByTestId('kpi-event').selectOption('order_completed');
		await app.page.getByTestId('kpi-period-week').click();
		await app.page.waitForFunction(() => {
			const spec = document
				.querySelector('[data-testid="kpi"][data-state="ready"]')
				?.getAttribute('data-spec');
			return spec?.includes('"adoption"') && spec.includes('"week"');
		});
		const spec = JSON.parse((await section.getAttribute('data-spec')) ?? '{}');
		expect(spec.series.map((s: { metric: string }) => s.metric)).toEqual(['active_users', 'adoption']);
		expect(await app.page.getByTestId('kpi-headline-value').count()).toBe(2);

		const [download] = await Promise.all([
			app.page.waitForEvent('download'),
			app.page.getByTestId('export-csv').click()
		]);
		const csv = await readFile((await download.path())!, 'utf8');
		const parsed = Papa.parse<Record<string, string>>(csv.trim(), { header: true });
		expect(parsed.meta.fields).toEqual([
			'period',
			'Daily active users',
			'Adoption of order_completed',
			'complete'
		]);
		for (const row of parsed.data) {
			// Weekly distinct users, and a share of them.
			expect(Number(row['Daily active users'])).toBeLessThanOrEqual(stats.users);
			const share = row['Adoption of order_completed'];
			if (share !== '') expect(Number(share)).toBeGreaterThanOrEqual(0);
			if (share !== '') expect(Number(share)).toBeLessThanOrEqual(1);
		}
	});
});
