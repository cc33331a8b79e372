// The threads part's page (issue 14, test/bench/threads.ts): DuckDB-WASM's asynchronous API over one of its
// builds, single-thread `eh` or threaded `coi`, in DuckDB's own worker, on the file chosen in #file, with
// nothing of Footfall's. Bundled at bench time (bench-pages.ts); not part of the app. `window.bench`:
//   start(build, threads)  a fresh database; resolves to what the page and DuckDB report
//   read(way, sql, opts)   registers the file one way, `CREATE TABLE t AS SELECT * FROM read_csv(file opts)`
//                          (`opts`: read_csv options after the name, as `, buffer_size = 1048576`; the bench
//                          gives none), then runs `sql` on t; resolves to the times and the rows, or the error
import { AsyncDuckDB, DuckDBDataProtocol, VoidLogger, type AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import type { Build, Way } from '../threads-setups.ts';

export interface Started {
	isolated: boolean;
	sharedArrayBuffer: boolean;
	version: string;
	/** DuckDB's `threads` setting after start. */
	threads: number;
}

export interface ReadOutcome {
	/** ms from registering the file to the table made (the heap copy's reading and transfer included). */
	readMs: number;
	rows: number;
	/** ms of `sql` on t, and its result rows as JSON (compared across builds by the bench). */
	queryMs: number;
	result: string;
	error?: string;
}

const FILES: Record<Build, { wasm: string; worker: string; pthread: string | null }> = {
	eh: { wasm: 'duckdb-eh.wasm', worker: 'duckdb-browser-eh.worker.js', pthread: null },
	coi: {
		wasm: 'duckdb-coi.wasm',
		worker: 'duckdb-browser-coi.worker.js',
		pthread: 'duckdb-browser-coi.pthread.worker.js'
	}
};

const here = (name: string) => new URL(`./duckdb/${name}`, location.href).href;
let db: AsyncDuckDB | null = null;
let conn: AsyncDuckDBConnection | null = null;
let reads = 0;
/** Errors the DuckDB worker or its threads raised outside any query's answer. */
const stray: string[] = [];

async function start(build: Build, threads: number): Promise<Started> {
	const f = FILES[build];
	const worker = new Worker(here(f.worker));
	worker.addEventListener('error', (e) => stray.push(`worker: ${e.message}`));
	db = new AsyncDuckDB(new VoidLogger(), worker);
	await db.instantiate(here(f.wasm), f.pthread && here(f.pthread));
	await db.open({ maximumThreads: threads });
	conn = await db.connect();
	// As the app's lockdown (src/lib/engine/lockdown.ts): no extension is ever fetched.
	await conn.query('SET autoinstall_known_extensions = false; SET autoload_known_extensions = false');
	if (build === 'coi') await conn.query(`SET threads = ${threads}`);
	const setting = await conn.query(`SELECT current_setting('threads')::INTEGER AS n`);
	return {
		isolated: self.crossOriginIsolated,
		sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
		version: await db.getVersion(),
		threads: Number(setting.getChildAt(0)!.get(0))
	};
}

/** Rejects after `ms`: a thread that fails can leave DuckDB's answer never coming. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
	return Promise.race([
		p,
		new Promise<never>((_, reject) =>
			setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms)
		)
	]);
}

async function read(way: Way, sql: string, opts = '', timeoutMs = 120_000): Promise<ReadOutcome> {
	const file = (document.getElementById('file') as HTMLInputElement).files![0];
	const name = `events-${++reads}.csv`;
	const out: ReadOutcome = { readMs: NaN, rows: 0, queryMs: NaN, result: '' };
	try {
		const t = performance.now();
		if (way === 'handle')
			await db!.registerFileHandle(name, file, DuckDBDataProtocol.BROWSER_FILEREADER, true);
		else if (way === 'url')
			await db!.registerFileURL(name, URL.createObjectURL(file), DuckDBDataProtocol.HTTP, false);
		else await db!.registerFileBuffer(name, new Uint8Array(await file.arrayBuffer()));
		await within(
			timeoutMs,
			conn!.query(`CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv('${name}'${opts})`)
		);
		out.readMs = performance.now() - t;
		out.rows = Number((await conn!.query('SELECT count(*) FROM t')).getChildAt(0)!.get(0));
		const q = performance.now();
		const result = await within(timeoutMs, conn!.query(sql));
		out.queryMs = performance.now() - q;
		out.result = JSON.stringify(
			result.toArray().map((r) => r.toJSON()),
			(_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)
		);
	} catch (e) {
		out.error = e instanceof Error ? e.message : String(e);
	}
	if (stray.length) out.error = [out.error, ...stray.splice(0)].filter(Boolean).join('; ');
	return out;
}

Object.assign(self, { bench: { start, read } });
