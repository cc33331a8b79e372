// One parser of the byte-range benchmark (ranges.page.ts drives several): a DuckDB-WASM of its own with the
// same synchronous browser bindings, wasm and file registration (FileReaderSync) as the app's engine worker
// and the plain read's (plain/plain-read.worker.ts). Bundled at bench time (chromium-ingest.ts); not the app.
//   start   instantiate the engine (before the clock starts, as the plain read's is);
//   plain   the floor: `CREATE TABLE t AS SELECT * FROM read_csv(file)`, default options;
//   sniff   DuckDB's own dialect and column types for the whole file (sniff_csv, as the plain read sniffs);
//   parse   one range (header in front) with those options, so every part has the same types, into table t;
//           unless `keep`, t is then exported as an Arrow IPC stream, transferred out and dropped;
//   combine insert Arrow IPC streams into t (the parts of the other workers);
//   check   row count, an order-free checksum of every row and the column types of t.
import { DuckDBDataProtocol } from 'duckdb-browser-blocking';
import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { literal } from '../../../src/lib/sql/quote.ts';
import { readOptions, sniffSql } from './read-options.ts';
import { startBlockingDuck } from '../plain/blocking-duck.ts';

export type RangeRequest =
	| { type: 'start'; wasm: string }
	| { type: 'plain'; file: Blob }
	| { type: 'sniff'; file: Blob }
	| { type: 'parse'; part: Blob; readOptions: string; keep: boolean }
	| { type: 'combine'; ipcs: Uint8Array[] }
	| { type: 'check' };

/** Every reply: `ms` spent inside the worker on the request, the wasm heap's size after it (it only grows). */
export interface RangeReply {
	type: RangeRequest['type'] | 'error';
	ms: number;
	heapBytes: number;
	message?: string;
	/** sniff: read_csv's options for the whole file as DuckDB sniffed it, dialect and column types fixed. */
	readOptions?: string;
	/** parse: rows of the part, ms of its CREATE TABLE and of the Arrow export, the exported stream (not when kept). */
	rows?: number;
	parseMs?: number;
	exportMs?: number;
	ipc?: Uint8Array;
	/** check: `sum(hash(row))` as text, and `name TYPE, …` of t. */
	checksum?: string;
	types?: string;
}

const WHOLE = 'whole.csv';
const PART = 'part.csv';
let bindings: DuckDBBindings | null = null;
let conn: DuckDBConnection | null = null;

const heap = () => (bindings as unknown as { mod: { HEAPU8: Uint8Array } }).mod.HEAPU8.buffer.byteLength;
const one = (sql: string) => conn!.query(sql).toArray()[0].toJSON() as Record<string, unknown>;
const register = (name: string, blob: Blob) =>
	bindings!.registerFileHandle(name, blob, DuckDBDataProtocol.BROWSER_FILEREADER, true);

const MAGIC = 'ARROW1';

/**
 * The Arrow IPC stream inside `file`, the Arrow IPC file format that runQuery returns: the file format is
 * `ARROW1`, two bytes of padding, the stream, a footer (https://arrow.apache.org/docs/format/Columnar.html,
 * "IPC File Format"). insertArrowFromIPCStream takes only the stream: given the file it inserts nothing and
 * raises nothing (measured with DuckDB-WASM 1.32.0), so the stream is cut out, without a copy.
 */
function arrowStream(file: Uint8Array): Uint8Array {
	if (new TextDecoder().decode(file.subarray(0, MAGIC.length)) !== MAGIC)
		throw new Error('runQuery did not return the Arrow IPC file format');
	return file.subarray(8);
}

async function handle(req: RangeRequest): Promise<Omit<RangeReply, 'type' | 'ms' | 'heapBytes'>> {
	switch (req.type) {
		case 'start':
			({ bindings, conn } = await startBlockingDuck(req.wasm));
			return {};
		case 'plain':
			register(WHOLE, req.file);
			conn!.query(`CREATE TABLE t AS SELECT * FROM read_csv(${literal(WHOLE)})`);
			return {};
		case 'sniff':
			register(WHOLE, req.file);
			return { readOptions: readOptions(one(sniffSql(WHOLE))) };
		case 'parse': {
			register(PART, req.part);
			let t = performance.now();
			conn!.query(`CREATE TABLE t AS SELECT * FROM read_csv(${literal(PART)}, ${req.readOptions})`);
			const parseMs = performance.now() - t;
			const rows = Number(one('SELECT count(*)::DOUBLE AS n FROM t').n);
			if (req.keep) return { rows, parseMs };
			t = performance.now();
			const ipc = arrowStream(conn!.useUnsafe((b, id) => b.runQuery(id, 'FROM t')));
			const exportMs = performance.now() - t;
			conn!.query('DROP TABLE t');
			return { rows, parseMs, exportMs, ipc };
		}
		case 'combine':
			for (const ipc of req.ipcs) conn!.insertArrowFromIPCStream(ipc, { name: 't', create: false });
			return {};
		case 'check': {
			const c = one('SELECT count(*)::DOUBLE AS n, sum(hash(t))::VARCHAR AS h FROM t');
			const types = one(
				`SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY column_index) AS types
				 FROM duckdb_columns() WHERE table_name = 't'`
			).types;
			return { rows: Number(c.n), checksum: String(c.h), types: String(types) };
		}
	}
}

self.onmessage = async (e: MessageEvent<RangeRequest>) => {
	const t = performance.now();
	try {
		const out = await handle(e.data);
		const reply: RangeReply = { type: e.data.type, ms: performance.now() - t, heapBytes: heap(), ...out };
		postMessage(reply, { transfer: out.ipc ? [out.ipc.buffer as ArrayBuffer] : [] });
	} catch (err) {
		postMessage({
			type: 'error',
			ms: 0,
			heapBytes: 0,
			message: err instanceof Error ? err.message : String(err)
		});
	}
};
