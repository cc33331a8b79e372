import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, type Database } from '../../src/lib/engine/duck.ts';
import { loadJson } from '../../src/lib/engine/formats/json.ts';
import { loadParquet } from '../../src/lib/engine/formats/parquet.ts';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { sniffFile } from '../../src/lib/engine/sniff.ts';
import type { SourceFile } from '../../src/lib/engine/source.ts';
import { ident, literal } from '../../src/lib/sql/quote.ts';

let duck: Database;
/** Tables the loaders have created so far: a cancel waits for the partial table to exist. */
const created = new Set<string>();
let dir: string;
let tableCounter = 0;

beforeAll(async () => {
	duck = await createNodeDuck();
	const insert = duck.insertArrow.bind(duck);
	duck.insertArrow = async (name, ipc) => {
		await insert(name, ipc);
		created.add(name);
	};
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-formats-'));
});

afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

const nextTable = () => `t_formats_${++tableCounter}`;

async function fileSource(name: string, content: string | Uint8Array): Promise<SourceFile> {
	const file = path.join(dir, name);
	await writeFile(file, content);
	return nodeSource(file);
}

/** A source whose stream hands out tiny chunks, so records, strings and UTF-8 sequences straddle chunks. */
function choppedSource(name: string, bytes: Uint8Array<ArrayBuffer>, chunk: number): SourceFile {
	const real = new Blob([bytes]);
	const blob = {
		size: bytes.length,
		slice: (start?: number, end?: number) => real.slice(start, end),
		stream: () => {
			let pos = 0;
			return new ReadableStream<Uint8Array>({
				pull(controller) {
					if (pos >= bytes.length) controller.close();
					else controller.enqueue(bytes.slice(pos, (pos += chunk)));
				}
			});
		}
	};
	return { name, size: bytes.length, blob: blob as unknown as Blob };
}

async function columnsOf(table: string): Promise<{ name: string; type: string }[]> {
	return await duck.rows<{ name: string; type: string }>(
		`SELECT column_name AS name, data_type AS type FROM duckdb_columns()
		 WHERE table_name = ${literal(table)} ORDER BY column_index`
	);
}

/** The table's rows in the order the loader appended them (DuckDB's rowid), which must be file order. */
async function rowsOf(table: string): Promise<Record<string, unknown>[]> {
	return await duck.rows(`SELECT * FROM ${ident(table)} ORDER BY rowid`);
}

async function tableNames(): Promise<string[]> {
	return (await duck.rows<{ n: string }>('SELECT table_name AS n FROM duckdb_tables() ORDER BY 1')).map(
		(r) => r.n
	);
}

type Flat = Record<string, string | number | boolean | null>;

/** Mixpanel export rows, each with the flattened record it must become (written out by hand, not computed). */
function mixpanelRows(n: number): { raw: object; flat: Flat }[] {
	const out: { raw: object; flat: Flat }[] = [];
	const events = ['Signed Up', 'Viewed "Pricing"', 'Bought, then [left]', 'Ünïcødé 🚀 {braces}'];
	for (let i = 0; i < n; i++) {
		const event = events[i % events.length];
		const user = `user-${i % 7}\\path`;
		const time = 1735689600 + i * 37;
		const insertId = `ins-${i}`;
		const price = i % 3 === 0 ? null : i + 0.25;
		const browser = i % 2 === 0 ? 'Chrome' : 'Firefox';
		const tags = ['a', `b${i}`];
		out.push({
			raw: {
				event,
				properties: {
					distinct_id: user,
					time,
					$insert_id: insertId,
					price,
					$browser: browser,
					tags,
					ok: i % 5 === 0
				}
			},
			flat: {
				event,
				'properties.distinct_id': user,
				'properties.time': time,
				'properties.$insert_id': insertId,
				'properties.price': price,
				'properties.$browser': browser,
				'properties.tags': `["a","b${i}"]`,
				'properties.ok': i % 5 === 0
			}
		});
	}
	return out;
}

const mixpanelColumns = [
	{ name: 'event', type: 'VARCHAR' },
	{ name: 'properties.distinct_id', type: 'VARCHAR' },
	{ name: 'properties.time', type: 'BIGINT' },
	{ name: 'properties.$insert_id', type: 'VARCHAR' },
	{ name: 'properties.price', type: 'DOUBLE' },
	{ name: 'properties.$browser', type: 'VARCHAR' },
	{ name: 'properties.tags', type: 'VARCHAR' },
	{ name: 'properties.ok', type: 'BOOLEAN' }
];

