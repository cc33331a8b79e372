import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { appsUnderTest } from './harness.ts';

/**
 * The demo on a first visit (issue 14: usable within 4 s): the analyses a person opens with their default
 * settings show the results the engine computed from the demo when it was prepared (src/lib/demo/prepared.ts),
 * before the demo's data is in this page's engine, and those results are the ones this browser's engine
 * computes once the data is in.
 */
const apps = appsUnderTest();
const DEMO = /\/data\/demo-shop\.csv\.gz$/;

/** Holds the demo CSV's response until the returned function is called: its data cannot be in before. */
async function holdDemo(page: Page): Promise<() => void> {
	let release!: () => void;
	const released = new Promise<void>((r) => (release = r));
	await page.route(DEMO, async (route) => {
		await released;
		await route.continue().catch(() => {});
	});
	return release;
}

/** Each default screen (demo/default-specs.ts): its menu link's path and its result's test id. */
const SCREENS = [
	['trends', 'trend'],
	['retention', 'retention'],
	['kpis', 'kpi'],
	['stickiness', 'stickiness'],
	['lifecycle', 'lifecycle'],
	['paths', 'paths'],
	// Opened on the demo's purchase funnel (funnel/preset.ts), not on two empty steps.
	['funnels', 'funnel']
] as const;

async function open(page: Page, route: string, testid: string) {
	await page.locator(`nav a[href$="/${route}"]`).first().click();
	const frame = page.locator(`[data-testid="${testid}"][data-state="ready"]`);
	await frame.waitFor({ timeout: 120_000 });
	return frame;
}

describe('the demo before its data is in', () => {
	test('every analysis opened with its default settings shows its result from the cache', async () => {
		let release = () => {};
		const app = await apps.open('', { before: async (page) => void (release = await holdDemo(page)) });
		await app.page.getByTestId('restoring').waitFor();
		for (const [route, testid] of SCREENS) {
			const frame = await open(app.page, route, testid);
			expect(await frame.getAttribute('data-ms'), route).toBe('0');
			expect(await frame.innerText(), route).toContain('from cache');
		}
		// The CSV was held all along: those results were drawn without the demo's data. One state on screen: the
		// header names the dataset shown (not "Loading…") and says its events are still on their way.
		expect(await app.page.getByTestId('dataset-pending').innerText()).toMatch(/loading into the engine/);
		expect(await app.page.locator('.dataset').innerText()).toMatch(/^Demo web shop\s+154,965 events/);
		expect(await app.page.getByTestId('restoring').innerText()).toMatch(/still loading into the engine/);
		release();
		await app.page.locator('.dataset .name').waitFor({ timeout: 240_000 });
	});

	test("Retention's prepared numbers are the ones this browser computes once the data is in", async () => {
		let release = () => {};
		const app = await apps.open('', { before: async (page) => void (release = await holdDemo(page)) });
		await app.page.getByTestId('restoring').waitFor();
		await open(app.page, 'retention', 'retention');
		await app.page.getByTestId('tab-table').click();
		const prepared = await app.page.getByTestId('retention-table').innerText();
		expect(await app.page.getByTestId('dataset-pending').innerText()).toMatch(/loading into the engine/);
		release();
		await app.page.locator('.dataset .name').waitFor({ timeout: 240_000 });
		// The same profile without the result cache: the page reloads the demo and its engine computes.
		await app.page.goto(new URL('retention?cache=0&tab=table', app.url).toString());
		await app.page.locator('.dataset .name').waitFor({ timeout: 240_000 });
		const computed = app.page.locator('[data-testid="retention"][data-state="ready"]');
		await computed.waitFor({ timeout: 120_000 });
		expect(await computed.getAttribute('data-ms')).not.toBe('0');
		expect(await app.page.getByTestId('retention-table').innerText()).toBe(prepared);
		expect(prepared).toMatch(/2025/);
	});
});
