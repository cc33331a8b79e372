import type { DuckDBBindings } from '@duckdb/duckdb-wasm/blocking';
import { tableFromIPC, type Table } from 'apache-arrow';
import type { FileHost } from './source.ts';
import { literal } from '../sql/quote.ts';
import { lockdownSql, type LockdownOptions } from './lockdown.ts';

/** Thrown when a caller cancels work; callers show it as "cancelled", not as an error. */
export class CancelledError extends Error {
	constructor() {
		super('Cancelled');
		this.name = 'CancelledError';
	}
}

/** DuckDB's out-of-memory error (the wasm heap is full); the database itself stays usable after it. */
export function isOutOfMemory(e: unknown): boolean {
	return /Out of Memory/i.test(e instanceof Error ? e.message : String(e));
}

export interface RunOptions {
	/** Polled between slices of work; return true to stop the query. */
	isCancelled?: () => boolean;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A DuckDB-WASM database driven through its synchronous ("blocking") bindings. It lives in exactly one
 * place: the engine worker in the browser, or the Node process of the CLI and the tests. Long queries run
 * as pending queries polled between turns of the event loop, so a cancel message can get through.
 */
export class Duck {
	readonly bindings: DuckDBBindings;
	readonly conn: number;
	readonly files: FileHost;

	/** Confines the database before anything else runs (lockdown.ts): it reads only registered files. */
	constructor(bindings: DuckDBBindings, files: FileHost, opts: LockdownOptions = {}) {
		this.bindings = bindings;
		this.files = files;
		this.conn = bindings.connect().useUnsafe((_b, id) => id);
		this.exec(lockdownSql(opts));
	}

	/** Runs SQL and returns the result as Arrow IPC stream bytes. */
	ipc(sql: string): Uint8Array {
		return this.bindings.runQuery(this.conn, sql);
	}

	exec(sql: string): void {
		this.bindings.runQuery(this.conn, sql);
	}

	query(sql: string): Table {
		return tableFromIPC(this.ipc(sql));
	}

	/** Rows as plain objects: only for small results (reports, metadata). */
	rows<T = Record<string, unknown>>(sql: string): T[] {
		const table = this.query(sql);
		const names = table.schema.fields.map((f) => f.name);
		const columns = names.map((n) => table.getChild(n)!);
		const out: T[] = [];
		// A column named `__proto__` (a file may have one) would set the row's prototype: define it instead.
		const proto = names.indexOf('__proto__');
		for (let i = 0; i < table.numRows; i++) {
			const row: Record<string, unknown> = {};
			for (let c = 0; c < names.length; c++) {
				const value = normalise(columns[c].get(i));
				if (c === proto) {
					Object.defineProperty(row, '__proto__', {
						value,
						enumerable: true,
						writable: true,
						configurable: true
					});
				} else row[names[c]] = value;
			}
			out.push(row as T);
		}
		return out;
	}

	/**
	 * Runs a long statement in slices, yielding to the event loop between them; cancellable. A pending query
	 * answers with the result's schema message only; the record batches are then fetched one by one and
	 * joined into one Arrow IPC stream.
	 */
	async ipcAsync(sql: string, opts: RunOptions = {}): Promise<Uint8Array> {
		let header = this.bindings.startPendingQuery(this.conn, sql, false);
		while (header == null) {
			await yieldToEventLoop();
			if (opts.isCancelled?.()) {
				this.bindings.cancelPendingQuery(this.conn);
				throw new CancelledError();
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

	async execAsync(sql: string, opts: RunOptions = {}): Promise<void> {
		await this.ipcAsync(sql, opts);
	}

	tableExists(name: string): boolean {
		return (
			this.rows<{ n: number }>(
				`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = ${literal(name)}`
			)[0].n > 0
		);
	}
}

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

/** Arrow gives BigInt for 64-bit integers; small results want plain numbers. */
export function normalise(value: unknown): unknown {
	if (typeof value === 'bigint') {
		return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
			? Number(value)
			: value.toString();
	}
	return value;
}
