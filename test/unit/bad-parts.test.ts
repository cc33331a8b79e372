/**
 * A bad part of a file costs that part, never the load, the worker or the earlier dataset (issue 7). Each
 * hostile input is generated here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Int32, Int64, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import { buildDerived, USERS_FIRST, USERS_LATEST } from '../../src/lib/engine/derived.ts';
import { loadJson } from '../../src/lib/engine/formats/json.ts';
import { loadParquet } from '../../src/lib/engine/formats/parquet.ts';
import { deepJsonText, jsonText } from '../../src/lib/engine/formats/json-text.ts';
import { sniffFile } from '../../src/lib/engine/sniff.ts';
import { userMessage } from '../../src/lib/messages.ts';
import { ident, literal } from '../../src/lib/sql/quote.ts';

let duck: Database;
let tmp: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-bad-parts-'));
});

let fileNo = 0;
async function file(name: string, content: string | Uint8Array) {
	const p = path.join(tmp, `${fileNo++}-${name}`);
	await writeFile(p, content);
	return nodeSource(p);
}

describe('a 5,000-column export', () => {
	it('builds sessions and users instead of trapping the engine (divide by zero)', async () => {
		// An `events` table as ingest leaves it, with 4,994 property columns: 7 users, 60 rows.
		const props = 4994;
		const rows = 60;
		const kinds = (p: number) => (p % 2 === 0 ? 'VARCHAR' : 'BIGINT');
		const value = (r: number, p: number): string | number | null =>
			(r + p) % 5 === 0 ? null : kinds(p) === 'VARCHAR' ? `v${(r * 31 + p) % 97}` : (r * 7 + p) % 101;
		// Built through Arrow: a CREATE TABLE with 5,000 expressions takes DuckDB minutes to plan.
		const columns: Record<string, Vector> = {
			r: vectorFromArray(
				Array.from({ length: rows }, (_, r) => r),
				new Int32()
			)
		};
		for (let p = 0; p < props; p++) {
			const values = Array.from({ length: rows }, (_, r) => value(r, p));
			columns[`p${p}`] =
				kinds(p) === 'VARCHAR'
					? vectorFromArray(values, new Utf8())
					: vectorFromArray(
							values.map((v) => (v === null ? null : BigInt(v))),
							new Int64()
						);
		}
		await duck.exec('DROP TABLE IF EXISTS wide_props; DROP TABLE IF EXISTS wide_events');
		await duck.insertArrow('wide_props', tableToIPC(new Table(columns), 'stream'));
		await duck.exec(
			`CREATE TABLE wide_events AS SELECT r::BIGINT AS __row, (r % 7)::INTEGER AS __ukey, 'u' || (r % 7) AS __user,
			   TIMESTAMP '2025-01-01' + to_minutes((r * 37 % 60)::BIGINT) AS __time,
			   TIMESTAMP '2025-01-01' + to_minutes((r * 37 % 60)::BIGINT) AS __local, 'e' AS __event, * EXCLUDE (r)
			 FROM wide_props`
		);
		const summary = await buildDerived(
			duck,
			{ columns: { user: '__user', time: '__time', event: '__event' }, sessionGapMinutes: 30 },
			{ events: 'wide_events', suffix: '_wide' }
		);
		expect(summary.users).toBe(7);
		// The reference: each user's first and latest non-null value in (time, row) order, in TypeScript.
		const order = Array.from({ length: rows }, (_, r) => r).sort(
			(a, b) => ((a * 37) % 60) - ((b * 37) % 60) || a - b
		);
		for (const [table, pick] of [
			[USERS_FIRST, (xs: number[]) => xs[0]],
			[USERS_LATEST, (xs: number[]) => xs[xs.length - 1]]
		] as const) {
			const got = await duck.rows<Record<string, unknown>>(
				`SELECT * FROM ${ident(table + '_wide')} ORDER BY __ukey`
			);
			expect(Object.keys(got[0])).toHaveLength(props + 1);
			for (const p of [0, 1, 2, 2499, 4000, 4993]) {
				for (let u = 0; u < 7; u++) {
					const withValue = order.filter((r) => r % 7 === u && value(r, p) !== null);
					const expected = withValue.length ? value(pick(withValue), p) : null;
					expect([table, u, p, got[u][`p${p}`]]).toEqual([table, u, p, expected]);
				}
			}
		}
	}, 600_000);
});

describe('JSON nested 10,000 deep', () => {
	const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
	const lines = [
		`{"user":"u1","time":"2025-01-01T10:00:00Z","event":"e","deep":${deep(10_000)}}`,
		`{"user":"u2","time":"2025-01-02T10:00:00Z","event":"e","arr":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
		`{"user":"u3","time":"2025-01-03T10:00:00Z","event":"f"}`
	];

	it('keeps the record, the deep part as JSON text, instead of overflowing the stack', async () => {
		const source = await file('deep.jsonl', lines.join('\n') + '\n');
		const report = await new EngineCore(duck).ingest([source], {});
		expect(report.rows).toBe(3);
		expect(report.rejected).toBe(0);
		const deepColumn = ['deep', ...Array(31).fill('a')].join('.');
		expect(report.columns.map((c) => c.name)).toEqual(['user', 'time', 'event', deepColumn, 'arr']);
		const [row] = await duck.rows<Record<string, string>>(
			`SELECT ${ident(deepColumn)} AS d FROM events WHERE __user = 'u1'`
		);
		// 32 keys make the column name; the levels below them are its value, as JSON text.
		expect(row.d).toBe(deep(10_000 - 31));
		const [arr] = await duck.rows<{ a: string }>(`SELECT arr AS a FROM events WHERE __user = 'u2'`);
		expect(arr.a).toBe('['.repeat(10_000) + ']'.repeat(10_000));
	});

	it('previews the file instead of overflowing the stack', async () => {
		const source = await file('deep.jsonl', lines.join('\n') + '\n');
		const preview = await sniffFile(source.blob, source.name);
		expect(preview.error).toBeUndefined();
		expect(preview.format).toBe('jsonl');
		expect(preview.columns).toHaveLength(5);
		expect(preview.rows[0][3]).toBe(deep(10_000 - 31));
	});

	it('writes deep values as JSON.stringify writes shallow ones', () => {
		const values: unknown[] = [
			{ a: [1, 'x', null, true, { b: undefined, c: 2.5 }], d: {}, e: [], f: '"\n\u2028' },
			[undefined, () => 1, NaN, -0, Infinity],
			{ big: 2n ** 40n, huge: 2n ** 70n, bytes: new Uint8Array([0, 15, 255]), when: new Date(0) },
			'text',
			null,
			42
		];
		for (const v of values) expect(deepJsonText(v)).toBe(jsonText(v));
		expect(jsonText({ big: 2n ** 70n })).toBe('{"big":"1180591620717411303424"}');
		expect(() => JSON.parse(jsonText(JSON.parse(deep(50_000))))).not.toThrow();
	});
});

describe('prototype-polluting JSON', () => {
	const records = [
		'{"user":"u1","time":"2025-01-01T10:00:00Z","__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"bad":1}}}',
		'{"user":"u2","time":"2025-01-02T10:00:00Z","__proto__":"text","constructor":"c","toString":"t","hasOwnProperty":"h"}',
		'{"user":"u3","time":"2025-01-03T10:00:00Z","event_params":[{"key":"__proto__","value":{"string_value":"kv"}}]}'
	];

	it('is data only: its keys are columns, nothing reaches a prototype', async () => {
		const source = await file('proto.jsonl', records.join('\n') + '\n');
		const report = await new EngineCore(duck).ingest([source], { columns: { user: 'user', time: 'time' } });
		expect(report.rows).toBe(3);
		expect(report.columns.map((c) => c.name).sort()).toEqual(
			[
				'user',
				'time',
				'__proto__.polluted',
				'__proto__.isAdmin',
				'constructor.prototype.bad',
				'__proto__',
				'constructor',
				'toString',
				'hasOwnProperty',
				'event_params.__proto__'
			].sort()
		);
		const rows = await duck.rows<Record<string, unknown>>(
			`SELECT "__proto__", "__proto__.polluted", "constructor", "constructor.prototype.bad", "toString",
			   "event_params.__proto__" FROM events ORDER BY __row`
		);
		expect(rows.map((r) => Object.entries(r))).toEqual([
			[
				['__proto__', null],
				['__proto__.polluted', 'yes'],
				['constructor', null],
				['constructor.prototype.bad', 1],
				['toString', null],
				['event_params.__proto__', null]
			],
			[
				['__proto__', 'text'],
				['__proto__.polluted', null],
				['constructor', 'c'],
				['constructor.prototype.bad', null],
				['toString', 't'],
				['event_params.__proto__', null]
			],
			[
				['__proto__', null],
				['__proto__.polluted', null],
				['constructor', null],
				['constructor.prototype.bad', null],
				['toString', null],
				['event_params.__proto__', 'kv']
			]
		]);
		expect(Object.getPrototypeOf(rows[1])).toBe(Object.prototype);
		const probe = {} as Record<string, unknown>;
		expect([probe.polluted, probe.isAdmin, probe.bad]).toEqual([undefined, undefined, undefined]);
	});

	it('previews as data only: a record without `constructor` shows an empty cell', async () => {
		const source = await file('proto.jsonl', records.join('\n') + '\n');
		const preview = await sniffFile(source.blob, source.name);
		const cell = (row: number, column: string) => preview.rows[row][preview.columns.indexOf(column)];
		expect(preview.columns).toContain('__proto__');
		expect(cell(1, '__proto__')).toBe('text');
		expect(cell(0, '__proto__.polluted')).toBe('yes');
		expect(cell(2, 'constructor')).toBe('');
		expect(cell(2, 'toString')).toBe('');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('loads the key-value form of GA4 with a `__proto__` key as a column', async () => {
		const table = 'proto_kv';
		const stats = await loadJson(duck, await file('kv.jsonl', records[2] + '\n'), table);
		expect(stats.rows).toBe(1);
		expect(await duck.rows(`SELECT * FROM ${ident(table)}`)).toEqual([
			{ user: 'u3', time: '2025-01-03T10:00:00Z', 'event_params.__proto__': 'kv' }
		]);
	});
});

describe('damaged Parquet', () => {
	const magic = new TextEncoder().encode('PAR1');
	const bytes = (...parts: (Uint8Array | number[])[]) => new Uint8Array(parts.flatMap((p) => Array.from(p)));

	async function nativeParquet(): Promise<Uint8Array> {
		const db = await DuckDBInstance.create(':memory:');
		const conn = await db.connect();
		const p = path.join(tmp, 'good.parquet');
		await conn.run(
			`COPY (SELECT 'u' || (i % 5) AS "user", TIMESTAMP '2025-01-01' + to_hours(i) AS "time", 'e' AS event
			 FROM range(2000) t(i)) TO ${literal(p)} (FORMAT parquet)`
		);
		conn.closeSync();
		const { readFile } = await import('node:fs/promises');
		return new Uint8Array(await readFile(p));
	}

	it('a file with nothing between its magic bytes says it is damaged, not "reading \'map\'"', async () => {
		const good = await nativeParquet();
		const cases: [string, Uint8Array, RegExp][] = [
			['empty-footer.parquet', bytes(magic, [0, 0, 0, 0], magic), /damaged Parquet file: its footer/],
			['magic-only.parquet', bytes(magic, magic), /cut short/],
			[
				'garbage.parquet',
				bytes(magic, new TextEncoder().encode('not thrift at all'), [17, 0, 0, 0], magic),
				/damaged/
			],
			['huge-length.parquet', bytes(magic, [255, 255, 255, 127], magic), /damaged/],
			['cut-in-half.parquet', good.subarray(0, good.length >> 1), /cut short/]
		];
		for (const [name, content, expected] of cases) {
			const source = await file(name, content);
			const table = `bad_${fileNo}`;
			const error = await loadParquet(duck, source, table).then(
				() => null,
				(e: unknown) => e as Error
			);
			expect(error, name).not.toBeNull();
			const text = userMessage(error, { doing: 'load', files: [name] });
			expect(text).toMatch(expected);
			expect(text).toContain(name);
			expect(text).toMatch(/again/);
			expect(text).not.toMatch(/undefined|reading|thrift|\bmap\b|buffer/);
			expect(await duck.tableExists(table)).toBe(false);
		}
		// The whole file still loads: the checks reject only what is damaged.
		const ok = await new EngineCore(duck).ingest([await file('good.parquet', good)], {});
		expect(ok.rows).toBe(2000);
	});
});

describe('the phantom __line column', () => {
	it('the report of a Parquet or JSON file lists the file\'s columns only, a "__line" of its own included', async () => {
		const db = await DuckDBInstance.create(':memory:');
		const conn = await db.connect();
		const p = path.join(tmp, 'cols.parquet');
		await conn.run(
			`COPY (SELECT 'u' || i AS uid, TIMESTAMP '2025-01-01' + to_hours(i) AS ts, 'e' AS ev FROM range(10) t(i))
			 TO ${literal(p)} (FORMAT parquet)`
		);
		conn.closeSync();
		const parquet = await new EngineCore(duck).ingest([await nodeSource(p)], {
			columns: { user: 'uid', time: 'ts', event: 'ev' }
		});
		expect(parquet.columns.map((c) => c.name)).toEqual(['uid', 'ts', 'ev']);
		const json = await new EngineCore(duck).ingest(
			[await file('own-line.jsonl', '{"uid":"a","ts":"2025-01-01T00:00:00Z","__line":7}\n')],
			{ columns: { user: 'uid', time: 'ts', event: null } }
		);
		expect(json.columns.map((c) => c.name)).toEqual(['uid', 'ts', '__line']);
		expect(await duck.rows('SELECT __line FROM events')).toEqual([{ __line: 7 }]);
	});
});
