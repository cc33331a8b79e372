import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/lib/engine/duck.ts';
import { loadJson } from '../../src/lib/engine/formats/json.ts';
import {
	created,
	duck,
	fileSource,
	jsonl,
	mixpanelRows,
	nextTable,
	rowsOf,
	tableNames,
	useFormatsDuck
} from './support/formats-fixture.ts';

useFormatsDuck();

describe('loadJson', () => {
	it('rejects malformed and non-object lines with their line numbers and keeps the rest', async () => {
		const long = '{"x": "' + 'y'.repeat(400);
		const lines = [
			'{"a": 1}',
			'{"a": 2}',
			'{"a": 3,',
			'{"a": 4}',
			'not json',
			'',
			'[1, 2]',
			'42',
			'{"a": 9}',
			long,
			'{"a": 11}'
		];
		const table = nextTable();
		const stats = await loadJson(duck, await fileSource('bad.jsonl', lines.join('\n')), table);
		expect(stats.rows).toBe(5);
		expect(stats.rejectedCount).toBe(5);
		expect(stats.rejected.map((r) => [r.file, r.line, r.raw])).toEqual([
			['bad.jsonl', 3, '{"a": 3,'],
			['bad.jsonl', 5, 'not json'],
			['bad.jsonl', 7, '[1, 2]'],
			['bad.jsonl', 8, '42'],
			['bad.jsonl', 10, long.slice(0, 300)]
		]);
		for (const r of stats.rejected) expect(r.reason.length).toBeGreaterThan(0);
		expect(stats.rejected[2].reason).toMatch(/not a JSON object/i);
		expect(await rowsOf(table)).toEqual([{ a: 1 }, { a: 2 }, { a: 4 }, { a: 9 }, { a: 11 }]);
	});

	it('counts every reject but keeps only the first 20', async () => {
		const lines: string[] = [];
		for (let i = 1; i <= 60; i++) lines.push(i % 2 ? `{"i": ${i}}` : `{"i": ${i}`);
		const table = nextTable();
		const stats = await loadJson(duck, await fileSource('many-bad.jsonl', lines.join('\n')), table);
		expect(stats.rows).toBe(30);
		expect(stats.rejectedCount).toBe(30);
		expect(stats.rejected.map((r) => r.line)).toEqual(Array.from({ length: 20 }, (_, k) => 2 * (k + 1)));
	});

	it('rejects non-object elements of an array by the line they start on', async () => {
		const text = '[\n  {"a": 1},\n  5,\n  {"a": "x, ]"},\n  "str"\n]\n';
		const table = nextTable();
		const stats = await loadJson(duck, await fileSource('mixed-array.json', text), table);
		expect(stats.rows).toBe(2);
		expect(stats.rejected.map((r) => [r.line, r.raw])).toEqual([
			[3, '5'],
			[5, '"str"']
		]);
		expect(await rowsOf(table)).toEqual([{ a: '1' }, { a: 'x, ]' }]);
	});

	it('throws a clear error for files that are not JSON, leaving no table behind', async () => {
		const before = await tableNames();
		const cases: [string, string][] = [
			['events.csv', 'user,event,time\nu1,open,2025-01-01\nu2,close,2025-01-02\n'],
			['empty.json', '   \n'],
			['numbers.json', '[1, 2, 3]']
		];
		for (const [name, text] of cases) {
			const table = nextTable();
			await expect(loadJson(duck, await fileSource(name, text), table)).rejects.toThrow(
				new RegExp(`${name.replace('.', '\\.')} does not look like JSON`)
			);
			expect(await duck.tableExists(table)).toBe(false);
		}
		const big = Array.from({ length: 5000 }, (_, i) => `${i},x,y`).join('\n');
		await expect(loadJson(duck, await fileSource('big.csv', big), nextTable())).rejects.toThrow(
			/does not look like JSON: the first 100 records/
		);
		expect(await tableNames()).toEqual(before);
	});

	it('cancels between batches and drops the partial table', async () => {
		const rows = mixpanelRows(100);
		const before = await tableNames();
		let polls = 0;
		const table = nextTable();
		await expect(
			loadJson(duck, await fileSource('cancel.jsonl', jsonl(rows)), table, {
				batchRows: 10,
				isCancelled: () => created.has(table) && ++polls > 3
			})
		).rejects.toBeInstanceOf(CancelledError);
		expect(polls).toBeGreaterThan(3);
		expect(await tableNames()).toEqual(before);
	});
});
