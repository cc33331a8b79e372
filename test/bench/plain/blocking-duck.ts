// The engine of the bench's own workers (plain-read.worker.ts, ranges/ranges.worker.ts): DuckDB-WASM's
// synchronous browser bindings on the wasm the served build ships, as the app's engine worker starts it.
import { BROWSER_RUNTIME, createDuckDB, VoidLogger } from 'duckdb-browser-blocking';
import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';

/** Instantiates the wasm at URL `wasm`, opens an in-memory database and a connection (a query already run). */
export async function startBlockingDuck(
	wasm: string
): Promise<{ bindings: DuckDBBindings; conn: DuckDBConnection }> {
	const bindings = await createDuckDB(
		{ mvp: { mainModule: wasm, mainWorker: '' }, eh: { mainModule: wasm, mainWorker: '' } },
		new VoidLogger(),
		BROWSER_RUNTIME
	);
	await bindings.instantiate(() => {});
	bindings.open({});
	const conn = bindings.connect();
	conn.query('SELECT 1');
	return { bindings, conn };
}
