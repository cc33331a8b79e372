// The engine's floor (issue 14): DuckDB-WASM's plain `CREATE TABLE t AS SELECT * FROM read_csv(file)` with
// default options, in a worker of its own on the served build, with the same synchronous browser bindings,
// the same wasm file (the build's) and the same file registration (a dropped File read by FileReaderSync) as
// the app's engine worker (workers/engine.worker.ts), and nothing of Footfall's. Bundled by esbuild at bench
// time (chromium-ingest.ts); not part of the app.
import { DuckDBDataProtocol } from 'duckdb-browser-blocking';
import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { startBlockingDuck } from './blocking-duck.ts';

type Message = { type: 'start'; wasm: string } | { type: 'read'; file: File };

let bindings: DuckDBBindings | null = null;
let conn: DuckDBConnection | null = null;
let reads = 0;

/** Bytes of the wasm heap (it only grows, so this is its peak so far). */
const heap = () => (bindings as unknown as { mod: { HEAPU8: Uint8Array } }).mod.HEAPU8.buffer.byteLength;

self.onmessage = async (e: MessageEvent<Message>) => {
	try {
		if (e.data.type === 'start') {
			({ bindings, conn } = await startBlockingDuck(e.data.wasm));
			postMessage({ type: 'ready', version: bindings.getVersion() });
			return;
		}
		const name = `events-${++reads}.csv`;
		bindings!.registerFileHandle(name, e.data.file, DuckDBDataProtocol.BROWSER_FILEREADER, true);
		conn!.query('DROP TABLE IF EXISTS t');
		const t = performance.now();
		conn!.query(`CREATE TABLE t AS SELECT * FROM read_csv('${name}')`);
		const ms = performance.now() - t;
		const rows = Number(conn!.query('SELECT count(*) AS n FROM t').getChildAt(0)!.get(0));
		postMessage({ type: 'done', ms, rows, heapBytes: heap() });
	} catch (err) {
		postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
	}
};
