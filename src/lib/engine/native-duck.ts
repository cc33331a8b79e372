import { mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC, Type, type Table, type Vector } from 'apache-arrow';
import {
	DuckDBConnection,
	DuckDBDateValue,
	DuckDBInstance,
	DuckDBTimestampTZValue,
	DuckDBTimestampValue,
	type DuckDBAppender
} from '@duckdb/node-api';
import { CancelledError, rowsOf, type Database, type RunOptions } from './duck.ts';
import type { FileHost } from './source.ts';
import { ident, literal } from '../sql/quote.ts';
import { lockdownSql, type LockdownOptions } from './lockdown.ts';
import { nodeScanText, zlibInflater } from './node-duck.ts';
import { arrowStream } from './native-arrow.ts';

export interface NativeOptions extends LockdownOptions {
	/** DuckDB's worker threads; all cores when not given. */
	threads?: number;
}

/** How often a running statement asks `isCancelled` (ms). */
const CANCEL_POLL_MS = 50;

/**
 * Native DuckDB (`@duckdb/node-api`) for `footfall --engine native`: every core, and spilling to disk past
 * its memory limit, for data a browser tab cannot hold. Statements run on DuckDB's own threads, off the
 * event loop. Results come back as the Arrow DuckDB-WASM would give (native-arrow.ts), and the session is
 * pinned so the same SQL gives the same values: time zone UTC (native DuckDB has ICU and would otherwise
 * use the machine's zone for TIMESTAMPTZ; DuckDB-WASM has no ICU and works in UTC, see ARCHITECTURE),
 * extensions never installed or loaded on demand, and the lockdown of lockdown.ts with a temporary
 * directory of its own standing in for INPUT_DIR: a registered file is a link there to the user's file.
 */
export async function createNativeDuck(opts: NativeOptions = {}): Promise<NativeDatabase> {
	const dir = (await realpath(await mkdtemp(path.join(os.tmpdir(), 'footfall-native-')))) + '/';
	const instance = await DuckDBInstance.create(':memory:', {
		...(opts.threads ? { threads: String(opts.threads) } : {}),
		temp_directory: path.join(dir, '.spill')
	});
	const conn = await instance.connect();
	const registered = new Set<string>();
	const files: FileHost = {
		dir,
		async register(name, source) {
			if (!name.startsWith(dir)) throw new Error(`Not a registered name: ${name}`);
			// A transcoded file has no path: its bytes are written out.
			if (source.path) await symlink(source.path, name);
			else await writeFile(name, new Uint8Array(await source.blob.arrayBuffer()));
			registered.add(name);
		},
		forget(test) {
			for (const name of [...registered].filter(test)) {
				unlinkSync(name);
				registered.delete(name);
			}
		},
		scanText: nodeScanText,
		inflater: zlibInflater,
		// Native DuckDB reads files itself: no bytes-read progress.
		onRead: () => () => {}
	};
	const db = new NativeDatabase(instance, conn, files, dir);
	await db.exec(
		`SET TimeZone = 'UTC'; SET Calendar = 'gregorian'; ${lockdownSql({ ...opts, inputDir: dir })}`
	);
	return db;
}

/** A Database over native DuckDB; see createNativeDuck. */
export class NativeDatabase implements Database {
	readonly files: FileHost;
	readonly #instance: DuckDBInstance;
	readonly #conn: DuckDBConnection;
	readonly #dir: string;

	constructor(instance: DuckDBInstance, conn: DuckDBConnection, files: FileHost, dir: string) {
		this.#instance = instance;
		this.#conn = conn;
		this.files = files;
		this.#dir = dir;
	}

	async ipc(sql: string, opts: RunOptions = {}): Promise<Uint8Array> {
		const reader = await this.#cancellable(() => this.#conn.runAndReadAll(sql), opts);
		return arrowStream(reader.columnNames(), reader.columnTypes(), reader.getColumns());
	}

	async exec(sql: string, opts: RunOptions = {}): Promise<void> {
		await this.#cancellable(() => this.#conn.run(sql), opts);
	}

	async query(sql: string, opts: RunOptions = {}): Promise<Table> {
		return tableFromIPC(await this.ipc(sql, opts));
	}

	async rows<T = Record<string, unknown>>(sql: string, opts: RunOptions = {}): Promise<T[]> {
		return rowsOf<T>(await this.query(sql, opts));
	}

	async tableExists(name: string): Promise<boolean> {
		const [{ n }] = await this.rows<{ n: number }>(
			`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = ${literal(name)}`
		);
		return n > 0;
	}

