import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { appsUnderTest } from './harness.ts';

/**
 * Funnels on the demo (funnel/preset.ts): a first visit opens on the shop's purchase funnel, answered from
 * the demo's prepared results; steps the person set (here through the page address, as a link or a reload
 * brings them) stay on a reload and when the menu brings them back: the preset never goes over them.
 */
const apps = appsUnderTest();

/** The step events of the funnel on screen once its result is ready. */
async function steps(page: Page): Promise<string[]> {
	const frame = page.locator('[data-testid="funnel"][data-state="ready"]');
	await frame.waitFor({ timeout: 120_000 });
	const spec = JSON.parse((await frame.getAttribute('data-spec'))!) as { steps: { event: string }[] };
	return spec.steps.map((s) => s.event);
}

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
