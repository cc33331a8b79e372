import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { appsUnderTest, engineWorkers, reportStats } from './harness.ts';
import { readFileSync } from 'node:fs';

const DATA = path.resolve('test/fixtures/data');
const apps = appsUnderTest();

describe('ingest in the browser', () => {
	test('the demo dataset is loaded on first open', async () => {
		const app = await apps.open();
		// Its report is on screen at once (prepared from the same CSV); its data is in once the header names it.
		await app.page
			.locator('.dataset .name')
			.filter({ hasText: 'Demo web shop' })
			.waitFor({ timeout: 120_000 });
		const stats = await reportStats(app.page);
		expect(stats.rows).toBeGreaterThan(100_000);
		expect(stats.users).toBeGreaterThan(1_000);
		expect(stats.events).toBeGreaterThanOrEqual(8);
		await expect(app.page.getByTestId('chart-per-day').isVisible()).resolves.toBe(true);
	});

	test('dropping Online Retail gives the report computed independently', async () => {
		// Computed by test/reference/retention_reference.py (Python's csv module, no DuckDB).
		const facts = JSON.parse(readFileSync('test/fixtures/expected/online-retail.json', 'utf8'));
		const app = await apps.open('?demo=0');
		await app.page
			.getByTestId('file-input')
			.setInputFiles(path.join(DATA, 'online-retail/online_retail.csv.gz'));
		const stats = await reportStats(app.page);
		// Every line is a row (no id column, so no dedupe by default); guests have no CustomerID.
		expect(stats.rows).toBe(facts.rows);
		expect(stats.users).toBe(facts.customers);
		expect(stats.rejected).toBe(0);
		// Dedupe is off, so no duplicates were looked for: the report says so, and how to check (not "0").
		expect(stats.duplicates).toBeNull();
		await expect(app.page.getByTestId('stat-duplicates').innerText()).resolves.toContain('Not checked');
		await expect(app.page.locator('ul.notes').innerText()).resolves.toContain('drop identical rows');
		// Column types in the reader's words, DuckDB's name kept in the title.
		const typeOf = (name: string) =>
			app.page.getByTestId('columns').locator('tr', { hasText: name }).getByTestId('column-type');
		await expect(typeOf('Quantity').innerText()).resolves.toBe('whole number');
		await expect(typeOf('UnitPrice').innerText()).resolves.toBe('decimal');
		await expect(typeOf('Description').innerText()).resolves.toBe('text');
		await expect(typeOf('Description').getAttribute('title')).resolves.toBe('VARCHAR');
		const range = await app.page.getByTestId('stat-range').innerText();
		expect(range).toContain(facts.first.slice(0, 16).replace('T', ' '));
		expect(Number(await app.page.getByTestId('stat-no-user').getAttribute('data-value'))).toBe(
			facts.guestRows
		);
	});

	test('a file with broken lines loads the good rows and reports the bad ones', async () => {
		const app = await apps.open('?demo=0');
		await app.page.getByTestId('file-input').setInputFiles(path.resolve('test/fixtures/broken-lines.csv'));
		const stats = await reportStats(app.page);
		expect(stats.rejected).toBe(3);
		expect(stats.rows).toBeGreaterThan(0);
		const rejected = await app.page.getByTestId('rejected').innerText();
		expect(rejected).toMatch(/Rejected rows \(3\)/);
	});

	test('a file that is not an export gives a clear error and the previous dataset still works', async () => {
		const app = await apps.open();
		// The demo's data is in (its report is shown before): the dataset in force is the demo.
		await app.page.locator('.dataset .name').waitFor({ timeout: 120_000 });
		const before = await reportStats(app.page);
		await app.page.getByTestId('file-input').setInputFiles(path.resolve('test/fixtures/not-an-export.png'));
		const error = app.page.getByTestId('error');
		await error.waitFor({ state: 'visible' });
		expect(await error.innerText()).toMatch(/not a CSV, JSON|binary/i);
		const after = await reportStats(app.page);
		expect(after).toEqual(before);
		await app.page.getByRole('link', { name: 'Retention' }).click();
		await app.page.locator('[data-testid="retention"][data-state="ready"]').waitFor({ timeout: 60_000 });
	});

	test('a load shows progress and can be cancelled, leaving the previous dataset', async () => {
		const app = await apps.open();
		// The demo's data is in (its report is shown before): the dataset in force is the demo.
		await app.page.locator('.dataset .name').waitFor({ timeout: 120_000 });
		const before = await reportStats(app.page);
		await app.page
			.getByTestId('file-input')
			.setInputFiles(path.join(DATA, 'online-retail/online_retail.csv.gz'));
		const progress = app.page.getByTestId('ingest-progress');
		await progress.waitFor({ state: 'visible' });
		expect(await progress.innerText()).toMatch(/Reading|Mapping|Building/);
		await app.page.getByTestId('cancel').click();
		await progress.waitFor({ state: 'hidden', timeout: 60_000 });
		await expect(app.page.getByTestId('error').count()).resolves.toBe(0);
		expect(await reportStats(app.page)).toEqual(before);
		expect(await app.page.locator('.dataset .name').innerText()).toBe('Demo web shop');
	});

	test('when the engine worker dies, a new one starts and the last dataset is loaded into it', async () => {
		const app = await apps.open('?demo=0&cache=0');
		await app.page.getByTestId('file-input').setInputFiles(path.resolve('test/fixtures/broken-lines.csv'));
		const before = await reportStats(app.page);
		const [worker] = await engineWorkers(app.page);
		expect(worker, 'the engine worker').toBeDefined();
		// An error nobody catches ends the worker, as a fatal WebAssembly trap does (engine.worker.ts).
		await worker!.evaluate(() => {
			setTimeout(() => {
				throw new Error('simulated crash');
			});
		});
		const error = app.page.getByTestId('error');
		await error.waitFor({ state: 'visible', timeout: 30_000 });
		expect(await error.innerText()).toMatch(/engine stopped.*restarted.*reloaded/);
		// The crash is the point of this test; any other console error still fails it.
		app.errors.splice(0, app.errors.length, ...app.errors.filter((e) => !e.includes('simulated crash')));
		expect(await reportStats(app.page)).toEqual(before);
		// With the result cache off, the analysis runs in the new worker, on the reloaded rows.
		await app.page.getByRole('link', { name: 'Retention' }).click();
		await app.page.locator('[data-testid="retention"][data-state="ready"]').waitFor({ timeout: 60_000 });
		expect(await engineWorkers(app.page)).toHaveLength(1);
	});

	test('an event name with markup renders as text', async () => {
		const app = await apps.open('?demo=0');
		let dialogs = 0;
		app.page.on('dialog', (d) => {
			dialogs++;
			void d.dismiss();
		});
		const csv =
			'user,time,event\nu1,2025-01-01T10:00:00Z,<img src=x onerror=alert(1)>\nu2,2025-01-02T10:00:00Z,signup\n';
		await app.page.getByTestId('file-input').setInputFiles({
			name: 'xss.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from(csv)
		});
		await reportStats(app.page);
		const names = await app.page.getByTestId('columns').innerText();
		expect(names).toContain('event');
		await app.page.getByTestId('chart-top-events').hover();
		expect(await app.page.locator('img[src="x"]').count()).toBe(0);
		expect(dialogs).toBe(0);
	});
});
