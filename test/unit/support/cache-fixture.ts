// Shared by the result-cache tests (cache-runner, cache-storage): a five-row CSV ingested into a real
// EngineCore under Node, a fresh IndexedDB per test, and the daily retention spec with its hand-read result.
// Call useCacheDuck() at the top of a test file; engine() then loads the file into that file's database.
// The test file imports 'fake-indexeddb/auto' before this module, so Dexie finds an IndexedDB.
import { beforeAll } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DexieResultCache } from '../../../src/lib/engine/cache.ts';
import { EngineCore } from '../../../src/lib/engine/core.ts';
import type { Database } from '../../../src/lib/engine/duck.ts';
import { createNodeDuck, nodeSource } from '../../../src/lib/engine/node-duck.ts';
import type { RetentionResult, RetentionSpec } from '../../../src/lib/analyses/retention/spec.ts';
import { workerApi } from './worker-api.ts';

let duck: Database;
let csvPath: string;

/** Opens this test file's database and writes the five-row CSV before its tests. */
export function useCacheDuck(): void {
	beforeAll(async () => {
		duck = await createNodeDuck();
		const tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-cache-'));
		csvPath = path.join(tmp, 'events.csv');
		await writeFile(
			csvPath,
			[
				'user,time,event',
				'u1,2025-01-01T10:00:00Z,view',
				'u1,2025-01-02T10:00:00Z,view',
				'u2,2025-01-01T12:00:00Z,view',
				'u2,2025-01-03T09:00:00Z,buy',
				'u3,2025-01-02T08:00:00Z,view'
			].join('\n')
		);
	});
}

let dbCount = 0;
/** A fresh IndexedDB database per test, so no test sees another's entries. */
export function freshCache() {
	return new DexieResultCache(`footfall-test-${++dbCount}`);
}

export const COLUMNS = { user: 'user', time: 'time', event: 'event' };

/** A real EngineCore under Node behind the worker's API shape; `calls` counts the queries it ran. */
export async function engine() {
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(csvPath)], { columns: COLUMNS });
	return { core, ...workerApi(core) };
}

export const DAILY: RetentionSpec = {
	kind: 'retention',
	startEvent: null,
	returnEvent: null,
	type: 'first_time',
	period: 'day',
	periods: 3,
	mode: 'on',
	window: 'calendar',
	breakdown: null
};

// Read off the five rows by hand (SEMANTICS §2): u1 and u2 start on Jan 1, u3 on Jan 2; the data ends on
// Jan 3, so Jan 4 is unobserved.
export const DAILY_RESULT: RetentionResult = {
	period: 'day',
	cohorts: [
		{ cohort: '2025-01-01', size: 2, values: [2, 1, 1] },
		{ cohort: '2025-01-02', size: 1, values: [1, 0, null] }
	]
};
