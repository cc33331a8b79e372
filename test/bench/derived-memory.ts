// Where the derived step's memory goes, under Node (not a test; issue 14, "10M events load in a tab, sessions
// included"): `npx tsx test/bench/derived-memory.ts [rows | file.csv] [--plain] [--analyses kind,kind]`.
// Ingests the benchmark's file into DuckDB-WASM (the wasm engine the browser runs, with its 4 GB address
// space), then builds sessions and users (derived.ts), then runs each analysis named (registry defaults, as the
// browser bench's `{ kind }` specs), and prints, per statement, its time, the WebAssembly heap after it (the
// heap only grows, so this is the peak so far) and what DuckDB says it holds (`duckdb_memory()`,
// buffer-managed memory only). `--plain` keeps DuckDB's uncompressed in-memory database (wasm-duck.ts
// COMPRESSED_DB), to compare.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { tableFromIPC } from 'apache-arrow';
import { benchCsv } from './events-file.ts';
import type { AnalysisSpecInput } from '../../src/lib/analyses/registry.ts';

const { values: args, positionals } = parseArgs({
	options: { plain: { type: 'boolean', default: false }, analyses: { type: 'string', default: '' } },
	allowPositionals: true
});
const arg = positionals[0] ?? '1000000';
const kinds = args.analyses!.split(',').filter(Boolean);
const file = /^\d+$/.test(arg) ? await benchCsv(Number(arg)) : arg;
const load = () =>
	os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');
const MB = (bytes: number) => Math.round(bytes / 2 ** 20);

const duck = await createNodeDuck({ compressed: !args.plain });
// The bindings' module is not in their public type; it is the Emscripten module whose heap this reads.
const heapMB = () =>
	MB((duck.bindings as unknown as { mod: { HEAPU8: Uint8Array } }).mod.HEAPU8.buffer.byteLength);
/** Buffer-managed memory by tag (MB), the largest first, read between statements. */
function duckMemory(): string {
	const ipc = duck.bindings.runQuery(
		duck.conn,
		`SELECT tag, memory_usage_bytes AS b FROM duckdb_memory() WHERE memory_usage_bytes > 0 ORDER BY b DESC`
	);
	return (tableFromIPC(ipc).toArray() as { tag: string; b: bigint }[])
		.map((r) => `${r.tag} ${MB(Number(r.b))}`)
		.join(', ');
}
/** What each database's blocks take (`pragma_database_size`), MB. */
function databaseSize(): string {
	const ipc = duck.bindings.runQuery(
		duck.conn,
		`SELECT database_name AS db, memory_usage AS m FROM pragma_database_size() WHERE memory_usage <> '0 bytes'`
	);
	return (tableFromIPC(ipc).toArray() as { db: string; m: string }[]).map((r) => `${r.db} ${r.m}`).join(', ');
}

const core = new EngineCore(duck);
const t0 = performance.now();
const report = await core.ingest([await nodeSource(file)], {});
console.log(
	`ingest ${file}: ${report.rows} rows, ${Math.round(performance.now() - t0)} ms, heap ${heapMB()} MB (load ${load()})`
);
console.log(`  duckdb_memory: ${duckMemory()}; database: ${databaseSize()}`);
const limit = await duck.rows<{ v: string }>(`SELECT current_setting('memory_limit') AS v`);
console.log(`  memory_limit ${limit[0].v}`);

const short = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 100);
for (const name of ['exec', 'query'] as const) {
	const original = duck[name].bind(duck) as (...a: unknown[]) => Promise<unknown>;
	(duck as unknown as Record<string, unknown>)[name] = async (...a: unknown[]) => {
		const t = performance.now();
		const out = await original(...a);
		const ms = performance.now() - t;
		if (ms >= 50) {
			console.log(
				`  ${Math.round(ms).toString().padStart(6)} ms  heap ${heapMB()} MB  ${short(String(a[0]))}`
			);
			console.log(`            duckdb_memory: ${duckMemory()}`);
		}
		return out;
	};
}
const t1 = performance.now();
try {
	const summary = await core.derived();
	console.log(
		`derived: ${Math.round(performance.now() - t1)} ms, heap ${heapMB()} MB, ${JSON.stringify(summary)} (load ${load()})`
	);
} catch (e) {
	console.log(
		`derived FAILED after ${Math.round(performance.now() - t1)} ms, heap ${heapMB()} MB: ${String(e)} (load ${load()})`
	);
}
console.log(`  after: duckdb_memory: ${duckMemory()}; database: ${databaseSize()}`);
for (const kind of kinds) {
	const t = performance.now();
	try {
		await core.result({ kind } as AnalysisSpecInput);
		console.log(`${kind}: ${Math.round(performance.now() - t)} ms, heap ${heapMB()} MB (load ${load()})`);
	} catch (e) {
		console.log(
			`${kind} FAILED after ${Math.round(performance.now() - t)} ms, heap ${heapMB()} MB: ${String(e)}`
		);
	}
	console.log(`  after: duckdb_memory: ${duckMemory()}; database: ${databaseSize()}`);
}
await duck.close();
