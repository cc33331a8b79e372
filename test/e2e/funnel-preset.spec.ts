import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { appsUnderTest, reportStats } from './harness.ts';
import { smallFileA } from './small-files.ts';

/**
 * Funnels on the demo (funnel/preset.ts): a first visit opens on the shop's purchase funnel, answered from
 * the demo's prepared results; steps the person set (here through the page address, as a link or a reload
 * brings them) stay on a reload and when the menu brings them back: the preset never goes over them. A
 * half-built funnel comes back from a reload as it was left; a preset the person never touched is derived
 * again for the next dataset.
 */
const apps = appsUnderTest();

/** The step events of the funnel on screen once its result is ready. */
async function steps(page: Page): Promise<string[]> {
	const frame = page.locator('[data-testid="funnel"][data-state="ready"]');
	await frame.waitFor({ timeout: 120_000 });
	const spec = JSON.parse((await frame.getAttribute('data-spec'))!) as { steps: { event: string }[] };
	return spec.steps.map((s) => s.event);
}

/** The step events the controls show ('' for a step not picked), once `n` steps are on screen. */
async function picked(page: Page, n: number): Promise<string[]> {
	await page.getByTestId(`funnel-step-${n - 1}`).waitFor({ timeout: 120_000 });
	expect(await page.locator('[data-testid^="funnel-step-"][data-testid$="-event"]').count()).toBe(n);
	const out: string[] = [];
	for (let i = 0; i < n; i++) out.push(await page.getByTestId(`funnel-step-${i}-event`).inputValue());
	return out;
}

const problems = (page: Page) => page.getByTestId('funnel-problems').innerText();

describe('a new funnel on the demo', () => {
	test("opens on the shop's purchase funnel; the person's own steps win over it, reloaded or reopened", async () => {
		const app = await apps.open('funnels');
		const { page } = app;
		expect(await steps(page)).toEqual(['$pageview', 'product_viewed', 'added_to_cart', 'order_completed']);
		expect(await page.getByTestId('funnel-status').innerText()).toContain('from cache');

		const own = { kind: 'funnel', steps: ['search', 'order_completed'] };
		await page.goto(new URL(`funnels?spec=${encodeURIComponent(JSON.stringify(own))}`, app.url).toString());
		expect(await steps(page)).toEqual(own.steps);
		await page.reload();
		expect(await steps(page)).toEqual(own.steps);
		await page.locator('nav a[href$="/trends"]').first().click();
		await page.locator('[data-testid="trend"][data-state="ready"]').waitFor({ timeout: 120_000 });
		await page.locator('nav a[href$="/funnels"]').first().click();
		expect(await steps(page)).toEqual(own.steps);
	});
});

describe('a funnel left half-built, and a preset nobody touched', () => {
	test('a reload brings back the steps as the person left them, picked and not', async () => {
		const app = await apps.open('funnels');
		const { page } = app;
		expect(await steps(page)).toEqual(['$pageview', 'product_viewed', 'added_to_cart', 'order_completed']);
		await page.getByTestId('funnel-step-0-event').selectOption('search');
		await page.getByTestId('funnel-step-2-event').selectOption('');
		await page.getByTestId('funnel-add-step').click();
		await expect.poll(() => problems(page)).toContain('Pick an event for step 5.');
		const left = ['search', 'product_viewed', '', 'order_completed', ''];
		expect(await picked(page, 5)).toEqual(left);
		await page.reload();
		await expect.poll(() => picked(page, 5), { timeout: 120_000 }).toEqual(left);
		expect(await problems(page)).toContain('Pick an event for step 3.');
		if (process.env.FUNNEL_SHOTS)
			await page.screenshot({ path: 'test-results/funnel-half-built-reloaded.png', fullPage: true });
	});

	test("the demo's preset is derived again for the next file; the step then picked survives a reload", async () => {
		const app = await apps.open('funnels');
		const { page } = app;
		const shop = ['$pageview', 'product_viewed', 'added_to_cart', 'order_completed'];
		expect(await steps(page)).toEqual(shop);
		// Reloaded untouched, it is still the preset, answered from the demo's prepared results.
		await page.reload();
		expect(await steps(page)).toEqual(shop);
		expect(await page.getByTestId('funnel-status').innerText()).toContain('from cache');

		await page.getByRole('link', { name: 'Data' }).click();
		await page.getByTestId('file-input').setInputFiles(smallFileA('shop-a.csv'));
		await reportStats(page);
		await page.getByTestId('kept-bytes').waitFor({ timeout: 60_000 });
		await page.locator('nav a[href$="/funnels"]').first().click();
		// Its events (view, buy) have neither a purchase funnel nor $pageview: both steps are to pick.
		await expect.poll(() => problems(page), { timeout: 120_000 }).toContain('Pick an event for step 1.');
		expect(await picked(page, 2)).toEqual(['', '']);

		await page.getByTestId('funnel-step-0-event').selectOption('view');
		await expect.poll(() => problems(page)).not.toContain('step 1.');
		await page.reload();
		await expect.poll(() => picked(page, 2), { timeout: 120_000 }).toEqual(['view', '']);
		expect(await problems(page)).toContain('Pick an event for step 2.');
	});
});