const jsonl = (rows: { raw: object }[]) => rows.map((r) => JSON.stringify(r.raw)).join('\n') + '\n';
const flatRows = (rows: { flat: Flat }[]) => rows.map((r) => r.flat);

describe('loadJson', () => {
	it('loads Mixpanel-style JSON Lines with nested properties flattened to dotted columns', async () => {
		const rows = mixpanelRows(40);
		const table = nextTable();
		const stats = await loadJson(duck, await fileSource('mixpanel.jsonl', jsonl(rows)), table);
		expect(stats).toEqual({ rows: 40, rejected: [], rejectedCount: 0 });
		expect(await columnsOf(table)).toEqual(mixpanelColumns);
		expect(await rowsOf(table)).toEqual(flatRows(rows));
	});

	it('loads Segment-style rows: deep context paths, nulls, CRLF line ends and blank lines', async () => {
		const lines = [
			{
				type: 'track',
				event: 'Order Completed',
				userId: null,
				anonymousId: 'anon-1',
				messageId: 'm1',
				timestamp: '2025-01-01T10:00:00.000Z',
				context: { page: { url: 'https://shop.example/cart?x=1', title: 'Cart' }, ip: '10.0.0.1' },
				properties: { revenue: 12.5, products: [{ id: 'p1', qty: 2 }] }
			},
			{
				type: 'identify',
				userId: 'u-42',
				anonymousId: 'anon-1',
				messageId: 'm2',
				timestamp: '2025-01-01T10:05:00.000Z',
				context: { page: { url: 'https://shop.example/' } },
				traits: { email: 'a@b.c' }
			}
		];
		const text = JSON.stringify(lines[0]) + '\r\n\r\n' + JSON.stringify(lines[1]) + '\r\n';
		const table = nextTable();
		const stats = await loadJson(duck, await fileSource('segment.json', text), table);
		expect(stats.rows).toBe(2);
		expect((await columnsOf(table)).map((c) => c.name)).toEqual([
			'type',
			'event',
			'userId',
			'anonymousId',
			'messageId',
			'timestamp',
			'context.page.url',
			'context.page.title',
			'context.ip',
			'properties.revenue',
			'properties.products',
			'traits.email'
		]);
		expect(await rowsOf(table)).toEqual([
			{
				type: 'track',
				event: 'Order Completed',
				userId: null,
				anonymousId: 'anon-1',
				messageId: 'm1',
				timestamp: '2025-01-01T10:00:00.000Z',
				'context.page.url': 'https://shop.example/cart?x=1',
				'context.page.title': 'Cart',
				'context.ip': '10.0.0.1',
				'properties.revenue': 12.5,
				'properties.products': '[{"id":"p1","qty":2}]',
				'traits.email': null
			},
			{
				type: 'identify',
				event: null,
				userId: 'u-42',
				anonymousId: 'anon-1',
				messageId: 'm2',
				timestamp: '2025-01-01T10:05:00.000Z',
				'context.page.url': 'https://shop.example/',
				'context.page.title': null,
				'context.ip': null,
				'properties.revenue': null,
				'properties.products': null,
				'traits.email': 'a@b.c'
			}
		]);
	});

	it('loads a pretty-printed JSON array, elements in file order', async () => {
		const rows = mixpanelRows(25);
		const table = nextTable();
		const text = JSON.stringify(
			rows.map((r) => r.raw),
			null,
			2
		);
		const stats = await loadJson(duck, await fileSource('mixpanel-array.json', text), table);
		expect(stats).toEqual({ rows: 25, rejected: [], rejectedCount: 0 });
		expect(await columnsOf(table)).toEqual(mixpanelColumns);
		expect(await rowsOf(table)).toEqual(flatRows(rows));
	});

	it('falls back to whole values for pretty-printed objects that are not one per line', async () => {
		const rows = mixpanelRows(3);
		const text = rows.map((r) => JSON.stringify(r.raw, null, 2)).join('\n');
		const table = nextTable();
		const stats = await loadJson(duck, await fileSource('pretty.json', text), table);
		expect(stats).toEqual({ rows: 3, rejected: [], rejectedCount: 0 });
		expect(await rowsOf(table)).toEqual(flatRows(rows));
	});

	it('splits correctly when records, strings, escapes and UTF-8 characters straddle stream chunks', async () => {
		const rows = mixpanelRows(30);
		const encoder = new TextEncoder();
		for (const [name, text] of [
			['chopped.jsonl', jsonl(rows)],
			['chopped.json', ' \n' + JSON.stringify(rows.map((r) => r.raw))]
		]) {
			for (const chunk of [1, 3, 7]) {
				const table = nextTable();
				const stats = await loadJson(duck, choppedSource(name, encoder.encode(text), chunk), table);
				expect(stats.rows).toBe(30);
				expect(await rowsOf(table)).toEqual(flatRows(rows));
			}
		}
	});

	it('reads gzip by its magic bytes, whatever the name, and reports compressed bytes read', async () => {
		const rows = mixpanelRows(3000);
		for (const [name, text] of [
			['events.jsonl.gz', jsonl(rows)],
			['events-array.json', JSON.stringify(rows.map((r) => r.raw))]
		]) {
			const gz = gzipSync(Buffer.from(text));
			const source = await fileSource(name, gz);
			const seen: number[] = [];
			const table = nextTable();
			const stats = await loadJson(duck, source, table, { onBytes: (n) => seen.push(n) });
			expect(stats.rows).toBe(3000);
			expect(seen.length).toBeGreaterThan(0);
			expect(seen.every((n, i) => i === 0 || n >= seen[i - 1])).toBe(true);
			expect(seen.at(-1)).toBe(gz.length);
			expect(await rowsOf(table)).toEqual(flatRows(rows));
		}
	});

	it('spreads GA4 event_params and user_properties into one column per key', async () => {
		const param = (key: string, value: Record<string, unknown>) => ({
			key,
			value: { string_value: null, int_value: null, float_value: null, double_value: null, ...value }
		});
		const rows = [
			{
				event_date: '20250101',
				event_timestamp: '1735725600000000',
				event_name: 'page_view',
				user_pseudo_id: '123.456',
				event_params: [
					param('page_location', { string_value: 'https://a.example/b' }),
					param('ga_session_id', { int_value: '1735725600' }),
					param('engagement_time_msec', { int_value: 1234 })
				],
				user_properties: [
					{ key: 'tier', value: { string_value: 'gold', set_timestamp_micros: '1735725600000000' } }
				],
				items: [{ item_id: 'sku1' }]
			},
			{
				event_date: '20250101',
				event_timestamp: '1735725601000000',
				event_name: 'purchase',
				user_pseudo_id: '789.012',
				event_params: [param('value', { double_value: 19.99 }), param('page_location', {})],
				user_properties: [],
				items: []
			}
		];
		const table = nextTable();
		await loadJson(duck, await fileSource('ga4.jsonl', jsonl(rows.map((raw) => ({ raw })))), table);
		expect(await columnsOf(table)).toEqual([
			{ name: 'event_date', type: 'VARCHAR' },
			{ name: 'event_timestamp', type: 'VARCHAR' },
			{ name: 'event_name', type: 'VARCHAR' },
			{ name: 'user_pseudo_id', type: 'VARCHAR' },
			{ name: 'event_params.page_location', type: 'VARCHAR' },
			{ name: 'event_params.ga_session_id', type: 'BIGINT' },
			{ name: 'event_params.engagement_time_msec', type: 'BIGINT' },
			{ name: 'user_properties.tier', type: 'VARCHAR' },
			{ name: 'items', type: 'VARCHAR' },
			{ name: 'event_params.value', type: 'DOUBLE' },
			{ name: 'user_properties', type: 'VARCHAR' }
		]);
		expect(await rowsOf(table)).toEqual([
			{
				event_date: '20250101',
				event_timestamp: '1735725600000000',
				event_name: 'page_view',
				user_pseudo_id: '123.456',
				'event_params.page_location': 'https://a.example/b',
				'event_params.ga_session_id': 1735725600,
				'event_params.engagement_time_msec': 1234,
				'user_properties.tier': 'gold',
				items: '[{"item_id":"sku1"}]',
				'event_params.value': null,
				user_properties: null
			},
			{
				event_date: '20250101',
				event_timestamp: '1735725601000000',
				event_name: 'purchase',
				user_pseudo_id: '789.012',
				'event_params.page_location': null,
				'event_params.ga_session_id': null,
				'event_params.engagement_time_msec': null,
				'user_properties.tier': null,
				items: '[]',
				'event_params.value': 19.99,
				user_properties: '[]'
			}
		]);
	});

	it('previews a GA4-style export with the columns and cells the loader makes of it', async () => {
		// The preview used to keep event_params as one JSON value while the load spread it: a mapping chosen
		// on the preview named columns the loaded table did not have.
		const param = (key: string, value: Record<string, unknown>) => ({ key, value });
		const built = [
			{
				event_timestamp: 1735725600000000,
				event_name: 'page_view',
				user_pseudo_id: '123.456',
				event_params: [
					param('page_location', { string_value: 'https://a.example/b' }),
					param('ga_session_id', { int_value: '1735725600' })
				],
				device: { category: 'mobile', web_info: { browser: 'Safari' } },
				user_properties: [],
				items: [{ item_id: 'sku1' }]
			},
			{
				event_timestamp: 1735725601000000,
				event_name: 'purchase',
				user_pseudo_id: '789.012',
				// Differs from page_location only in case: DuckDB's names are case-insensitive, so it is renamed.
				event_params: [
					param('Page_Location', { string_value: '/thanks' }),
					param('value', { double_value: 9.5 })
				],
				device: { category: 'desktop' }
			}
		];
		const fixture = await readFile(path.resolve('test/fixtures/vendors/ga4.jsonl'));
		for (const [name, content] of [
			['built.jsonl', jsonl(built.map((raw) => ({ raw })))],
			['ga4.jsonl', fixture]
		] as const) {
			const source = await fileSource(name, content);
			const preview = await sniffFile(source.blob, name);
			const table = nextTable();
			await loadJson(duck, source, table);
			const loaded = (await columnsOf(table)).map((c) => c.name);
			expect(preview.columns).toEqual(loaded);
			expect(loaded.filter((c) => c.startsWith('event_params.')).length).toBeGreaterThanOrEqual(2);
			const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
			const cells = (await rowsOf(table))
				.slice(0, preview.rows.length)
				.map((r) => loaded.map((c) => text(r[c])));
			expect(preview.rows).toEqual(cells);
			if (name === 'built.jsonl') expect(loaded).toContain('event_params.Page_Location_2');
		}
	});

	it('adds columns that first appear after the first batch, keeping first-seen order', async () => {
		const raws: Record<string, unknown>[] = [];
		for (let i = 1; i <= 35; i++) {
			const row: Record<string, unknown> = { id: i };
			if (i <= 5) row.early = `e${i}`;
			if (i >= 27) row.late = { nested: i * 2 };
			if (i === 33) row.Late2 = true;
			raws.push(row);
		}
		const table = nextTable();
		const stats = await loadJson(
			duck,
			await fileSource('late.jsonl', raws.map((r) => JSON.stringify(r)).join('\n')),
			table,
			{ batchRows: 10 }
		);
		expect(stats.rows).toBe(35);
		expect(await columnsOf(table)).toEqual([
			{ name: 'id', type: 'BIGINT' },
			{ name: 'early', type: 'VARCHAR' },
			{ name: 'late.nested', type: 'BIGINT' },
			{ name: 'Late2', type: 'BOOLEAN' }
		]);
		expect(await rowsOf(table)).toEqual(
			raws.map((r) => ({
				id: r.id,
				early: r.early ?? null,
				'late.nested': (r.late as { nested: number } | undefined)?.nested ?? null,
				Late2: r.Late2 ?? null
			}))
		);
	});

	it('widens a column whose type changes between batches, and types a column that was only null', async () => {
		const values: unknown[] = [];
		for (let i = 0; i < 10; i++) values.push(i * 1000);
		for (let i = 0; i < 10; i++) values.push(i + 0.5);
		for (let i = 0; i < 10; i++) values.push(i % 2 ? `s${i}` : true);
		const lines = values.map((v, i) =>
			JSON.stringify({
				v,
				num: i < 10 ? i : i + 0.25,
				later: i < 10 ? null : i,
				mixedCase: i,
				MixedCase: 1 - i
			})
		);
		const table = nextTable();
		await loadJson(duck, await fileSource('conflict.jsonl', lines.join('\n')), table, { batchRows: 10 });
		expect(await columnsOf(table)).toEqual([
			{ name: 'v', type: 'VARCHAR' },
			{ name: 'num', type: 'DOUBLE' },
			{ name: 'later', type: 'BIGINT' },
			{ name: 'mixedCase', type: 'BIGINT' },
			{ name: 'MixedCase_2', type: 'BIGINT' }
		]);
		expect(await rowsOf(table)).toEqual(
			values.map((v, i) => ({
				v: String(v),
				num: i < 10 ? i : i + 0.25,
				later: i < 10 ? null : i,
				mixedCase: i,
				MixedCase_2: 1 - i
			}))
		);
	});

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

describe('loadParquet', () => {
	let native: DuckDBConnection;

	beforeAll(async () => {
		const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
		native = await instance.connect();
		await native.run("SET TimeZone = 'UTC'");
	});

	/** Every column of the fixture, as text, with the expressions native DuckDB needs to read it. */
	const fixtureColumns: [string, string][] = [
		['id', 'id'],
		['i', 'i'],
		['small', 'small'],
		['f', 'f'],
		['r', 'r'],
		['s', 's'],
		['b', 'b'],
		['ts', 'ts'],
		['tstz', 'tstz'],
		['d', 'd'],
		['t', 't'],
		// Decimals load as DOUBLE: compare with DuckDB's own DECIMAL to DOUBLE conversion.
		['dec', 'dec::DOUBLE'],
		['u', 'u'],
		['props.plan', 'props.plan'],
		['props.n', 'props.n'],
		['tags', 'to_json(tags)'],
		['event_params', "CASE WHEN len(event_params) = 0 THEN '[]' END"],
		['event_params.page', "coalesce(list_filter(event_params, p -> p.key = 'page')[1].value.string_value)"],
		['event_params.n', "list_filter(event_params, p -> p.key = 'n')[1].value.int_value"]
	];

	const fixtureSelect = `
		SELECT
			i::BIGINT * 1000003 AS id,
			(i % 1000 - 500)::INTEGER AS i,
			(i % 100 - 50)::TINYINT AS small,
			CASE WHEN i % 11 = 0 THEN NULL ELSE i / 7.0 END::DOUBLE AS f,
			(i % 13 + 0.5)::FLOAT AS r,
			CASE WHEN i % 5 = 0 THEN NULL ELSE 'str ' || i || ' ü,"' END AS s,
			CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END AS b,
			TIMESTAMP '2024-12-30 23:59:59.123456' + to_microseconds(i * 3600000123) AS ts,
			CASE WHEN i % 7 = 0 THEN NULL
				ELSE TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_microseconds(i * 60000001) END AS tstz,
			DATE '2020-02-28' + (i % 400)::INTEGER AS d,
			TIME '00:00:00' + to_microseconds(i * 1000001) AS t,
			(i / 100.0)::DECIMAL(12, 2) AS dec,
			md5(i::VARCHAR)::UUID AS u,
			CASE WHEN i % 4 = 0 THEN NULL ELSE {'plan': 'p' || (i % 3), 'n': i} END AS props,
			['a', 'b' || i] AS tags,
			CASE WHEN i % 6 = 0 THEN []
				ELSE [{'key': 'page', 'value': {'string_value': '/p/' || i, 'int_value': NULL::BIGINT}},
					{'key': 'n', 'value': {'string_value': NULL, 'int_value': i::BIGINT}}] END AS event_params
		FROM range(5000) r(i)`;

	async function writeFixture(codec: string): Promise<string> {
		const file = path.join(dir, `fixture-${codec}.parquet`);
		await native.run(
			`COPY (${fixtureSelect}) TO ${literal(file)} (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 1024)`
		);
		return file;
	}

	async function nativeRows(file: string): Promise<Record<string, string | null>[]> {
		const list = fixtureColumns.map(([name, expr]) => `(${expr})::VARCHAR AS ${ident(name)}`).join(', ');
		const reader = await native.runAndReadAll(
			`SELECT (file_row_number + 1)::VARCHAR AS "row", ${list}
			 FROM read_parquet(${literal(file)}, file_row_number = true) ORDER BY file_row_number`
		);
		return reader.getRowObjectsJS() as Record<string, string | null>[];
	}

	async function wasmRows(table: string): Promise<Record<string, unknown>[]> {
		const list = fixtureColumns.map(([name]) => `${ident(name)}::VARCHAR AS ${ident(name)}`).join(', ');
		// rowid is the order rows were appended in: it must follow the file's rows.
		return await duck.rows(
			`SELECT (rowid + 1)::VARCHAR AS "row", ${list} FROM ${ident(table)} ORDER BY rowid`
		);
	}

	for (const codec of ['snappy', 'gzip', 'zstd', 'brotli', 'lz4']) {
		it(`reads ${codec} row group by row group and matches native DuckDB value for value`, async () => {
			const file = await writeFixture(codec);
			const meta = await native.runAndReadAll(
				`SELECT count(DISTINCT row_group_id)::INTEGER AS groups, any_value(compression) AS codec
				 FROM parquet_metadata(${literal(file)})`
			);
			const [{ groups, codec: written }] = meta.getRowObjectsJS() as { groups: number; codec: string }[];
			expect(groups).toBeGreaterThan(2);
			expect(written.toLowerCase()).toContain(codec === 'lz4' ? 'lz4' : codec);

			const source = await nodeSource(file);
			const seen: number[] = [];
			const table = nextTable();
			const stats = await loadParquet(duck, source, table, { onBytes: (n) => seen.push(n) });
			expect(stats).toEqual({ rows: 5000, rejected: [], rejectedCount: 0 });
			expect(seen.length).toBeGreaterThanOrEqual(groups);
			expect(seen.every((n, i) => i === 0 || n >= seen[i - 1])).toBe(true);
			expect(seen.at(-1)).toBe(source.size);

			const expected = await nativeRows(file);
			const actual = await wasmRows(table);
			expect(actual.length).toBe(expected.length);
			const mismatches: unknown[] = [];
			expected.forEach((row, r) => {
				for (const key of Object.keys(row)) {
					if (actual[r][key] !== row[key])
						mismatches.push({ row: r + 1, key, actual: actual[r][key], expected: row[key] });
				}
			});
			expect(mismatches.slice(0, 12)).toEqual([]);
			expect(actual).toEqual(expected);
		});
	}

	it('keeps Parquet types: instants as TIMESTAMPTZ, wall-clock timestamps as TIMESTAMP, decimals as DOUBLE', async () => {
		const file = await writeFixture('snappy');
		const table = nextTable();
		await loadParquet(duck, await nodeSource(file), table);
		expect(await columnsOf(table)).toEqual([
			{ name: 'id', type: 'BIGINT' },
			{ name: 'i', type: 'INTEGER' },
			{ name: 'small', type: 'TINYINT' },
			{ name: 'f', type: 'DOUBLE' },
			{ name: 'r', type: 'FLOAT' },
			{ name: 's', type: 'VARCHAR' },
			{ name: 'b', type: 'BOOLEAN' },
			{ name: 'ts', type: 'TIMESTAMP' },
			{ name: 'tstz', type: 'TIMESTAMP WITH TIME ZONE' },
			{ name: 'd', type: 'DATE' },
			{ name: 't', type: 'TIME' },
			{ name: 'dec', type: 'DOUBLE' },
			{ name: 'u', type: 'VARCHAR' },
			{ name: 'props.plan', type: 'VARCHAR' },
			{ name: 'props.n', type: 'BIGINT' },
			{ name: 'tags', type: 'VARCHAR' },
			{ name: 'event_params', type: 'VARCHAR' },
			{ name: 'event_params.page', type: 'VARCHAR' },
			{ name: 'event_params.n', type: 'BIGINT' }
		]);
	});

	it('throws a clear error for a file that is not Parquet', async () => {
		const source = await fileSource('not.parquet', '{"a": 1}\n{"a": 2}\n');
		const table = nextTable();
		await expect(loadParquet(duck, source, table)).rejects.toThrow(/not\.parquet is not a Parquet file/);
		expect(await duck.tableExists(table)).toBe(false);
	});

	it('cancels between row groups and drops the partial table', async () => {
		const file = await writeFixture('zstd');
		const before = await tableNames();
		const table = nextTable();
		let polls = 0;
		await expect(
			loadParquet(duck, await nodeSource(file), table, {
				isCancelled: () => created.has(table) && ++polls > 1
			})
		).rejects.toBeInstanceOf(CancelledError);
		expect(await tableNames()).toEqual(before);
	});
});
