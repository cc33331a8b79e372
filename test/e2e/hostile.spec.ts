/**
 * The entries of the hostile corpus that concern the page (test/hostile/corpus.ts, `page: true`), dropped
 * one after another into ONE page session after a good file. After each the page shows that file's report
 * with the counts made by hand, or an error in the user's terms while the dataset before stays loaded and
 * usable; the engine worker is still there at the end; no request leaves localhost and nothing is logged
 * as an error (the harness checks both), no markup from a name runs.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { appsUnderTest, engineWorkers, reportStats } from './harness.ts';
import { hostileCorpus, type HostileInput } from '../hostile/corpus.ts';
import { csv, eventLines } from '../hostile/make.ts';

const apps = appsUnderTest();
const corpus = await hostileCorpus();
const subset = corpus.filter((e) => e.page);

/** Names the page must never show: the engine's own, and DuckDB's dumps. */
const INTERNAL =
	/__g\d|\/inputs\/|events__stage|Binder Error|Catalog Error|Parser Error|LINE 1:|Original Line/;

/** What the header shows as the loaded dataset: its files' names. */
const datasetTitle = (page: Page) =>
	page.evaluate(() => document.querySelector('.dataset .name')?.getAttribute('title') ?? null);

/** Drops an entry's files on the file input; a file with a `size` is made in the page (zeros after its bytes). */
async function drop(page: Page, entry: HostileInput) {
	if (!entry.files.some((f) => f.size)) {
		await page.getByTestId('file-input').setInputFiles(
			entry.files.map((f) => ({
				name: f.name,
				mimeType: 'application/octet-stream',
				buffer: Buffer.from(f.bytes)
			}))
		);
		return;
	}
	const files = entry.files.map((f) => ({
		name: f.name,
		head: Array.from(f.bytes),
		size: f.size ?? f.bytes.length
	}));
	await page.evaluate((files) => {
		const mb = new Blob([new Uint8Array(1 << 20)]);
		const list = new DataTransfer();
		for (const f of files) {
			// Blobs made of one megabyte of zeros many times over: gigabytes without the memory.
			const parts: BlobPart[] = [new Uint8Array(f.head)];
			let size = f.head.length;
			for (; size + mb.size <= f.size; size += mb.size) parts.push(mb);
			parts.push(new Uint8Array(f.size - size));
			list.items.add(new File(parts, f.name));
		}
		const input = document.querySelector<HTMLInputElement>('[data-testid="file-input"]')!;
		input.files = list.files;
		input.dispatchEvent(new Event('change', { bubbles: true }));
	}, files);
}

/** Waits until the load of `title` is over: its report is shown, or an error is. Returns the error text or null. */
async function outcome(page: Page, title: string): Promise<string | null> {
	await page.waitForFunction(
		(title) => {
			if (document.querySelector('[data-testid="ingest-progress"]')) return false;
			if (document.querySelector('[data-testid="error"]')) return true;
			const name = document.querySelector('.dataset .name')?.getAttribute('title');
			return name === title && document.querySelector('[data-testid="ingest-done"]') !== null;
		},
		title,
		{ timeout: 90_000, polling: 100 }
	);
	const error = page.getByTestId('error');
	return (await error.count()) > 0 ? await error.locator('span').innerText() : null;
}

describe('the hostile corpus in one page session', () => {
	test('each file gives its report or an error in the user terms, and the last good dataset stays', async () => {
		expect(subset.length).toBeGreaterThanOrEqual(25);
		expect(new Set(subset.map((e) => e.kind)).size).toBeGreaterThanOrEqual(15);
		const titles = subset.map((e) => e.files.map((f) => f.name).join(', '));
		expect(new Set(titles).size, 'each entry is told apart by its files').toBe(subset.length);
		const app = await apps.open('?demo=0&cache=0');
		const { page } = app;
		let dialogs = 0;
		page.on('dialog', (d) => {
			dialogs++;
			void d.dismiss();
		});
		await page.getByTestId('file-input').setInputFiles({
			name: 'good.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from(csv('user,time,event', eventLines(9)))
		});
		let good = { title: 'good.csv', stats: await reportStats(page) };
		expect(good.stats).toMatchObject({ rows: 9, users: 5, events: 3, rejected: 0 });

		const seen: string[] = [];
		const timings: [string, number][] = [];
		for (const entry of subset) {
			const started = Date.now();
			const title = entry.files.map((f) => f.name).join(', ');
			await drop(page, entry);
			if (entry.page === 'cancel') {
				const progress = page.getByTestId('ingest-progress');
				if (process.env.HOSTILE_LOG) console.log('cancel', entry.name);
				await progress.waitFor({ state: 'visible' });
				await page.waitForTimeout(1000);
				await page.getByTestId('cancel').click();
				await progress.waitFor({ state: 'hidden', timeout: 30_000 });
				expect(await page.getByTestId('error').count(), entry.name).toBe(0);
				expect(await datasetTitle(page), entry.name).toBe(good.title);
				expect(await reportStats(page), entry.name).toEqual(good.stats);
				seen.push(entry.name);
				timings.push([entry.name, Date.now() - started]);
				continue;
			}
			const error = await outcome(page, title);
			const want = entry.expect;
			const where = `${entry.name}: ${error ?? 'loaded'}`;
			if ('fails' in want) {
				expect(error, where).not.toBeNull();
				expect(error, where).toMatch(want.fails);
				// The page words a size it will not try itself ("These files hold…"); the engine names the file.
				if (entry.kind !== 'size-limit') expect(error, where).toContain(want.names);
				expect(error, where).not.toMatch(INTERNAL);
				expect(await datasetTitle(page), where).toBe(good.title);
				expect(await reportStats(page), where).toEqual(good.stats);
				await page.getByRole('button', { name: 'Dismiss' }).first().click();
			} else if ('loads' in want) {
				expect(error, where).toBeNull();
				const stats = await reportStats(page);
				const got: Record<string, number> = { rows: stats.rows };
				if (want.loads.rejected !== undefined) got.rejected = stats.rejected;
				if (want.loads.users !== undefined) got.users = stats.users;
				if (want.loads.events !== undefined) got.events = stats.events;
				const expected: Record<string, unknown> = { ...want.loads };
				expect(got, where).toEqual(Object.fromEntries(Object.keys(got).map((k) => [k, expected[k]])));
				good = { title, stats };
			}
			seen.push(entry.name);
			timings.push([entry.name, Date.now() - started]);
			if (process.env.HOSTILE_LOG) console.log(entry.name, Date.now() - started);
		}
		console.log('hostile corpus in the page (ms):', timings);
		expect(seen).toHaveLength(subset.length);
		// The last good dataset still answers an analysis, in the engine that took every file above.
		await page.getByRole('link', { name: 'Retention' }).click();
		await page.locator('[data-testid="retention"][data-state="ready"]').waitFor({ timeout: 60_000 });
		expect(await engineWorkers(page)).toHaveLength(1);
		expect(await page.locator('img[src="x"]').count()).toBe(0);
		expect(dialogs).toBe(0);
	}, 300_000);
});
