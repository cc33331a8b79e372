import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { appsUnderTest, reportStats } from './harness.ts';
import { smallFileA } from './small-files.ts';
import { putInWorkspace } from './stored.ts';

const apps = appsUnderTest();
const WAIT = { timeout: 120_000 };

/**
 * What the dashboard showed, each time it changed (recorded in the page from its first script on): the
 * "no data" line, whether the kept data was still being restored, and each tile's kind, state and status.
 */
function recordDashboard() {
	const seen: string[] = [];
	Object.assign(window, { footfallSeen: seen });
	const snap = () => {
		const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
		const now = JSON.stringify({
			noData: text(document.querySelector('[data-testid="no-data"]')),
			restoring: document.querySelector('[data-testid="restoring"]') !== null,
			tiles: Array.from(document.querySelectorAll('[data-testid="tile"]'), (t) => [
				(t as HTMLElement).dataset.kind,
				(t as HTMLElement).dataset.state,
				text(t.querySelector('[data-testid="tile-status"]'))
			])
		});
		if (seen.at(-1) !== now) seen.push(now);
	};
	new MutationObserver(snap).observe(document, {
		subtree: true,
		childList: true,
		attributes: true,
		characterData: true
	});
}

type Snapshot = { noData: string | null; restoring: boolean; tiles: [string, string, string | null][] };

async function pin(page: Page, link: string, testid: string) {
	await page.getByRole('link', { name: link, exact: true }).click();
	await page.locator(`[data-testid="${testid}"][data-state="ready"]`).waitFor(WAIT);
	await page.getByTestId(`${testid}-dash-pin`).click();
	await page.locator(`[data-testid="${testid}-dash"][data-pinned="true"]`).waitFor();
}

describe('the dashboard after a reload', () => {
	test('tiles in the kept results draw while the data is restored; the others say they wait for it, never "Load a dataset"', async () => {
		const { page } = await apps.open('?demo=0', {
			before: async (p) => {
				await p.addInitScript(recordDashboard);
			}
		});
		await page.getByTestId('file-input').setInputFiles(smallFileA('shop.csv'));
		await reportStats(page);
		await page.getByTestId('kept-bytes').waitFor(WAIT);
		await pin(page, 'Trends', 'trend');
		await pin(page, 'Stickiness', 'stickiness');
		await page.getByRole('link', { name: 'Dashboard' }).click();
		await expect.poll(() => page.locator('[data-testid="tile"][data-state="ready"]').count(), WAIT).toBe(2);
		// A third pinned analysis that never ran: its result is not kept, so it must wait for the data.
		const now = Date.now();
		await putInWorkspace(page, 'analyses', {
			id: 'lifecycle-1',
			kind: 'lifecycle',
			spec: { kind: 'lifecycle', period: 'day' },
			segmentId: null,
			compare: false,
			view: {},
			title: 'Lifecycle',
			pinned: true,
			order: 99,
			createdAt: now,
			updatedAt: now
		});

		await page.reload();
		await expect.poll(() => page.locator('[data-testid="tile"][data-state="ready"]').count(), WAIT).toBe(3);
		const seen: Snapshot[] = (
			await page.evaluate(() => (window as unknown as { footfallSeen: string[] }).footfallSeen)
		).map((s) => JSON.parse(s));
		expect(seen.filter((s) => /Load a dataset/.test(s.noData ?? ''))).toEqual([]);
		for (const kind of ['trend', 'stickiness']) {
			const states = seen.flatMap((s) => s.tiles.filter((t) => t[0] === kind));
			// From the kept results: never computing nor waiting, and drawn while the data was still restoring.
			expect(states.filter((t) => /Computing|Waiting/.test(t[2] ?? ''))).toEqual([]);
			const first = seen.find((s) => s.tiles.some((t) => t[0] === kind && t[1] === 'ready'));
			expect(first?.restoring, kind).toBe(true);
			expect(first?.tiles.find((t) => t[0] === kind)?.[2]).toMatch(/from cache$/);
		}
		const lifecycle = seen.flatMap((s) => s.tiles.filter((t) => t[0] === 'lifecycle').map((t) => t[2]));
		expect(lifecycle).toContain('Waiting for the data of shop.csv to load…');
		expect(lifecycle.at(-1)).toMatch(/\d+ ms$/);
	});
});
