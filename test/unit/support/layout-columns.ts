// Shared by the layout-* tests: the column facts detectLayout reads, taken from native DuckDB (over the
// connection of support/native-duck.ts, opened by useNativeDuck) or from the instant preview, and `col` for
// columns written by hand.
import { openAsBlob } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ColumnInfo } from '../../../src/lib/engine/layout.ts';
import { previewColumnInfo, sniffFile } from '../../../src/lib/engine/sniff.ts';
import { ident } from '../../../src/lib/sql/quote.ts';
import { conn } from './native-duck.ts';

/** What ingest will hand detectLayout: native DuckDB's types, first non-null values and exact counts. */
export async function duckColumns(from: string): Promise<ColumnInfo[]> {
	const desc = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`);
	const out: ColumnInfo[] = [];
	for (const [name, type] of desc.getRowsJS() as [string, string][]) {
		const col = ident(name);
		const sample = await conn.runAndReadAll(`SELECT ${col} FROM ${from} WHERE ${col} IS NOT NULL LIMIT 50`);
		const stats = await conn.runAndReadAll(
			`SELECT count(*)::INT, count(DISTINCT ${col})::INT, (count(*) - count(${col}))::INT FROM ${from}`
		);
		const [rows, distinct, nulls] = stats.getRowsJS()[0] as number[];
		out.push({ name, type, sample: sample.getRowsJS().map((r) => r[0]), distinct, nulls, rows });
	}
	return out;
}

/** What the instant preview of `file` hands detectLayout (sniffFile, then previewColumnInfo). */
export async function previewColumns(file: string): Promise<ColumnInfo[]> {
	const preview = await sniffFile(await openAsBlob(file), path.basename(file));
	expect(preview.error).toBeUndefined();
	return previewColumnInfo(preview);
}

/** A column written by hand: its name, type and sample, and any counts in `extra`. */
export const col = (
	name: string,
	type: string,
	sample: unknown[],
	extra: Partial<ColumnInfo> = {}
): ColumnInfo => ({
	name,
	type,
	sample,
	...extra
});
