import { describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { appsUnderTest, reportStats } from '../../../../test/e2e/harness.ts';

const apps = appsUnderTest();

describe('Churn risk screen', () => {
	test('scores the demo shop, draws the model, exports the scores and saves the at-risk users', async () => {
		const app = await apps.open();
		await reportStats(app.page);
		await app.page.getByRole('link', { name: 'Churn risk' }).click();
		const ready = app.page.locator('[data-testid="churn"][data-state="ready"]');
		await ready.waitFor({ timeout: 180_000 });
		for (const id of ['churn-histogram', 'churn-roc', 'churn-calibration', 'churn-coefficients'])
			await app.page.getByTestId(id).locator('canvas').first().waitFor();
		const auc = Number(await app.page.getByTestId('churn-auc').innerText());
		expect(auc).toBeGreaterThan(0.6);
		expect(await app.page.getByTestId('churn-settings').innerText()).toContain('horizon 30 days');

		// A lower threshold so the demo has a campaign list whatever its calibration.
		await app.page.getByTestId('churn-threshold').fill('0.5');
		await app.page.waitForFunction(() =>
			document
				.querySelector('[data-testid="churn"][data-state="ready"]')
				?.getAttribute('data-spec')
				?.includes('"threshold":0.5')
		);
		const atRisk = Number((await app.page.getByTestId('churn-at-risk').innerText()).replace(/,/g, ''));
		expect(atRisk).toBeGreaterThan(0);

		// The CSV: one line per scored user, those above the threshold marked.
		const [download] = await Promise.all([
			app.page.waitForEvent('download'),
			app.page.getByTestId('export-csv').click()
		]);
		const csv = await readFile((await download.path())!, 'utf8');
		const rows = Papa.parse<Record<string, string>>(csv.trim(), { header: true }).data;
		expect(rows.filter((r) => r.at_risk === 'yes')).toHaveLength(atRisk);
		expect(rows.every((r) => Number(r.risk) >= 0 && Number(r.risk) <= 1)).toBe(true);

		await app.page.getByTestId('churn-segment-name').fill('e2e churn list');
		await app.page.getByTestId('churn-save').click();
		await app.page.getByTestId('churn-saved').waitFor();

		// Picked as the filter, the segment is exactly the at-risk users' list.
		await app.page.getByTestId('segment-filter').selectOption({ label: 'e2e churn list' });
		await app.page.waitForFunction(() =>
			document.querySelector('[data-testid="churn"]')?.getAttribute('data-spec')?.includes('"users"')
		);
		const spec = JSON.parse((await app.page.getByTestId('churn').getAttribute('data-spec')) ?? '{}');
		// A saved segment reaches the spec resolved to its rule: here the list of users.
		const list: string[] = spec.segment.users ?? spec.segment.rule?.users;
		expect(list).toHaveLength(atRisk);
		expect(new Set(list)).toEqual(new Set(rows.filter((r) => r.at_risk === 'yes').map((r) => r.user)));
	});
});
