import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { appsUnderTest } from '../../../../test/e2e/harness.ts';

const apps = appsUnderTest();
const MALL = path.resolve('test/fixtures/data/mall-customers/Mall_Customers.csv');
// SciPy's fcluster sizes on the same z-scored Age, income and score (test/fixtures/clustering).
const scipy = JSON.parse(
	readFileSync(path.resolve('test/fixtures/clustering/mall_ward_reference.json'), 'utf8')
) as { byK: Record<string, number[]> };

const sizesOf = async (app: Awaited<ReturnType<typeof apps.open>>) =>
	(await app.page.getByTestId('ward-clusters').locator('li').allInnerTexts()).map((t) =>
		Number(/· ([\d,]+) users/.exec(t)![1].replace(/,/g, ''))
	);

describe('cluster tree screen', () => {
	test('Mall customers: the dendrogram, SciPy cluster sizes, a cut by height kept in step with k, a saved cluster', async () => {
		const app = await apps.open('cluster-tree/?demo=0');
		await app.page.getByTestId('file-input').setInputFiles(MALL);
		const ready = app.page.locator('[data-testid="ward"][data-state="ready"]');
		await ready.waitFor({ timeout: 120_000 });
		const spec = JSON.parse((await ready.getAttribute('data-spec')) ?? '{}');
		expect(spec.features.map((f: { column: string }) => f.column)).toEqual([
			'Age',
			'Annual Income (k$)',
			'Spending Score (1-100)'
		]);
		expect(spec).toMatchObject({ kind: 'hierarchical', k: 4, height: null, scale: 'zscore' });
		await app.page.getByTestId('ward-dendrogram').locator('canvas').first().waitFor();
		await app.page.getByTestId('ward-scatter').locator('canvas').first().waitFor();
		expect(await sizesOf(app)).toEqual(scipy.byK['4']);
		expect(await app.page.getByTestId('ward-settings').innerText()).toContain('cut into 4 clusters');
		await app.page.screenshot({ path: 'test-results/ward-k4.png', fullPage: true });

		// A height between the 5th and 4th merges from the top (SciPy: 9.719 and 9.739) cuts into 5.
		await app.page.getByTestId('ward-height').fill('9.73');
		await app.page.getByTestId('ward-height').dispatchEvent('change');
		await expect.poll(() => app.page.getByTestId('ward-k').inputValue()).toBe('5');
		const frame = app.page.getByTestId('ward').first();
		await expect
			.poll(async () => JSON.parse((await frame.getAttribute('data-spec')) ?? '{}').height, {
				timeout: 60_000
			})
			.toBe(9.73);
		await app.page.locator('[data-testid="ward"][data-state="ready"]').waitFor({ timeout: 120_000 });
		await expect.poll(() => sizesOf(app), { timeout: 60_000 }).toEqual(scipy.byK['5']);

		await app.page.getByTestId('ward-save').click();
		await expect.poll(() => app.page.getByTestId('ward-saved').count(), { timeout: 30_000 }).toBe(1);
		expect(await app.page.getByTestId('ward-saved').innerText()).toMatch(/Saved “Cluster 1: /);
	});
});
