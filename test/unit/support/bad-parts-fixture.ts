// Shared by the bad-parts-* tests: one DuckDB-WASM under Node and a scratch folder per test file (call
// useBadPartsDuck() at the top), and file() to write a generated hostile input there as a source.
import { beforeAll } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../../src/lib/engine/node-duck.ts';
import type { Database } from '../../../src/lib/engine/duck.ts';

export let duck: Database;
export let tmp: string;

/** Opens this test file's database and scratch folder before its tests. */
export function useBadPartsDuck(): void {
	beforeAll(async () => {
		duck = await createNodeDuck();
		tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-bad-parts-'));
	});
}

/** How many files file() has written; each name starts with its number, so no two collide. */
export let fileNo = 0;
/** Writes `content` to the scratch folder under a fresh name ending in `name`; returns it as a source. */
export async function file(name: string, content: string | Uint8Array) {
	const p = path.join(tmp, `${fileNo++}-${name}`);
	await writeFile(p, content);
	return nodeSource(p);
}
