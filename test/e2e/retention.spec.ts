import { describe, expect, test } from 'vitest';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { appsUnderTest, reportStats, type App } from './harness.ts';
import { main } from '../../src/cli/main.ts';
import type { RetentionResult } from '../../src/lib/analyses/retention/spec.ts';

const apps = appsUnderTest();

async function ready(a: App) {
	const section = a.page.locator('[data-testid="retention"][data-state="ready"]');
	await section.waitFor({ timeout: 120_000 });
	return section;
}

describe('retention screen', () => {
	test('draws the triangle, updates in place, and exports what the CLI prints', async () => {
		const app = await apps.open();
		await reportStats(app.page);
		const report = {
			mapping: JSON.parse((await app.page.getByTestId('ingest-done').getAttribute('data-mapping')) ?? '{}'),
			timezone: await app.page.getByTestId('ingest-done').getAttribute('data-timezone')
		};
		await app.page.getByRole('link', { name: 'Retention' }).click();
		let section = await ready(app);
		const heatmap = app.page.getByTestId('retention-heatmap');
		await heatmap.locator('canvas').first().waitFor();
		const weekly = JSON.parse((await section.getAttribute('data-spec')) ?? '{}');
		expect(weekly).toMatchObject({ kind: 'retention', period: 'week' });

		await app.page.getByTestId('period-month').click();
		await app.page.waitForFunction(() =>
			document.querySelector('[data-testid="retention"]')?.getAttribute('data-spec')?.includes('"month"')
		);
		section = await ready(app);
		const spec = JSON.parse((await section.getAttribute('data-spec')) ?? '{}');
		expect(spec.period).toBe('month');

		await app.page.getByTestId('tab-table').click();
		const rows = app.page.getByTestId('retention-table').locator('tbody tr');
		expect(await rows.count()).toBeGreaterThanOrEqual(3);

		const [download] = await Promise.all([
			app.page.waitForEvent('download'),
			app.page.getByTestId('export-csv').click()
		]);
		const csv = await readFile((await download.path())!, 'utf8');
		const parsed = Papa.parse<Record<string, string>>(csv.trim(), { header: true });

		// The same analysis through the command-line tool on the same file and mapping.
		const dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-e2e-'));
		const specFile = path.join(dir, 'spec.json');
		await writeFile(
			specFile,
			JSON.stringify({
				dataset: {
					files: [path.resolve('static/data/demo-shop.csv.gz')],
					columns: report.mapping,
					timezone: report.timezone
				},
				analysis: spec
			})
		);
		let printed = '';
		expect(await main(['run', specFile, '--json'], (s) => (printed += s))).toBe(0);
		const cli = JSON.parse(printed) as RetentionResult;
		expect(parsed.data.map((r) => r.cohort)).toEqual(cli.cohorts.map((c) => c.cohort));
		for (const [i, c] of cli.cohorts.entries()) {
			const row = parsed.data[i];
			expect(Number(row.size)).toBe(c.size);
			c.values.forEach((v, k) => expect(row[`month_${k}`]).toBe(v == null ? '' : String(v)));
		}
	});
});