	/** Creates the table with the types DuckDB's Arrow import would give (unless `append`), then appends row by row. */
	async insertArrow(name: string, ipc: Uint8Array, opts: { append?: boolean } = {}): Promise<void> {
		const table = tableFromIPC(ipc);
		const columns = table.schema.fields.map((f) => ({ name: f.name, ...columnOf(f.type) }));
		if (!opts.append)
			await this.exec(
				`CREATE TABLE ${ident(name)} (${columns.map((c) => `${ident(c.name)} ${c.sql}`).join(', ')})`
			);
		const appender = await this.#conn.createAppender(name);
		try {
			const vectors = columns.map((c) => table.getChild(c.name)!);
			for (let row = 0; row < table.numRows; row++) {
				for (let c = 0; c < columns.length; c++) columns[c].append(appender, vectors[c], row);
				appender.endRow();
			}
			appender.flushSync();
		} finally {
			appender.closeSync();
		}
	}

	async version(): Promise<string> {
		const [{ v }] = await this.rows<{ v: string }>('SELECT version() AS v');
		return v;
	}

	async close(): Promise<void> {
		this.#conn.closeSync();
		this.#instance.closeSync();
		await rm(this.#dir, { recursive: true, force: true });
	}

	/** Runs `work`, interrupting it when `isCancelled` answers true (asked every CANCEL_POLL_MS). */
	async #cancellable<T>(work: () => Promise<T>, { isCancelled }: RunOptions): Promise<T> {
		if (!isCancelled) return work();
		let cancelled = false;
		const timer = setInterval(() => {
			if (!cancelled && isCancelled()) {
				cancelled = true;
				this.#conn.interrupt();
			}
		}, CANCEL_POLL_MS);
		try {
			const result = await work();
			if (cancelled) throw new CancelledError();
			return result;
		} catch (e) {
			throw cancelled ? new CancelledError() : e;
		} finally {
			clearInterval(timer);
		}
	}
}

type Append = (appender: DuckDBAppender, vector: Vector, row: number) => void;

/** The DuckDB column an Arrow column becomes (as DuckDB's Arrow import maps it) and how a value is appended. */
function columnOf(type: import('apache-arrow').DataType): { sql: string; append: Append } {
	const orNull =
		(put: Append): Append =>
		(a, v, row) =>
			v.isValid(row) ? put(a, v, row) : a.appendNull();
	switch (type.typeId) {
		case Type.Utf8:
			return { sql: 'VARCHAR', append: orNull((a, v, r) => a.appendVarchar(v.get(r) as string)) };
		case Type.Bool:
			return { sql: 'BOOLEAN', append: orNull((a, v, r) => a.appendBoolean(v.get(r) as boolean)) };
		case Type.Float:
			return (type as unknown as { precision: number }).precision === 1
				? { sql: 'FLOAT', append: orNull((a, v, r) => a.appendFloat(v.get(r) as number)) }
				: { sql: 'DOUBLE', append: orNull((a, v, r) => a.appendDouble(v.get(r) as number)) };
		case Type.Int: {
			const { bitWidth, isSigned } = type as unknown as { bitWidth: number; isSigned: boolean };
			if (isSigned && bitWidth === 64)
				return { sql: 'BIGINT', append: orNull((a, v, r) => a.appendBigInt(v.get(r) as bigint)) };
			const sql = { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER' }[bitWidth];
			if (!isSigned || !sql) break;
			return { sql, append: orNull((a, v, r) => a.appendInteger(v.get(r) as number)) };
		}
		case Type.Date:
			return {
				sql: 'DATE',
				append: orNull((a, v, r) =>
					a.appendDate(new DuckDBDateValue(Math.round((v.get(r) as number) / 86_400_000)))
				)
			};
		case Type.Timestamp: {
			const { unit, timezone } = type as unknown as { unit: number; timezone: string | null };
			if (unit !== 2) break;
			// The raw microseconds: Arrow's `get` gives milliseconds as a float, which can miss by one.
			const micros = (v: Vector, row: number) => rawAt(v, row) as bigint;
			return timezone
				? {
						sql: 'TIMESTAMPTZ',
						append: orNull((a, v, r) => a.appendTimestampTZ(new DuckDBTimestampTZValue(micros(v, r))))
					}
				: {
						sql: 'TIMESTAMP',
						append: orNull((a, v, r) => a.appendTimestamp(new DuckDBTimestampValue(micros(v, r))))
					};
		}
	}
	throw new Error(`The native engine cannot load an Arrow column of type ${String(type)}.`);
}

/** The stored value of `row` (not Arrow's conversion of it). */
function rawAt(vector: Vector, row: number): unknown {
	let at = row;
	for (const data of vector.data) {
		if (at < data.length) return (data.values as ArrayLike<unknown>)[data.offset + at];
		at -= data.length;
	}
	throw new RangeError(`row ${row} is past the end`);
}
