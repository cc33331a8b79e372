import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { appsUnderTest, reportStats } from './harness.ts';
import { STATS_A, STATS_B, smallFileA, smallFileB } from './small-files.ts';

const apps = appsUnderTest();

const FILE_A = smallFileA('shop-a.csv');
const FILE_B = smallFileB('shop-b.csv');

/** Waits until the Data page says the current dataset is kept, and returns the bytes it says it keeps. */
async function keptBytes(page: Page): Promise<number> {
	const bytes = page.getByTestId('kept-bytes');
	await bytes.waitFor({ timeout: 60_000 });
	return Number(await bytes.getAttribute('data-value'));
}

/** The sessions count kept with the current workspace's report in IndexedDB (null while not kept). */
async function keptSessions(page: Page): Promise<number | null> {
	return page.evaluate(
		() =>
			new Promise<number | null>((resolve) => {
				const open = indexedDB.open('footfall');
				open.onsuccess = () => {
					const all = open.result.transaction('workspaces').objectStore('workspaces').getAll();
					all.onsuccess = () => {
						open.result.close();
						const kept = (all.result as { dataset?: { report?: { derived?: { sessions: number } } } }[])
							.map((w) => w.dataset?.report?.derived?.sessions)
							.find((n) => n !== undefined);
						resolve(kept ?? null);
					};
				};
				open.onerror = () => resolve(null);
			})
	);
}

function demoRequests(page: Page): string[] {
	const seen: string[] = [];
	page.on('request', (r) => {
		if (/demo-shop/.test(r.url())) seen.push(r.url());
	});
	return seen;
}

