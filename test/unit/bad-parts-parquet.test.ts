/**
 * A bad part of a file costs that part, never the load, the worker or the earlier dataset (issue 7). Each
 * hostile input is generated here.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { loadParquet } from '../../src/lib/engine/formats/parquet.ts';
import { userMessage } from '../../src/lib/messages.ts';
import { literal } from '../../src/lib/sql/quote.ts';
import { duck, file, fileNo, tmp, useBadPartsDuck } from './support/bad-parts-fixture.ts';

useBadPartsDuck();

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
