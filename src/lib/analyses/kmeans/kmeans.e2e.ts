import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { appsUnderTest } from '../../../../test/e2e/harness.ts';

const apps = appsUnderTest();
const MALL = path.resolve('test/fixtures/data/mall-customers/Mall_Customers.csv');

describe('clusters screen', () => {
	test('a customer table with no time column, loaded on the retention page, opens on clusters and draws them', async () => {
		const app = await apps.open('retention/?demo=0');
		await app.page.getByTestId('file-input').setInputFiles(MALL);
		await app.page.waitForURL(/\/clusters\/?/, { timeout: 120_000 });
		expect(await app.page.getByTestId('needs-time').count()).toBe(0);
		const ready = app.page.locator('[data-testid="kmeans"][data-state="ready"]');
		await ready.waitFor({ timeout: 120_000 });
		const spec = JSON.parse((await ready.getAttribute('data-spec')) ?? '{}');
		// The numeric columns become the features, each as itself; the id and the text column do not.
		expect(spec.features.map((f: { column: string }) => f.column)).toEqual([
			'Age',
			'Annual Income (k$)',
			'Spending Score (1-100)'
		]);
		expect(spec).toMatchObject({ kind: 'kmeans', k: 4, scale: 'zscore' });
		await app.page.getByTestId('kmeans-scatter').locator('canvas').first().waitFor();
		await app.page.getByTestId('kmeans-profile').locator('canvas').first().waitFor();
		const items = await app.page.getByTestId('kmeans-clusters').locator('li').allInnerTexts();
		expect(items).toHaveLength(4);
		const sizes = items.map((t) => Number(/· ([\d,]+) users/.exec(t)![1].replace(/,/g, '')));
		expect(sizes.reduce((s, x) => s + x, 0)).toBe(200);
		expect(await app.page.getByTestId('kmeans-settings').innerText()).toContain('k = 4');
		await app.page.locator('[data-testid="kmeans-elbow"][data-state="ready"]').waitFor({ timeout: 120_000 });
		await app.page.getByTestId('kmeans-elbow-chart').locator('canvas').first().waitFor();

		await app.page.getByTestId('save-cluster-1').click();
		await expect.poll(() => app.page.getByTestId('kmeans-saved').count(), { timeout: 30_000 }).toBe(1);
		expect(await app.page.getByTestId('kmeans-saved').innerText()).toMatch(/Saved the segment “Cluster 1: /);
	});
});
