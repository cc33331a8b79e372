// Shared by the ingest-real, ingest-rules and ingest-all-rows tests: one DuckDB-WASM under Node per test
// file with its configuration unlocked (call useIngestDuck() at the top), a scratch folder for the files a
// test writes, the real exports and their independently computed figures.
import { beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../../src/lib/engine/node-duck.ts';
import type { Database } from '../../../src/lib/engine/duck.ts';
import { literal } from '../../../src/lib/sql/quote.ts';

export const DATA = path.resolve('test/fixtures/data');
// Computed by test/reference/retention_reference.py from the raw files with Python's csv module.
export const retail = JSON.parse(readFileSync('test/fixtures/expected/online-retail.json', 'utf8'));
export const cdnow = JSON.parse(readFileSync('test/fixtures/expected/cdnow.json', 'utf8'));

export let duck: Database;
let tmp: string;

/** Opens this test file's database and scratch folder before its tests. */
export function useIngestDuck(): void {
	beforeAll(async () => {
		// withMemoryLimit changes a setting, which the configuration lock forbids; every other confinement holds.
		duck = await createNodeDuck({ lockConfiguration: false });
		tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-ingest-'));
	});
}

/**
 * Runs `work` with DuckDB's memory limit set to `limit`, then puts back the limit it had: RESET would not
 * bring back the one DuckDB-WASM starts with.
 */
export async function withMemoryLimit(limit: string, work: () => Promise<unknown>) {
	const before = (await duck.rows<{ v: string }>(`SELECT current_setting('memory_limit') AS v`))[0].v;
	await duck.exec(`SET memory_limit = ${literal(limit)}`);
	try {
		await work();
	} finally {
		await duck.exec(`SET memory_limit = ${literal(before)}`);
	}
}

/** Writes `text` to `name` in the scratch folder and returns it as a source to ingest. */
export async function file(name: string, text: string) {
	const p = path.join(tmp, name);
	await writeFile(p, text);
	return nodeSource(p);
}
