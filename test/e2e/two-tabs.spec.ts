import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { appsUnderTest, reportStats } from './harness.ts';
import { STATS_A, STATS_B, smallFileA, smallFileB } from './small-files.ts';

const apps = appsUnderTest();

const FILE_A = smallFileA('tabs-a.csv');
const FILE_B = smallFileB('tabs-b.csv');

/** The names of the saved segments in a tab's sidebar, sorted. */
async function segmentNames(page: Page): Promise<string[]> {
	const names = await page
		.getByTestId('saved-segment')
		.evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? ''));
	return names.sort();
}

/** Opens the segment builder on template `i` under the name `name`, ready to save. */
async function segmentReady(page: Page, i: number, name: string) {
	await page.getByRole('link', { name: 'Segments', exact: true }).click();
	await page.getByTestId('segment-sidebar').waitFor({ timeout: 120_000 });
	await page.getByTestId('sidebar-template').nth(i).click();
	// Typed at once: the builder applies the link's template a moment after the click, and must keep the name
	// typed meanwhile (it put the template's name back).
	await page.getByTestId('segment-name').fill(name);
	await expect.poll(() => page.getByTestId('segment-save').isEnabled(), { timeout: 60_000 }).toBe(true);
	expect(await page.getByTestId('segment-name').inputValue()).toBe(name);
}

describe('two tabs on one workspace', () => {
	test('editing at once in both (segments, a rename, a new file) loses nothing, live and after a reload', async () => {
		const app = await apps.open('?demo=0');
		const one = app.page;
		await one.getByTestId('file-input').setInputFiles(FILE_A);
		expect(await reportStats(one)).toMatchObject(STATS_A);
		await one.getByTestId('kept-bytes').waitFor({ timeout: 60_000 });

		// A second tab of the same browser opens the same workspace, its kept file restored.
		const two = await app.context.newPage();
		two.on('console', (m) => {
			if (m.type() === 'error') app.errors.push(`tab two: ${m.text()}`);
		});
		two.on('pageerror', (e) => app.errors.push(`tab two: ${String(e)}`));
		await two.goto(new URL('?demo=0', app.url).toString());
		expect(await reportStats(two, 240_000)).toMatchObject(STATS_A);

		await segmentReady(one, 0, 'Saved in tab one');
		await segmentReady(two, 1, 'Saved in tab two');
		one.once('dialog', (d) => void d.accept('Renamed in tab one'));
		await one.getByTestId('workspace-switcher').locator('summary').click();

		// At once: tab one saves a segment and renames the workspace; tab two saves a segment and drops a file.
		await Promise.all([
			(async () => {
				// The name typed in segmentReady is still there: the other tab's changes do not overwrite it.
				await one.getByTestId('segment-save').click();
				await one.getByTestId('workspace-rename').click();
			})(),
			(async () => {
				await two.getByTestId('segment-save').click();
				await two.getByTestId('file-input').setInputFiles(FILE_B);
			})()
		]);
		const both = ['Saved in tab one', 'Saved in tab two'];
		const name = (p: Page) => p.getByTestId('workspace-name').innerText();
		await expect.poll(() => name(one), { timeout: 60_000 }).toBe('Renamed in tab one');
		await expect
			.poll(() => two.locator('.dataset .name').innerText(), { timeout: 120_000 })
			.toBe(FILE_B.name);
		// Each tab sees the other's changes without a reload.
		await expect.poll(() => segmentNames(one), { timeout: 60_000 }).toEqual(both);
		await expect.poll(() => segmentNames(two), { timeout: 60_000 }).toEqual(both);
		await expect.poll(() => name(two), { timeout: 60_000 }).toBe('Renamed in tab one');
		await two.getByRole('link', { name: 'Data', exact: true }).click();
		expect(await reportStats(two)).toMatchObject(STATS_B);
		await expect
			.poll(() => two.getByTestId('kept-bytes').getAttribute('data-value'), { timeout: 60_000 })
			.toBe(String(FILE_B.buffer.length));
		await two.close();

		// After a reload everything is there: the name, both segments, and the file dropped last.
		await one.getByRole('link', { name: 'Data', exact: true }).click();
		// The link navigates in the page: a reload before it is done reloads the page it left (CI, 2026-12-01).
		await one.getByRole('heading', { name: 'Data', level: 1 }).waitFor();
		await one.reload();
		expect(await reportStats(one)).toMatchObject(STATS_B);
		await expect.poll(() => one.locator('.dataset .name').innerText()).toBe(FILE_B.name);
		await expect.poll(() => name(one), { timeout: 60_000 }).toBe('Renamed in tab one');
		await one.getByRole('link', { name: 'Segments', exact: true }).click();
		await expect.poll(() => segmentNames(one), { timeout: 60_000 }).toEqual(both);
	});
});
