import { describe, expect, inject, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import type { Page, Request } from 'playwright-core';
import { appsUnderTest, engineWorkers, reportStats } from './harness.ts';

const apps = appsUnderTest();
const DEMO = /\/data\/demo-shop\.csv\.gz$/;
/** The report as the page shows it: its text and the attributes scripts read. */
async function reportShown(page: Page) {
	const report = page.getByTestId('ingest-done');
	await report.waitFor({ state: 'visible', timeout: 120_000 });
	const attrs = await report.evaluate((e) => e.getAttributeNames().map((n) => [n, e.getAttribute(n)]));
	return { text: await report.innerText(), attrs };
}

/** The demo's numbers, read here with zlib and papaparse: rows are unique event ids, as the app dedupes. */
function demoFacts() {
	const text = gunzipSync(readFileSync('static/data/demo-shop.csv.gz')).toString('utf8');
	const rows = Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;
	return { rows: new Set(rows.map((r) => r.uuid)).size, events: new Set(rows.map((r) => r.event)).size };
}

/**
 * A user's own export, small and unlike the demo: 4 people, 3 event names, 12 rows, all in March 2021.
 * Hand-counted: rows 12, users 4, events 3.
 */
const USER_FILE = {
	name: 'my-export.csv',
	mimeType: 'text/csv',
	buffer: Buffer.from(
		[
			'user,time,event',
			'ann,2021-03-01T09:00:00Z,signup',
			'ann,2021-03-02T09:00:00Z,view',
			'ann,2021-03-09T09:00:00Z,buy',
			'bob,2021-03-01T10:00:00Z,signup',
			'bob,2021-03-08T10:00:00Z,view',
			'cat,2021-03-02T11:00:00Z,signup',
			'cat,2021-03-03T11:00:00Z,view',
			'cat,2021-03-16T11:00:00Z,view',
			'dan,2021-03-03T12:00:00Z,signup',
			'dan,2021-03-04T12:00:00Z,buy',
			'dan,2021-03-10T12:00:00Z,view',
			'dan,2021-03-17T12:00:00Z,buy'
		].join('\n') + '\n'
	)
};
const USER_STATS = { rows: 12, users: 4, events: 3 };

/** Opens Retention and checks its table is of USER_FILE's rows (March 2021), not the demo's (autumn 2025). */
async function expectRetentionOfUserRows(page: Page) {
	await page.getByRole('link', { name: 'Retention' }).click();
	await page.locator('[data-testid="retention"][data-state="ready"]').waitFor({ timeout: 60_000 });
	await page.getByTestId('tab-table').click();
	const table = await page.getByTestId('retention-table').innerText();
	expect(table).toContain('2021');
	expect(table).not.toContain('2025');
}

/** Records every dataset name the header ever shows, so a test can say the demo was never in force. */
async function watchDatasetNames(page: Page) {
	await page.addInitScript(() => {
		const seen: string[] = [];
		Object.defineProperty(window, '__datasetNames', { value: seen });
		new MutationObserver(() => {
			const name = document.querySelector('.dataset .name')?.textContent?.trim();
			if (name && seen.at(-1) !== name) seen.push(name);
		}).observe(document, { subtree: true, childList: true, characterData: true });
	});
}
const datasetNames = (page: Page) =>
	page.evaluate(() => (window as unknown as { __datasetNames: string[] }).__datasetNames);

/** Holds the demo's response until `release()`: the race with the user's pick is then certain. */
function holdDemo() {
	let release!: () => void;
	const released = new Promise<void>((r) => (release = r));
	let settled!: () => void;
	const done = new Promise<void>((r) => (settled = r));
	return {
		release,
		/** Resolves when the demo's request has ended, served or (as the app cancels it) aborted. */
		done,
		async install(page: Page) {
			const ended = (r: Request) => DEMO.test(r.url()) && settled();
			page.on('requestfinished', ended);
			page.on('requestfailed', ended);
			await page.route(DEMO, async (route) => {
				await released;
				// The page may have cancelled the request meanwhile; then there is nothing left to answer.
				await route.continue().catch(() => {});
			});
		}
	};
}

describe('first open', () => {
	test('npm start: vite preview sends the demo with Content-Encoding gzip, and the demo report shows', async () => {
		// What makes this server different: the browser gets the demo already unpacked.
		const head = await fetch(new URL('data/demo-shop.csv.gz', inject('previewUrl')), { method: 'HEAD' });
		expect(head.headers.get('content-encoding')).toBe('gzip');
		const facts = demoFacts();
		const app = await apps.open('', { server: 'preview' });
		const stats = await reportStats(app.page);
		expect(stats.rows).toBe(facts.rows);
		expect(stats.events).toBe(facts.events);
		expect(await app.page.locator('.dataset .name').innerText()).toBe('Demo web shop');
		expect(await app.page.getByTestId('error').count()).toBe(0);
	});

	test('the demo report shown at once is the one this browser computes from the demo CSV', async () => {
		const app = await apps.open('');
		// The prepared report, on screen while the CSV is downloaded and read.
		await app.page.getByTestId('restoring').waitFor();
		const prepared = await reportShown(app.page);
		await app.page.locator('.dataset .name').waitFor({ timeout: 240_000 });
		expect(await app.page.getByTestId('restoring').count()).toBe(0);
		// The engine's own report replaced it; the same fingerprint, or the notice would say it reads differently.
		expect(await reportShown(app.page)).toEqual(prepared);
		expect(await app.page.locator('.banner.notice').count()).toBe(0);
		expect((await reportStats(app.page)).rows).toBe(demoFacts().rows);
	});

	test('the page is usable while the engine starts, with the demo report, and progress names each step', async () => {
		const demo = holdDemo();
		const app = await apps.open('', { before: (page) => demo.install(page) });
		// Drawn before the engine: what Footfall is, where to drop, and an enabled way to pick a file.
		await app.page.getByTestId('intro').waitFor({ state: 'visible' });
		expect(await app.page.getByTestId('intro').innerText()).toMatch(/analytics workbench.*in your browser/s);
		// Polled: the button is drawn enabled once the page has hydrated, which takes longer on a loaded machine.
		await expect.poll(() => app.page.getByRole('button', { name: 'Open files…' }).isEnabled()).toBe(true);
		const download = app.page.locator('[data-testid="step-download"][data-state="active"]');
		await download.waitFor();
		expect(await app.page.getByTestId('dataset-pending').innerText()).toMatch(/loading into the engine/);
		// The demo's report is there before its data: the CSV is still held.
		expect((await reportStats(app.page)).rows).toBe(demoFacts().rows);
		expect(await app.page.getByTestId('restoring').innerText()).toMatch(/computes from the demo data/);
		// An analysis opened now with its default settings answers from the demo's prepared results
		// (test/e2e/demo-results.spec.ts); another setting waits for the data, then runs on it.
		await app.page.getByRole('link', { name: 'Retention' }).click();
		await app.page.locator('[data-testid="retention"][data-state="ready"]').waitFor();
		await app.page.getByTestId('period-day').click();
		await app.page.locator('[data-testid="retention"][data-state="running"]').waitFor();
		await app.page
			.getByTestId('retention-status')
			.filter({ hasText: 'Waiting for the data of Demo web shop to load…' })
			.waitFor({ timeout: 120_000 });
		// While the demo is held, the read waits, and says for what; never "0 B of 5.6 MB".
		const ingest = app.page.getByTestId('step-ingest');
		expect(await ingest.getAttribute('data-state')).toBe('waiting');
		expect(await ingest.innerText()).toMatch(/waits for the (engine|download)/);
		demo.release();
		await app.page.locator('[data-testid="retention"][data-state="ready"]').waitFor({ timeout: 120_000 });
		expect(await app.page.locator('.dataset .name').innerText()).toBe('Demo web shop');
		expect(await app.page.locator('[data-testid="retention"]').getAttribute('data-ms')).not.toBe('0');
	});

	test('a file picked while the demo downloads wins, and the demo never replaces it', async () => {
		const demo = holdDemo();
		const app = await apps.open('', {
			before: async (page) => {
				await watchDatasetNames(page);
				await demo.install(page);
			}
		});
		await app.page.locator('[data-testid="step-download"][data-state="active"]').waitFor();
		await app.page.getByTestId('file-input').setInputFiles(USER_FILE);
		expect(await reportStats(app.page)).toEqual(expect.objectContaining(USER_STATS));
		demo.release();
		await demo.done;
		await app.page.getByTestId('ingest-progress').waitFor({ state: 'hidden' });
		expect(await reportStats(app.page)).toEqual(expect.objectContaining(USER_STATS));
		expect(await datasetNames(app.page)).toEqual([USER_FILE.name]);
		// The demo's prepared results were in this tab's cache: Retention still shows the user's rows.
		await expectRetentionOfUserRows(app.page);
	});

	test('a file picked while the demo is being read wins, and the engine holds that file', async () => {
		const app = await apps.open('?cache=0', { before: watchDatasetNames });
		// The demo is downloaded and in the engine's hands.
		await app.page
			.getByTestId('step-ingest')
			.filter({ hasText: /demo-shop|Mapping|Building|Summarising/ })
			.waitFor({ timeout: 120_000 });
		await app.page.getByTestId('file-input').setInputFiles(USER_FILE);
		expect(await reportStats(app.page)).toEqual(expect.objectContaining(USER_STATS));
		// The analysis runs on the user's rows, not the demo's.
		await expectRetentionOfUserRows(app.page);
		expect(await datasetNames(app.page)).toEqual([USER_FILE.name]);
	});

	test('after a worker crash, the reload of the earlier dataset never lands over a newer file', async () => {
		const app = await apps.open('?demo=0&cache=0', { before: watchDatasetNames });
		// The earlier dataset: November 2023.
		await app.page.getByTestId('file-input').setInputFiles(path.resolve('test/fixtures/broken-lines.csv'));
		await reportStats(app.page);
		const [worker] = await engineWorkers(app.page);
		expect(worker, 'the engine worker').toBeDefined();
		// The worker is kept busy and then fails, as a fatal trap would end it (engine.worker.ts). Meanwhile an
		// analysis is in flight and the user's newer file waits in the queue behind it.
		await worker!.evaluate(() => {
			setTimeout(() => {
				const end = Date.now() + 10_000;
				while (Date.now() < end);
				throw new Error('simulated crash');
			});
		});
		await app.page.getByRole('link', { name: 'Retention' }).click();
		await app.page.locator('[data-testid="retention"][data-state="running"]').waitFor();
		await app.page.getByTestId('file-input').setInputFiles(USER_FILE);
		await app.page.getByTestId('ingest-progress').waitFor();
		expect(await app.page.locator('.banner.error').count(), 'the file was queued before the crash').toBe(0);
		await app.page
			.locator('.banner.error')
			.filter({ hasText: /engine stopped/ })
			.waitFor({ timeout: 60_000 });
		app.errors.splice(0, app.errors.length, ...app.errors.filter((e) => !e.includes('simulated crash')));
		await app.page.getByTestId('ingest-progress').waitFor({ state: 'hidden', timeout: 120_000 });
		expect(await app.page.locator('.dataset .name').innerText()).toBe(USER_FILE.name);
		// The engine holds the newer file (March 2021), not the reloaded earlier one (2023).
		await app.page.locator('[data-testid="retention"][data-state="ready"]').waitFor({ timeout: 60_000 });
		await app.page.getByTestId('tab-table').click();
		const table = await app.page.getByTestId('retention-table').innerText();
		expect(table).toContain('2021');
		expect(table).not.toContain('2023');
	});
});
