/**
 * A compact copy of the dataset in force (issue 13): the `events` table as Arrow IPC stream bytes with its
 * column types, so a reopen can read the events back instead of ingesting the kept files again (README,
 * Performance: measured against the re-ingest). DuckDB's `COPY … TO 'x.parquet'` is not an option: the
 * lockdown (lockdown.ts, file-guard.ts) lets the engine write no file at all, so the engine hands bytes back
 * and the page keeps them. Arrow carries most types as they are; what it does not (the `__file` ENUM, which
 * DuckDB exports as a dictionary its own Arrow reader refuses, and types Arrow widens such as HUGEINT or UUID)
 * is cast back to the recorded type, so the table read back equals the one written, column types included.
 */
import type { Database, RunOptions } from './duck.ts';
import { ident, literal } from '../sql/quote.ts';
import { C, EVENTS } from '../sql/schema.ts';

/** One column of `events`: its name and DuckDB type as `DESCRIBE` writes it. */
export interface CompactColumn {
	name: string;
	type: string;
}

/** The copy: the columns in order, the file names of the `__file` ENUM in order, and the rows as Arrow IPC. */
export interface CompactCopy {
	version: 1;
	columns: CompactColumn[];
	files: string[];
	ipc: Uint8Array;
}

/**
 * Types a copy may hold, cast back by name: DuckDB's own type names, never text from a file. A table with any
 * other type (a LIST or STRUCT, whose type text carries field names from the file) is not copied.
 */
const SCALAR =
	/^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|VARCHAR|BLOB|UUID|DATE|TIME|INTERVAL|TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|TIMESTAMP WITH TIME ZONE|DECIMAL\(\d{1,2},\d{1,2}\))$/;

/** The scratch table a copy is read into before its types are set. */
const INCOMING = '__compact_in';

/**
 * The compact copy of `events`, or null when it holds a column of a type the copy cannot carry exactly
 * (then the kept files are ingested again, as before). Rejects with CancelledError when `opts` cancels.
 */
export async function exportEvents(duck: Database, opts: RunOptions = {}): Promise<CompactCopy | null> {
	const E = ident(EVENTS);
	const columns = (
		await duck.rows<{ name: string; type: string }>(
			`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${E})`
		)
	).map(({ name, type }) => ({ name, type }));
	if (columns.some((c) => c.name !== C.file && !SCALAR.test(c.type))) return null;
	const [{ files }] = await duck.rows<{ files: string[] | null }>(
		`SELECT enum_range(${ident(C.file)})::VARCHAR[] AS files FROM ${E} LIMIT 1`
	);
	const list = files ? Array.from(files) : [];
	// In the table's own order (one thread in WASM): read back, it is the same table, row for row.
	const ipc = await duck.ipc(
		`SELECT * REPLACE (${ident(C.file)}::VARCHAR AS ${ident(C.file)}) FROM ${E}`,
		opts
	);
	return { version: 1, columns, files: list, ipc };
}

/**
 * Replaces `events` with the rows of `copy`, each column cast back to its recorded type. Throws (leaving
 * the `events` in force untouched) when the copy is damaged or names a type it may not.
 */
export async function importEvents(duck: Database, copy: CompactCopy): Promise<void> {
	if (copy.version !== 1) throw new Error('This kept copy was made by another version of Footfall.');
	const bad = copy.columns.find((c) => c.name !== C.file && !SCALAR.test(c.type));
	if (bad) throw new Error(`The kept copy has a column of a type it cannot hold (${bad.type}).`);
	const casts = copy.columns.map(({ name, type }) => {
		const to = name === C.file ? `ENUM(${copy.files.map(literal).join(', ')})` : type;
		return `CAST(${ident(name)} AS ${to}) AS ${ident(name)}`;
	});
	await duck.exec(`DROP TABLE IF EXISTS ${ident(INCOMING)}`);
	try {
		await duck.insertArrow(INCOMING, copy.ipc);
		await duck.exec('BEGIN TRANSACTION');
		try {
			await duck.exec(`DROP TABLE IF EXISTS ${ident(EVENTS)}`);
			await duck.exec(`CREATE TABLE ${ident(EVENTS)} AS SELECT ${casts.join(', ')} FROM ${ident(INCOMING)}`);
			await duck.exec('COMMIT');
		} catch (e) {
			await duck.exec('ROLLBACK');
			throw e;
		}
	} finally {
		await duck.exec(`DROP TABLE IF EXISTS ${ident(INCOMING)}`);
	}
}
