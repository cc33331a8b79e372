import type { Table } from 'apache-arrow';
import type { FileHost } from './source.ts';

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
	/**
	 * Polled while the statement runs; return true to stop it (the call then rejects with CancelledError).
	 * Without it a statement runs to its end.
	 */
	isCancelled?: () => boolean;
}

/**
 * One DuckDB database and the one connection every engine step uses: the seam between the engine code
 * (ingest, derived tables, analyses) and a DuckDB build. Implemented by DuckDB-WASM's synchronous bindings
 * (wasm-duck.ts: the browser worker, and the CLI and tests under Node) and by native DuckDB
 * (native-duck.ts: `footfall --engine native`). Statements run one at a time, in the order they are called;
 * every method rejects with DuckDB's own error (a syntax, catalog or conversion error, "Out of Memory", see
 * isOutOfMemory) or with CancelledError when `opts.isCancelled` answers true. The database reads only the
 * files registered through `files` (lockdown.ts).
 */
export interface Database {
	/** How the host makes a file readable by this database, and reports the bytes it reads. */
	readonly files: FileHost;
	/** Runs SQL and resolves to its result as Arrow IPC stream bytes (schema, record batches, end marker). */
	ipc(sql: string, opts?: RunOptions): Promise<Uint8Array>;
	/** Runs SQL and resolves to its result as an Arrow table. */
	query(sql: string, opts?: RunOptions): Promise<Table>;
	/**
	 * Runs SQL and resolves to its rows as plain objects, 64-bit integers as numbers where they fit exactly
	 * (else as text, see normalise): only for small results (reports, metadata).
	 */
	rows<T = Record<string, unknown>>(sql: string, opts?: RunOptions): Promise<T[]>;
	/** Runs one or more statements (separated by `;`) for their effect. */
	exec(sql: string, opts?: RunOptions): Promise<void>;
	/** Whether a table of this exact name exists (any schema). */
	tableExists(name: string): Promise<boolean>;
	/**
	 * Creates table `name` (which must not exist) from an Arrow IPC stream, its column types read from the
	 * stream's schema as DuckDB's Arrow import maps them (Utf8 to VARCHAR, Int64 to BIGINT, Float64 to DOUBLE,
	 * Bool to BOOLEAN, Timestamp to TIMESTAMP…). With `append`, the table exists and the stream's rows are
	 * appended to it instead, column by column in order (the stream must have the table's columns and types).
	 */
	insertArrow(name: string, ipc: Uint8Array, opts?: { append?: boolean }): Promise<void>;
	/**
	 * DuckDB's memory limit in its own words (`3.7 GiB`) where the user sets it (native DuckDB, past which it
	 * spills to disk); absent for DuckDB-WASM, whose limit is the WebAssembly heap. Out-of-memory messages name
	 * it (messages.ts).
	 */
	readonly memoryLimit?: string;
	/** DuckDB's version, as `v1.4.3`. */
	version(): Promise<string>;
	/** Frees the database and everything in it; nothing may be called afterwards. */
	close(): Promise<void>;
}

/** Rows of an Arrow table as plain objects (Database.rows). */
export function rowsOf<T>(table: Table): T[] {
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

/** Arrow gives BigInt for 64-bit integers; small results want plain numbers. */
export function normalise(value: unknown): unknown {
	if (typeof value === 'bigint') {
		return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
			? Number(value)
			: value.toString();
	}
	return value;
}
