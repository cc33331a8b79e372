// Shared by the sniff-* tests: sniffFile on a path or on bytes, and the first rows as native DuckDB reads
// them (over the connection of support/native-duck.ts, which the test file opens with useNativeDuck).
import { openAsBlob } from 'node:fs';
import path from 'node:path';
import { PREVIEW_ROWS, sniffFile } from '../../../src/lib/engine/sniff.ts';
import { literal } from '../../../src/lib/sql/quote.ts';
import { conn } from './native-duck.ts';

/** sniffFile on the file at `p`, under its own name. */
export const sniffPath = async (p: string) => sniffFile(await openAsBlob(p), path.basename(p));
/** sniffFile on bytes or text held in memory, under the file name `name`. */
export const sniffBytes = (bytes: Uint8Array | string, name: string) =>
	sniffFile(new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);

/** The first data rows as native DuckDB's CSV reader sees them, all as text (NULL as ''). */
export async function duckRows(
	file: string,
	n = PREVIEW_ROWS
): Promise<{ columns: string[]; rows: string[][] }> {
	const r = await conn.runAndReadAll(
		`SELECT * FROM read_csv(${literal(file)}, header = true, all_varchar = true) LIMIT ${n}`
	);
	const rows = r.getRowsJS().map((row) => row.map((v) => (v === null ? '' : String(v))));
	return { columns: r.columnNames(), rows };
}
