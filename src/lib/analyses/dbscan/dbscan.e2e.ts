import path from 'node:path';
import { readFile, mkdir } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { appsUnderTest } from '../../../../test/e2e/harness.ts';
import { bruteDbscan } from '../../../../test/unit/support/dbscan-reference.ts';

const apps = appsUnderTest();
const MALL = path.resolve('test/fixtures/data/mall-customers/Mall_Customers.csv');

/** Cluster sizes (largest first) and noise of the plain O(n²) DBSCAN on Age, income and score, z-scored here. */
async function reference(eps: number, minPts: number): Promise<{ sizes: number[]; noise: number }> {
	const lines = (await readFile(MALL, 'utf8')).trim().split('\n').slice(1);
	const raw = lines.map((l) => l.split(',').slice(2).map(Number));
	const cols = raw[0].map((_, j) => {
		const col = raw.map((r) => r[j]);
		const mean = col.reduce((s, x) => s + x, 0) / col.length;
		const sd = Math.sqrt(col.reduce((s, x) => s + (x - mean) ** 2, 0) / col.length);
		return col.map((x) => (x - mean) / sd);
	});
	const labels = bruteDbscan(
		raw.map((_, i) => cols.map((c) => c[i])),
		eps,
		minPts
	);
	const sizes = [...new Set(labels.filter((l) => l >= 0))]
		.map((c) => labels.filter((l) => l === c).length)
		.sort((a, b) => b - a);
	return { sizes, noise: labels.filter((l) => l === -1).length };
}

describe('density clusters screen', () => {
	test('Mall customers: the k-distance plot suggests eps; DBSCAN at eps 0.6, minPts 5 matches the reference; noise saved as a segment', async () => {
		const app = await apps.open('density-clusters/?demo=0');
		const { page } = app;
		await page.getByTestId('file-input').setInputFiles(MALL);
		const kd = page.locator('[data-testid="dbscan-kdistance"][data-state="ready"]');
		await kd.waitFor({ timeout: 120_000 });
		await page.getByTestId('dbscan-kdistance-chart').locator('canvas').first().waitFor();
		expect(await page.getByTestId('dbscan-suggestion').innerText()).toMatch(/Suggested eps: [\d.]+/);
		// The first run uses the suggestion and says so.
		await page.locator('[data-testid="dbscan"][data-state="ready"]').waitFor({ timeout: 120_000 });
		expect(await page.getByTestId('dbscan-settings').innerText()).toMatch(/suggested: the k-distance knee/);

		await page.getByTestId('dbscan-eps').fill('0.6');
		await page.getByTestId('dbscan-eps').press('Enter');
		await page.getByTestId('dbscan-eps').blur();
		const ready = page.locator('[data-testid="dbscan"][data-state="ready"]');
		await expect
			.poll(async () => JSON.parse((await ready.getAttribute('data-spec')) ?? '{}').eps, { timeout: 120_000 })
			.toBe(0.6);
		const spec = JSON.parse((await ready.getAttribute('data-spec')) ?? '{}');
		expect(spec.features.map((f: { column: string }) => f.column)).toEqual([
			'Age',
			'Annual Income (k$)',
			'Spending Score (1-100)'
		]);
		expect(spec).toMatchObject({ kind: 'dbscan', minPts: 5, scale: 'zscore' });
		await page.getByTestId('dbscan-scatter').locator('canvas').first().waitFor();
		await page.getByTestId('dbscan-profile').locator('canvas').first().waitFor();

		const ref = await reference(0.6, 5);
		expect(ref.sizes.length).toBeGreaterThan(1);
		const items = await page.getByTestId('dbscan-clusters').locator('li').allInnerTexts();
		const count = (t: string) => Number(/· ([\d,]+) users/.exec(t)![1].replace(/,/g, ''));
		expect(items.slice(0, -1).map(count)).toEqual(ref.sizes);
		expect(items.at(-1)!.trim()).toMatch(/^Noise · noise/);
		expect(count(items.at(-1)!)).toBe(ref.noise);
		expect(await page.getByTestId('dbscan-settings').innerText()).toContain('eps = 0.6 · minPts 5');

		await page.getByTestId('dbscan-pick-noise').click();
		await page.getByTestId('dbscan-save').click();
		await expect.poll(() => page.getByTestId('dbscan-saved').count(), { timeout: 30_000 }).toBe(1);
		expect(await page.getByTestId('dbscan-saved').innerText()).toMatch(/Saved “Density noise \(outliers\)”/);
		// Its size in the sidebar is the noise's user count (it read "n/a": the data has no time column).
		const saved = page.locator('[data-testid="saved-segment"][data-name="Density noise (outliers)"]');
		await expect
			.poll(() => saved.getByTestId('saved-segment-size').getAttribute('data-value'), { timeout: 60_000 })
			.toBe(String(ref.noise));
		await mkdir('test-results', { recursive: true });
		await page.screenshot({ path: 'test-results/dbscan-mall.png', fullPage: true });
	});
});
