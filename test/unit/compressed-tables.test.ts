import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { validateRunnable } from '../../src/lib/analyses/spec.ts';
import type { WasmDatabase } from '../../src/lib/engine/wasm-duck.ts';

// Figures from test/reference/retention_reference.py (Python over the raw file, no DuckDB).
const cdnow = JSON.parse(readFileSync('test/fixtures/expected/cdnow.json', 'utf8'));
const SPEC = 'test/fixtures/specs/cdnow-monthly.json';

/** CDNOW (69,659 purchases) loaded as its monthly spec maps it, on a database compressed or not (wasm-duck.ts). */
async function loaded(compressed: boolean): Promise<{ duck: WasmDatabase; core: EngineCore }> {
	const duck = await createNodeDuck({ compressed });
	const spec = validateRunnable(JSON.parse(readFileSync(SPEC, 'utf8')));
	const { files, ...input } = spec.dataset;
	const core = new EngineCore(duck);
	const dir = path.dirname(path.resolve(SPEC));
	await core.ingest(await Promise.all(files.map((f) => nodeSource(path.resolve(dir, f)))), input);
	return { duck, core };
}

/** How `table`'s column segments are stored: segments per compression (DuckDB's own storage report). */
async function segments(duck: WasmDatabase, table: string): Promise<Record<string, number>> {
	const rows = await duck.rows<{ compression: string; n: number }>(
		`SELECT compression, count(*)::INTEGER AS n FROM pragma_storage_info('${table}') GROUP BY ALL`
	);
	return Object.fromEntries(rows.map((r) => [r.compression, r.n]));
}

/** DuckDB's memory for table data (bytes, `duckdb_memory()`). */
async function tableMemory(duck: WasmDatabase): Promise<number> {
	const [{ b }] = await duck.rows<{ b: number }>(
		`SELECT sum(memory_usage_bytes)::DOUBLE AS b FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'`
	);
	return b;
}

/**
 * Table memory after the load and after sessions, then per table its segments per compression after
 * sessions and retention (which builds the activity table).
 */
async function built(compressed: boolean) {
	const { duck, core } = await loaded(compressed);
	const afterLoad = await tableMemory(duck);
	await core.derived();
	const afterSessions = await tableMemory(duck);
	// The figures are the reference's on either database.
	const spec = validateRunnable(JSON.parse(readFileSync(SPEC, 'utf8')));
	expect(await core.result(spec.analysis)).toEqual(cdnow.monthly);
	const storage: Record<string, Record<string, number>> = {};
	for (const table of TABLES) storage[table] = await segments(duck, table);
	await duck.close();
	return { afterLoad, afterSessions, storage };
}

const TABLES = ['events', 'sessions', 'users', 'activity'];

describe('the engine keeps its tables compressed in memory (issue 14: 10M events in a tab)', () => {
	test('events are compressed before sessions are built, and every derived table once built', async () => {
		// One database at a time: DuckDB-WASM under Node reads files through the latest one's runtime.
		const packed = await built(true);
		const raw = await built(false);
		// No automatic checkpoint during the load (it would slow the way to the report): the load holds what
		// the plain database does, and the checkpoint before sessions compresses it.
		expect(packed.afterLoad).toBe(raw.afterLoad);
		expect(packed.afterSessions).toBeLessThan(packed.afterLoad / 2);
		for (const table of TABLES) {
			const n = Object.values(packed.storage[table]).reduce((a, b) => a + b, 0);
			const plain = packed.storage[table].Uncompressed ?? 0;
			expect(plain, `${table}: ${JSON.stringify(packed.storage[table])}`).toBeLessThan(n / 2);
		}
	}, 300_000);
});
