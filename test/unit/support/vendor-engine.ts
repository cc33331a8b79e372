// Shared by the vendors-* tests: one DuckDB-WASM under Node and a scratch folder per test file (call
// useVendorDuck() at the top), ingest of fixture files into a fresh engine, and the loaded `events` table
// read back in the terms of support/vendor-reference.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createNodeDuck, nodeSource } from '../../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../../src/lib/engine/core.ts';
import type { Database } from '../../../src/lib/engine/duck.ts';
import type { IngestReport } from '../../../src/lib/engine/ingest/report.ts';
import { ident } from '../../../src/lib/sql/quote.ts';

export let duck: Database;
export let tmp: string;

/** Opens this test file's database and scratch folder before its tests; removes the folder after. */
export function useVendorDuck(): void {
	beforeAll(async () => {
		duck = await createNodeDuck();
		tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-vendors-'));
	});
	afterAll(async () => {
		await rm(tmp, { recursive: true, force: true });
	});
}

/** Loads `files` together into a fresh engine over this file's database, as one drop. */
export async function ingest(...files: string[]): Promise<IngestReport> {
	const core = new EngineCore(duck);
	return core.ingest(await Promise.all(files.map((f) => nodeSource(f))), {});
}

/** What `events` holds, in the same terms: the raw event column tells a missing name from a real one. */
export async function engineRowsByUser(eventColumn: string): Promise<string[]> {
	const raw = ident(eventColumn);
	return (
		await duck.rows<{ u: string | null; t: number; e: string | null }>(
			`SELECT __user AS u, epoch_ms(__time)::DOUBLE AS t,
			   CASE WHEN NULLIF(trim(CAST(${raw} AS VARCHAR)), '') IS NULL THEN NULL ELSE __event END AS e
			 FROM events`
		)
	)
		.map((r) => `${r.u}|${r.t}|${r.e}`)
		.sort();
}

/** Who each anonymous id of a row without a user became in `events`: __anon → __user. */
export async function engineAnonymousRows(userColumn: string): Promise<Map<string, string>> {
	const rows = await duck.rows<{ a: string; u: string }>(
		`SELECT DISTINCT __anon AS a, __user AS u FROM events
		 WHERE NULLIF(trim(CAST(${ident(userColumn)} AS VARCHAR)), '') IS NULL AND __anon IS NOT NULL`
	);
	return new Map(rows.map((r) => [r.a, r.u]));
}
