import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { appsUnderTest, reportStats } from './harness.ts';

const apps = appsUnderTest();
const CASE = path.resolve('test/fixtures/cases/placeholder-ids/events.csv');

describe('report details in the browser', () => {
	test('placeholder ids are listed, and the columns table gets exact distinct counts after the report', async () => {
		const app = await apps.open('?demo=0');
		await app.page.getByTestId('file-input').setInputFiles(CASE);
		const stats = await reportStats(app.page);
		expect(stats.rows).toBe(9);
		expect(stats.users).toBe(5);
		expect(Number(await app.page.getByTestId('stat-no-user').getAttribute('data-value'))).toBe(3);
		const rows = app.page.getByTestId('placeholder');
		const listed = await rows.evaluateAll((trs) =>
			trs.map((tr) => [tr.dataset.column, tr.dataset.placeholder, Number(tr.dataset.value)])
		);
		expect(listed).toEqual([
			['anonymousId', 'undefined', 5],
			['userId', 'NULL', 2]
		]);
		// Counted in the background: wait until every cell has its number, then compare with the file.
		const cells = app.page.getByTestId('distinct');
		await app.page.waitForFunction(
			() =>
				[...document.querySelectorAll('[data-testid="distinct"]')].every(
					(td) => (td as HTMLElement).dataset.value !== ''
				),
			null,
			{ timeout: 60_000 }
		);
		const counts = await cells.evaluateAll((tds) =>
			tds.map((td) => Number((td as HTMLElement).dataset.value))
		);
		// userId: alice, bob, carol (NULL is no id); anonymousId: anon-c, anon-n, anon-m; two event names.
		expect(counts).toEqual([3, 3, 2, 9, 9]);
		expect(await app.page.getByTestId('columns').innerText()).not.toMatch(/approx/i);
	});

	test('a Parquet file with nothing between its magic bytes is named as damaged; the dataset stays', async () => {
		const app = await apps.open('?demo=0');
		await app.page.getByTestId('file-input').setInputFiles(CASE);
		const before = await reportStats(app.page);
		await app.page.getByTestId('file-input').setInputFiles({
			name: 'empty.parquet',
			mimeType: 'application/octet-stream',
			buffer: Buffer.from([0x50, 0x41, 0x52, 0x31, 0, 0, 0, 0, 0x50, 0x41, 0x52, 0x31])
		});
		const error = app.page.getByTestId('error');
		await error.waitFor({ state: 'visible' });
		const text = await error.innerText();
		expect(text).toMatch(/empty\.parquet is a damaged Parquet file.*again/);
		expect(text).not.toMatch(/undefined|reading 'map'|__g\d/);
		expect(await reportStats(app.page)).toEqual(before);
	});
});
