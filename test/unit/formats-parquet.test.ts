import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/lib/engine/duck.ts';
import { loadParquet } from '../../src/lib/engine/formats/parquet.ts';
import { nodeSource } from '../../src/lib/engine/node-duck.ts';
import { ident, literal } from '../../src/lib/sql/quote.ts';
import {
	columnsOf,
	dir,
	created,
	duck,
	fileSource,
	nextTable,
	tableNames,
	useFormatsDuck
} from './support/formats-fixture.ts';

useFormatsDuck();

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
