/**
 * A bad part of a file costs that part, never the load, the worker or the earlier dataset (issue 7). Each
 * hostile input is generated here.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Int32, Int64, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { buildDerived, USERS_FIRST, USERS_LATEST } from '../../src/lib/engine/derived.ts';
import { ident, literal } from '../../src/lib/sql/quote.ts';
import { duck, file, tmp, useBadPartsDuck } from './support/bad-parts-fixture.ts';

useBadPartsDuck();

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