describe('workspace: the data survives a reload', () => {
	test('a dropped file is back after a reload, report and all, without dropping it again or the demo', async () => {
		const app = await apps.open('?demo=0');
		await app.page.getByTestId('file-input').setInputFiles(FILE_A);
		expect(await reportStats(app.page)).toMatchObject(STATS_A);
		expect(await keptBytes(app.page)).toBe(FILE_A.buffer.length);

		const demo = demoRequests(app.page);
		await app.page.reload();
		expect(await reportStats(app.page)).toMatchObject(STATS_A);
		await expect.poll(() => app.page.locator('.dataset .name').innerText()).toBe('shop-a.csv');
		expect(await keptBytes(app.page)).toBe(FILE_A.buffer.length);
		// With a dataset kept, the demo is not even downloaded.
		expect(demo).toEqual([]);
	});

	test('after a reload the kept report is on screen before the data is back, with the same numbers', async () => {
		const app = await apps.open('?demo=0');
		// At the first sight of a report on each page load: whether the data was still being restored, and its numbers.
		await app.page.addInitScript(() => {
			const w = window as unknown as {
				__first: null | { restoring: boolean; stats: Record<string, string> };
			};
			w.__first = null;
			new MutationObserver(() => {
				if (w.__first || !document.querySelector('[data-testid="ingest-done"]')) return;
				const stats: Record<string, string> = {};
				for (const el of document.querySelectorAll<HTMLElement>('[data-testid^="stat-"]'))
					stats[el.dataset.testid!] = el.dataset.value ?? '';
				w.__first = { restoring: !!document.querySelector('[data-testid="restoring"]'), stats };
			}).observe(document, { subtree: true, childList: true, attributes: true });
		});
		await app.page.getByTestId('file-input').setInputFiles(FILE_A);
		const before = await reportStats(app.page);
		expect(before).toMatchObject(STATS_A);
		await keptBytes(app.page);
		// Sessions (hand-counted: ann 2, bob 2, cat 2 with the 30-minute gap) are kept too, once computed.
		await expect.poll(() => app.page.getByTestId('stat-sessions').getAttribute('data-value')).toBe('6');
		await expect.poll(() => keptSessions(app.page), { timeout: 30_000 }).toBe(6);

		await app.page.reload();
		await app.page.getByTestId('ingest-done').waitFor({ timeout: 60_000 });
		const first = await app.page.evaluate(
			() => (window as unknown as { __first: { restoring: boolean; stats: Record<string, string> } }).__first
		);
		expect(first.restoring).toBe(true);
		expect(first.stats).toMatchObject({
			'stat-rows': '6',
			'stat-users': '3',
			'stat-events': '2',
			// No event id column, so dedupe is off: duplicates not checked, no count.
			'stat-duplicates': '',
			'stat-rejected': '0',
			'stat-sessions': '6'
		});
		await app.page.getByTestId('ingest-progress').waitFor({ state: 'hidden', timeout: 120_000 });
		expect(await reportStats(app.page)).toEqual(before);
		expect(await app.page.getByTestId('stat-sessions').getAttribute('data-value')).toBe('6');
		await expect(app.page.getByTestId('restoring').count()).resolves.toBe(0);
	});

	test('a file dropped while the kept one is being restored wins, and is the one kept next', async () => {
		const app = await apps.open('?demo=0');
		await app.page.getByTestId('file-input').setInputFiles(FILE_A);
		expect(await reportStats(app.page)).toMatchObject(STATS_A);
		await keptBytes(app.page);
		await app.page.reload();
		// Drop at once, while the restore of shop-a is starting or under way.
		await app.page.getByTestId('file-input').setInputFiles(FILE_B);
		await expect
			.poll(() => app.page.locator('.dataset .name').innerText(), { timeout: 60_000 })
			.toBe('shop-b.csv');
		expect(await reportStats(app.page)).toMatchObject(STATS_B);
		await app.page.getByTestId('ingest-progress').waitFor({ state: 'hidden' });
		expect(await reportStats(app.page)).toMatchObject(STATS_B);
		expect(await keptBytes(app.page)).toBe(FILE_B.buffer.length);
		await app.page.reload();
		expect(await reportStats(app.page)).toMatchObject(STATS_B);
	});

	test('freeing the kept file: the next visit asks for it again instead of showing the demo', async () => {
		const app = await apps.open('');
		await app.page.getByTestId('file-input').setInputFiles(FILE_A);
		expect(await reportStats(app.page)).toMatchObject(STATS_A);
		await keptBytes(app.page);
		await app.page.getByTestId('kept-free').click();
		await app.page.getByText('shop-a.csv is not kept: after a reload, drop it again.').waitFor();
		const demo = demoRequests(app.page);
		await app.page.reload();
		await app.page.getByText(/shop-a\.csv is not kept in this browser any more/).waitFor({ timeout: 60_000 });
		await expect(app.page.getByTestId('intro').isVisible()).resolves.toBe(true);
		expect(demo).toEqual([]);
	});

	test('workspaces keep their own data: a new one starts empty, switching back restores the first', async () => {
		const app = await apps.open('?demo=0');
		await app.page.getByTestId('file-input').setInputFiles(FILE_A);
		expect(await reportStats(app.page)).toMatchObject(STATS_A);
		await keptBytes(app.page);
		app.page.once('dialog', (d) => void d.accept('Second'));
		await app.page.getByTestId('workspace-switcher').locator('summary').click();
		await app.page.getByTestId('workspace-new').click();
		await expect
			.poll(() => app.page.getByTestId('workspace-name').innerText(), { timeout: 60_000 })
			.toBe('Second');
		await app.page.getByTestId('intro').waitFor();
		await app.page.getByTestId('file-input').setInputFiles(FILE_B);
		expect(await reportStats(app.page)).toMatchObject(STATS_B);
		await keptBytes(app.page);

		await app.page.getByTestId('workspace-switcher').locator('summary').click();
		await app.page.getByRole('button', { name: 'My workspace' }).click();
		await expect
			.poll(() => app.page.getByTestId('workspace-name').innerText(), { timeout: 60_000 })
			.toBe('My workspace');
		expect(await reportStats(app.page)).toMatchObject(STATS_A);
	});
});
