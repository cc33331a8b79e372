import { symlink, writeFile } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { CancelledError, rowsOf, type Database, type RunOptions } from './duck.ts';
import type { FileHost } from './source.ts';
import { ident, literal } from '../sql/quote.ts';
import { lockdownSql, type LockdownOptions } from './lockdown.ts';
import { nodeScanText, zlibInflater } from './node-duck.ts';
import { arrowStream } from './native-arrow.ts';
import { appendTable, nativeColumn } from './native-insert.ts';
import { makeTempDir, removeTempDir } from './native-temp.ts';

export interface NativeOptions extends LockdownOptions {
	/** DuckDB's worker threads; all cores when not given. */
	threads?: number;
	/**
	 * DuckDB's `memory_limit` (`'4GB'`, `'500MB'`…); DuckDB's default when not given (80% of the machine's
	 * memory). Past it, DuckDB spills to the temporary directory on disk.
	 */
	memoryLimit?: string;
}

/** NativeDatabase.usage: bytes of memory DuckDB holds, and of its spill (two views of it). */
export interface NativeUsage {
	memoryBytes: number;
	temporaryStorageBytes: number;
	spillFileBytes: number;
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
 * That directory also holds DuckDB's spill files; it goes when the database closes or the process ends
 * (native-temp.ts).
 */
export async function createNativeDuck(opts: NativeOptions = {}): Promise<NativeDatabase> {
	const dir = makeTempDir();
	let instance: DuckDBInstance;
	let conn: DuckDBConnection;
	try {
		instance = await DuckDBInstance.create(':memory:', {
			...(opts.threads ? { threads: String(opts.threads) } : {}),
			...(opts.memoryLimit ? { memory_limit: opts.memoryLimit } : {}),
			temp_directory: path.join(dir, '.spill')
		});
		conn = await instance.connect();
	} catch (e) {
		removeTempDir(dir);
		throw e;
	}
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
		// Native DuckDB spills what its memory cannot hold to disk: the files' sizes are not capped.
		maxLoadBytes: Number.POSITIVE_INFINITY,
		scanText: nodeScanText,
		inflater: zlibInflater,
		// Native DuckDB reads files itself: no bytes-read progress.
		onRead: () => () => {}
	};
	const db = new NativeDatabase(instance, conn, files, dir);
	try {
		await db.exec(
			`SET TimeZone = 'UTC'; SET Calendar = 'gregorian'; ${lockdownSql({ ...opts, inputDir: dir })}`
		);
		const [{ limit }] = await db.rows<{ limit: string }>(`SELECT current_setting('memory_limit') AS limit`);
		// Echo the size as the user wrote it: DuckDB states 1MB (10^6 bytes) as "976.5 KiB", which reads as
		// another number; its own statement follows in brackets.
		db.memoryLimit = opts.memoryLimit ? `${opts.memoryLimit} (${limit})` : limit;
	} catch (e) {
		await db.close();
		throw e;
	}
	return db;
}

/** A Database over native DuckDB; see createNativeDuck. */
export class NativeDatabase implements Database {
	readonly files: FileHost;
	/**
	 * DuckDB's `memory_limit` as it states it (`3.7 GiB`), read when the database opens; when the caller set
	 * it, their size first and DuckDB's in brackets (`1MB (976.5 KiB)`).
	 */
	memoryLimit: string | undefined;
	readonly #instance: DuckDBInstance;
	readonly #conn: DuckDBConnection;
	readonly #dir: string;
	#probe: Promise<DuckDBConnection> | undefined;

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

	/**
	 * Creates the table with the types DuckDB's Arrow import would give (unless `append`: the table exists with
	 * those columns), then appends the batch chunk by chunk.
	 */
	async insertArrow(name: string, ipc: Uint8Array, opts: { append?: boolean } = {}): Promise<void> {
		const table = tableFromIPC(ipc);
		const columns = table.schema.fields.map((f) => nativeColumn(f.name, f.type));
		if (!opts.append)
			await this.exec(
				`CREATE TABLE ${ident(name)} (${columns.map((c) => `${ident(c.name)} ${c.sql}`).join(', ')})`
			);
		const appender = await this.#conn.createAppender(name);
		try {
			appendTable(appender, columns, table);
			appender.flushSync();
		} finally {
			appender.closeSync();
		}
	}

	/**
	 * DuckDB's own memory in use and its spill to disk at this moment, in bytes: `duckdb_memory()` (the buffer
	 * manager's memory, and its temporary storage) and `duckdb_temporary_files()` (the spill files' sizes).
	 * Read on a connection of its own, so it answers while a statement runs on the main one (the benchmark
	 * samples it for peaks).
	 */
	async usage(): Promise<NativeUsage> {
		this.#probe ??= this.#instance.connect();
		const reader = await (
			await this.#probe
		).runAndReadAll(
			`SELECT (SELECT sum(memory_usage_bytes) FROM duckdb_memory())::BIGINT,
				(SELECT sum(temporary_storage_bytes) FROM duckdb_memory())::BIGINT,
				(SELECT coalesce(sum(size), 0) FROM duckdb_temporary_files())::BIGINT`
		);
		const [memoryBytes, temporaryStorageBytes, spillFileBytes] = reader.getRows()[0].map(Number);
		return { memoryBytes, temporaryStorageBytes, spillFileBytes };
	}

	async version(): Promise<string> {
		const [{ v }] = await this.rows<{ v: string }>('SELECT version() AS v');
		return v;
	}

	async close(): Promise<void> {
		if (this.#probe) (await this.#probe).closeSync();
		this.#conn.closeSync();
		this.#instance.closeSync();
		removeTempDir(this.#dir);
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
