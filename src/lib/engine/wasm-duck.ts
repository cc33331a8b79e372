import type { DuckDBBindings } from '@duckdb/duckdb-wasm/blocking';
import { tableFromIPC, type Table } from 'apache-arrow';
import type { FileHost } from './source.ts';
import { literal } from '../sql/quote.ts';
import { lockdownSql, type LockdownOptions } from './lockdown.ts';
import { CancelledError, rowsOf, type Database, type RunOptions } from './duck.ts';

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A DuckDB-WASM database driven through its synchronous ("blocking") bindings. It lives in exactly one
 * place: the engine worker in the browser, or the Node process of the CLI and the tests. A statement given
 * `isCancelled` runs as a pending query polled between turns of the event loop, so a cancel message can get
 * through; any other statement runs to its end before the call returns, so a run of such calls is never
 * interleaved with another message to the worker (its promises settle in microtasks).
 */
export class WasmDatabase implements Database {
	readonly bindings: DuckDBBindings;
	readonly conn: number;
	readonly files: FileHost;

	/**
	 * Confines the database before anything else runs (lockdown.ts): it reads only registered files. Tables
	 * live in a compressed in-memory database (COMPRESSED_DB) unless `opts.compressed` is false.
	 */
	constructor(
		bindings: DuckDBBindings,
		files: FileHost,
		opts: LockdownOptions & { compressed?: boolean } = {}
	) {
		this.bindings = bindings;
		this.files = files;
		this.conn = bindings.connect().useUnsafe((_b, id) => id);
		// Before the lockdown, which forbids ATTACH.
		if (opts.compressed !== false) this.bindings.runQuery(this.conn, COMPRESSED_DB);
		this.bindings.runQuery(this.conn, lockdownSql({ ...opts, inputDir: files.dir }));
	}

	async ipc(sql: string, opts: RunOptions = {}): Promise<Uint8Array> {
		return this.#pending(sql, opts.isCancelled);
	}

	async exec(sql: string, opts: RunOptions = {}): Promise<void> {
		if (opts.isCancelled) await this.#pending(sql, opts.isCancelled);
		else this.bindings.runQuery(this.conn, sql);
	}

	async query(sql: string, opts: RunOptions = {}): Promise<Table> {
		// runQuery answers in Arrow's file format, which `ipc` must not return; tableFromIPC reads both.
		return tableFromIPC(
			opts.isCancelled ? await this.#pending(sql, opts.isCancelled) : this.bindings.runQuery(this.conn, sql)
		);
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

	async insertArrow(name: string, ipc: Uint8Array, opts: { append?: boolean } = {}): Promise<void> {
		this.bindings.insertArrowFromIPCStream(this.conn, ipc, { name, create: !opts.append });
	}

	async version(): Promise<string> {
		return this.bindings.getVersion();
	}

	async close(): Promise<void> {
		this.bindings.reset();
	}

	/**
	 * Runs a statement as a pending query, in slices: with `isCancelled`, yielding to the event loop between
	 * slices and asking it; without, slice after slice at once. A pending query answers with the result's
	 * schema message only; the record batches are then fetched one by one and joined into one Arrow IPC stream.
	 */
	async #pending(sql: string, isCancelled?: () => boolean): Promise<Uint8Array> {
		let header = this.bindings.startPendingQuery(this.conn, sql, false);
		while (header == null) {
			if (isCancelled) {
				await yieldToEventLoop();
				if (isCancelled()) {
					this.bindings.cancelPendingQuery(this.conn);
					throw new CancelledError();
				}
			}
			header = this.bindings.pollPendingQuery(this.conn);
		}
		const parts: Uint8Array[] = [header];
		for (let batch = this.bindings.fetchQueryResults(this.conn); batch && batch.byteLength > 0;) {
			parts.push(batch);
			batch = this.bindings.fetchQueryResults(this.conn);
		}
		parts.push(END_OF_STREAM);
		return concat(parts);
	}
}

/**
 * The database every table is made in: in memory, compressed when checkpointed (DuckDB 1.4's `COMPRESS`,
 * https://github.com/duckdb/duckdb/pull/18348; the engine calls CHECKPOINT after each big build, core.ts).
 * DuckDB's own in-memory database never compresses, and DuckDB-WASM has no disk to spill to, so what
 * `events` and the derived tables hold decides what fits in the 4 GB heap (issue 14). Automatic checkpoints
 * are off (a 1 TB threshold): left on, DuckDB compresses `events` while the load still runs, which cost the
 * load 20-25 % more CPU at 1M events under Node (12.3 s against 9.9 s); the engine checkpoints itself before
 * the first derived build, after the report is shown (core.ts #compacted), and the tables end the same size
 * (238 MB after the load, 57 MB after sessions at 1M).
 */
export const COMPRESSED_DB = `ATTACH ':memory:' AS footfall (COMPRESS); USE footfall; SET checkpoint_threshold = '1TB'`;

/** Arrow IPC end-of-stream marker: continuation token and a zero length. */
const END_OF_STREAM = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

function concat(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.byteLength;
	}
	return out;
}
