// File text pasted into SQL: the reader's options were rebuilt from sniff_csv's Prompt text, which does not
// escape quotes in column names, so a header could end the string and run any SQL. These tests pin the kind:
// names and values holding quotes, backslashes, semicolons, newlines and SQL are data, and nothing runs.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { bench, type Bench } from './support/ingest-files.ts';

let b: Bench;
beforeAll(async () => {
	b = await bench();
});

const field = (v: string) => `"${v.replaceAll('"', '""')}"`;
const csv = (rows: string[][]) => rows.map((r) => r.map(field).join(',')).join('\n') + '\n';

describe('file text never reaches SQL as code', () => {
	test("quote-in-header case: a header `it's time` and values with semicolons and doubled quotes", async () => {
		const file = path.resolve('test/fixtures/cases/quote-in-header/input.csv');
		const report = await b.load('input.csv', readFileSync(file));
		expect(report.rows).toBe(3);
		expect(report.users).toBe(2);
		expect(report.rejected).toBe(0);
		expect(report.mapping.time).toBe("it's time");
		expect(report.firstTime).toBe('2025-01-06T10:00:00.000Z');
		expect(report.lastTime).toBe('2025-01-08T10:00:00.000Z');
		const notes = (await b.rows<{ note: string }>('SELECT note FROM events ORDER BY __row')).map(
			(r) => r.note
		);
		expect(notes).toEqual(['a; b', 'say "hi"', 'x']);
	});

	test('headers and values holding quotes, backslashes, semicolons, newlines and SQL load as data; nothing runs', async () => {
		const before = await b.load('first.csv', 'user,time\nkeep,2025-01-01T00:00:00Z\n');
		expect(before.rows).toBe(1);
		const pwn = path.join(b.dir, 'pwn.csv');
		const hostile = [
			`x'); COPY (SELECT 1) TO '${pwn}'; --`,
			`back\\slash\\`,
			'semi;colon',
			'"quoted"',
			'multi\nline',
			"it's",
			"{'a': 1}",
			')',
			'$1 -- ;DROP TABLE events'
		];
		const header = ['user', 'time', 'event', ...hostile];
		const values = [
			`'); DROP TABLE events; --`,
			'\\',
			'a;b',
			'"',
			'two\nlines',
			`x' OR '1'='1`,
			"'",
			'\\x27',
			`COPY (SELECT 1) TO '${pwn}'`
		];
		const rows = [header];
		for (let i = 0; i < 4; i++) {
			rows.push([`u${i % 2}`, `2025-01-0${i + 2}T10:00:00Z`, 'view', ...values.map((v) => `${v}${i}`)]);
		}
		const report = await b.load('hostile.csv', csv(rows));
		expect(report.rows).toBe(4);
		expect(report.rejected).toBe(0);
		expect(report.users).toBe(2);
		expect(report.columns.map((c) => c.name)).toEqual(header);
		for (const [k, name] of hostile.entries()) {
			const got = (
				await b.duck.query(`SELECT "${name.replaceAll('"', '""')}" AS v FROM events ORDER BY __row`)
			)
				.getChild('v')!
				.toArray();
			expect(Array.from(got)).toEqual([0, 1, 2, 3].map((i) => `${values[k]}${i}`));
		}
		expect(existsSync(pwn)).toBe(false);
		const tables = await b.rows<{ t: string }>(
			`SELECT table_name AS t FROM duckdb_tables() WHERE NOT starts_with(table_name, '__g') ORDER BY 1`
		);
		expect(tables.map((r) => r.t)).toEqual(['events']);
	});

	test('a header crafted to close the options and run COPY is a column name, and no file is written', async () => {
		const pwn = path.join(b.dir, 'copied.csv');
		const name = `x': 'VARCHAR'}); COPY (SELECT 42) TO '${pwn}' (HEADER false); --`;
		const report = await b.load(
			'crafted.csv',
			csv([
				['user', 'time', name],
				['u1', '2025-01-01T00:00:00Z', 'v']
			])
		);
		expect(report.rows).toBe(1);
		expect(report.columns.map((c) => c.name)).toEqual(['user', 'time', name]);
		expect(existsSync(pwn)).toBe(false);
	});

	test('a delimiter and header given by the user reach the reader as literals', async () => {
		const report = await b.load('semi.txt', "user';time\nu1';2025-01-01T00:00:00Z\n", {
			delimiter: "';",
			header: true
		});
		expect(report.rows).toBe(1);
		expect(report.columns.map((c) => c.name)).toEqual(['user', 'time']);
		expect(await b.rows('SELECT "user" AS u FROM events')).toEqual([{ u: 'u1' }]);
	});
});
