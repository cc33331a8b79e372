import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openApp, reportStats, type App } from './harness.ts';
import { smallFileA } from './small-files.ts';
import { putInWorkspace } from './stored.ts';

// The dashboard's date range and segment travel in a workspace file (issue 13: "specs and layout always").
// smallFileA, counted by hand: from 2022-05-02 on, ann and cat did 3 events (ann buy 05-02, cat view 05-02,
// cat buy 05-04); both were active on some day, so 2 active users.
const FROM = '2022-05-02';
const SEGMENT = { name: 'First and third', users: ['ann', 'cat'] };
const HEADLINES = ['3 events', '2 active users'];
const WAIT = { timeout: 60_000 };

const opened: App[] = [];

/** A fixed user list saved in the open workspace (straight into its storage), read on the next load. */
async function saveListSegment(page: Page) {
	await putInWorkspace(page, 'segments', {
		id: 'seg-1-3',
		name: SEGMENT.name,
		rule: { users: SEGMENT.users },
		createdAt: Date.now()
	});
}

async function pin(page: Page, link: string, testid: string) {
	await page.getByRole('link', { name: link, exact: true }).click();
	await page.locator(`[data-testid="${testid}"][data-state="ready"]`).waitFor({ timeout: 120_000 });
	await page.getByTestId(`${testid}-dash-pin`).click();
	await page.locator(`[data-testid="${testid}-dash"][data-pinned="true"]`).waitFor();
}

/** The tiles' headlines once every tile has its result. */
async function headlines(page: Page): Promise<string[]> {
	await expect.poll(() => page.locator('[data-testid="tile"][data-state="ready"]').count(), WAIT).toBe(2);
	await expect.poll(() => page.getByTestId('tile-headline').count(), WAIT).toBe(2);
	return page.getByTestId('tile-headline').allInnerTexts();
}

/** What the dashboard's scope bar shows: the first day of its range and the segment picked. */
async function scopeShown(page: Page) {
	const segment = page.getByTestId('segment-filter');
	return {
		from: await page.getByTestId('date-from').inputValue(),
		segment: await segment.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent?.trim())
	};
}

describe('the dashboard scope in a workspace file', () => {
	test('exported with a date range and a segment, anonymised, opened in a fresh profile: same range, segment, tile numbers', async () => {
		try {
			const a = await openApp('?demo=0');
			opened.push(a);
			await a.page.getByTestId('file-input').setInputFiles(smallFileA('shop.csv'));
			await reportStats(a.page);
			await a.page.getByTestId('kept-bytes').waitFor({ timeout: 120_000 });
			await saveListSegment(a.page);
			await a.page.reload();
			await reportStats(a.page);
			await pin(a.page, 'Trends', 'trend');
			await pin(a.page, 'Stickiness', 'stickiness');

			await a.page.getByRole('link', { name: 'Dashboard' }).click();
			await headlines(a.page);
			await a.page.getByTestId('date-range').selectOption('custom');
			await a.page.getByTestId('date-from').fill(FROM);
			await a.page.getByTestId('segment-filter').selectOption({ label: SEGMENT.name });
			await expect.poll(() => a.page.getByTestId('tile-headline').allInnerTexts(), WAIT).toEqual(HEADLINES);
			expect(await scopeShown(a.page)).toEqual({ from: FROM, segment: SEGMENT.name });
			// Kept with the workspace before the export reads it.
			await expect.poll(() => new URL(a.page.url()).searchParams.get('segment'), WAIT).toBe('seg-1-3');

			await a.page.getByRole('link', { name: 'Data' }).click();
			const share = a.page.getByTestId('workspace-share');
			await share.getByTestId('share-data').setChecked(true);
			await share.getByTestId('share-hash').setChecked(true);
			const [download] = await Promise.all([
				a.page.waitForEvent('download'),
				share.getByTestId('share-export').click()
			]);
			const buffer = readFileSync((await download.path())!);
			const text = buffer.toString('utf8');
			for (const u of ['ann', 'bob', 'cat']) expect(text).not.toMatch(new RegExp(`\\b${u}\\b`));
			expect(JSON.parse(text).dashboardScope).toMatchObject({
				dateRange: { from: FROM },
				segmentId: 'seg-1-3'
			});

			const b = await openApp('?demo=0');
			opened.push(b);
			await b.page.getByTestId('workspace-share').waitFor();
			await b.page
				.getByTestId('share-import-input')
				.setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer });
			expect((await reportStats(b.page)).users).toBe(3);
			await b.page.getByRole('link', { name: 'Dashboard' }).click();
			expect(await headlines(b.page)).toEqual(HEADLINES);
			expect(await scopeShown(b.page)).toEqual({ from: FROM, segment: SEGMENT.name });
			await b.page.screenshot({ path: 'test-results/share-dashboard-import.png', fullPage: true });
		} finally {
			for (const app of opened.splice(0)) {
				await app.close();
				expect(app.outside, 'requests that left localhost').toEqual([]);
				expect(app.errors, 'console errors').toEqual([]);
			}
		}
	});
});
