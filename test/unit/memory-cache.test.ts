import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DexieResultCache } from '../../src/lib/engine/cache.ts';
import { MemoryLru } from '../../src/lib/engine/memory-cache.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import { JobQueue } from '../../src/lib/engine/job-queue.ts';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { AnalysisRunner, type EngineApiLike } from '../../src/lib/engine/runner.ts';
import type { RetentionResult, RetentionSpec } from '../../src/lib/analyses/retention/spec.ts';
import { workerApi } from './support/worker-api.ts';

/** A value whose JSON is exactly `n` characters ("xxx…" in quotes). */
const sized = (n: number) => 'x'.repeat(n - 2);

describe('MemoryLru', () => {
	test('never holds more than its budget; the least recently used go first', () => {
		const lru = new MemoryLru(100);
		lru.set('a', 'd', sized(40));
		lru.set('b', 'd', sized(40));
		expect(lru.bytes).toBe(80);
		// Reading a makes b the oldest.
		expect(lru.get('a')).toBe(sized(40));
		lru.set('c', 'd', sized(40));
		expect(lru.bytes).toBe(80);
		expect(lru.get('b')).toBeUndefined();
		expect(lru.get('a')).toBe(sized(40));
		expect(lru.get('c')).toBe(sized(40));
		// Replacing an entry counts its new size only.
		lru.set('c', 'd', sized(10));
		expect(lru.bytes).toBe(50);
	});

	test('a result larger than the whole budget is not kept and pushes nothing out', () => {
		const lru = new MemoryLru(100);
		lru.set('a', 'd', sized(60));
		lru.set('huge', 'd', sized(101));
		expect(lru.get('huge')).toBeUndefined();
		expect(lru.get('a')).toBe(sized(60));
		expect(lru.bytes).toBe(60);
	});

	test('keepOnly drops every other dataset', () => {
		const lru = new MemoryLru(1000);
		lru.set('a1', 'A', { n: 1 });
		lru.set('b1', 'B', { n: 2 });
		lru.set('a2', 'A', { n: 3 });
		lru.keepOnly('B');
		expect(lru.size).toBe(1);
		expect(lru.get('a1')).toBeUndefined();
		expect(lru.get('b1')).toEqual({ n: 2 });
		expect(lru.bytes).toBe(JSON.stringify({ n: 2 }).length);
	});

	test('a screen that changes its result changes neither the stored copy nor the next hit', () => {
		const lru = new MemoryLru(1000);
		const original = { rows: [{ v: 1 }, { v: 2 }] };
		lru.set('k', 'd', original);
		original.rows[0].v = 99;
		const hit = lru.get('k') as typeof original;
		expect(hit).toEqual({ rows: [{ v: 1 }, { v: 2 }] });
		hit.rows.reverse();
		expect(lru.get('k')).toEqual({ rows: [{ v: 1 }, { v: 2 }] });
	});
});

let duck: Database;
let dir: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-memory-'));
});

const COLUMNS = { user: 'user', time: 'time', event: 'event' };

/** A real EngineCore under Node on `rows`, behind the worker's API shape; `calls` counts the queries it ran. */
async function engine(name: string, rows: string[]) {
	const file = path.join(dir, name);
	await writeFile(file, ['user,time,event', ...rows].join('\n'));
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(file)], { columns: COLUMNS });
	return { core, ...workerApi(core) };
}

const DAILY: RetentionSpec = {
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

// Dataset A, by hand (SEMANTICS §2): u1, u2 start Jan 1 (u1 back Jan 2, u2 Jan 3), u3 starts Jan 2.
const A = [
	'u1,2025-01-01T10:00:00Z,view',
	'u1,2025-01-02T10:00:00Z,view',
	'u2,2025-01-01T12:00:00Z,view',
	'u2,2025-01-03T09:00:00Z,buy',
	'u3,2025-01-02T08:00:00Z,view'
];
const A_DAILY: RetentionResult = {
	period: 'day',
	cohorts: [
		{ cohort: '2025-01-01', size: 2, values: [2, 1, 1] },
		{ cohort: '2025-01-02', size: 1, values: [1, 0, null] }
	]
};
// Dataset B: u1 and u2 start Jan 1, only u1 comes back (Jan 2); the data ends on Jan 2, so Jan 3 is unobserved.
const B = ['u1,2025-01-01T10:00:00Z,view', 'u1,2025-01-02T10:00:00Z,view', 'u2,2025-01-01T12:00:00Z,view'];
const B_DAILY: RetentionResult = {
	period: 'day',
	cohorts: [{ cohort: '2025-01-01', size: 2, values: [2, 1, null] }]
};

describe('AnalysisRunner with its memory in front of the result cache', () => {
	test('a result computed once is in memory: peek answers at once and run asks neither storage nor engine', async () => {
		const { core, api, calls } = await engine('a1.csv', A);
		const runner = new AnalysisRunner(api, freshStore(), new JobQueue());
		expect(runner.peek(DAILY, core.fingerprint)).toBeNull();
		expect((await runner.run(DAILY, core.fingerprint)).result).toEqual(A_DAILY);
		const seen = runner.peek(DAILY, core.fingerprint);
		expect(seen).toMatchObject({ cached: true, ms: 0, table: null, result: A_DAILY });
		expect((await runner.run(DAILY, core.fingerprint)).result).toEqual(A_DAILY);
		expect(calls).toHaveLength(1);
	});

	test('a hit is never another dataset’s result: each dataset’s answer equals a fresh computation', async () => {
		// One database under both, as in the tab: loading B replaces A's tables.
		const a = await engine('a2.csv', A);
		const store = freshStore();
		const memory = new MemoryLru();
		// One runner (one tab) whose dataset changes from A to B: the worker answers with whichever is loaded.
		let current: Awaited<ReturnType<typeof engine>> = a;
		const api: EngineApiLike = {
			run: (spec, jobId) => current.api.run(spec, jobId),
			cancel: (jobId) => current.api.cancel(jobId)
		};
		const runner = new AnalysisRunner(api, store, new JobQueue(), memory);
		expect((await runner.run(DAILY, a.core.fingerprint)).result).toEqual(A_DAILY);
		const b = await engine('b2.csv', B);
		expect(a.core.fingerprint).not.toBe(b.core.fingerprint);
		current = b;
		memory.keepOnly(b.core.fingerprint);
		expect(memory.size).toBe(0);
		expect(runner.peek(DAILY, b.core.fingerprint)).toBeNull();
		const onB = await runner.run(DAILY, b.core.fingerprint);
		expect(onB.cached).toBe(false);
		expect(onB.result).toEqual(B_DAILY);
		const freshB = await new AnalysisRunner(b.api, null, new JobQueue()).run(DAILY, b.core.fingerprint);
		expect(onB.result).toEqual(freshB.result);
		expect(runner.peek(DAILY, b.core.fingerprint)?.result).toEqual(B_DAILY);
		// Back to A: its result comes from storage (not memory, which dropped it), and is A's.
		current = a;
		memory.keepOnly(a.core.fingerprint);
		const onA = await runner.run(DAILY, a.core.fingerprint);
		expect(onA).toMatchObject({ cached: true, result: A_DAILY });
		expect(runner.peek(DAILY, a.core.fingerprint)?.result).toEqual(A_DAILY);
	});

	test('a hit is never another spec’s result; equivalent spellings share one entry', async () => {
		const { core, api, calls } = await engine('a3.csv', A);
		const runner = new AnalysisRunner(api, freshStore(), new JobQueue());
		await runner.run(DAILY, core.fingerprint);
		expect(runner.peek({ ...DAILY, returnEvent: 'buy' }, core.fingerprint)).toBeNull();
		expect(runner.peek({ ...DAILY, periods: 2 }, core.fingerprint)).toBeNull();
		const buys = await runner.run({ ...DAILY, returnEvent: 'buy' }, core.fingerprint);
		// Only u2 buys, on Jan 3 (day 2 of the Jan 1 cohort).
		expect(buys.result).toEqual({
			period: 'day',
			cohorts: [
				{ cohort: '2025-01-01', size: 2, values: [2, 0, 1] },
				{ cohort: '2025-01-02', size: 1, values: [1, 0, null] }
			]
		});
		expect(runner.peek(DAILY, core.fingerprint)?.result).toEqual(A_DAILY);
		const spelledOut = { ...DAILY, segment: null, dateRange: null, returnEvent: { event: null, where: [] } };
		expect(runner.peek(spelledOut, core.fingerprint)?.result).toEqual(A_DAILY);
		expect(calls).toHaveLength(2);
	});

	test('a result found in storage (another visit) is kept in memory for the next reopen', async () => {
		const { core, api, calls } = await engine('a4.csv', A);
		const store = freshStore();
		await new AnalysisRunner(api, store, new JobQueue()).run(DAILY, core.fingerprint);
		const nextVisit = new AnalysisRunner(api, store, new JobQueue());
		expect(nextVisit.peek(DAILY, core.fingerprint)).toBeNull();
		expect((await nextVisit.run(DAILY, core.fingerprint)).cached).toBe(true);
		expect(nextVisit.peek(DAILY, core.fingerprint)?.result).toEqual(A_DAILY);
		expect(calls).toHaveLength(1);
	});

	test('a memory hit marks the stored copy as used, so the storage budget keeps it longest', async () => {
		const { core, api } = await engine('a5.csv', A);
		const store = freshStore();
		const touched: string[] = [];
		store.touch = async (key: string) => void touched.push(key);
		const runner = new AnalysisRunner(api, store, new JobQueue());
		await runner.run(DAILY, core.fingerprint);
		runner.peek(DAILY, core.fingerprint);
		await expect.poll(() => touched.length).toBe(1);
		expect(await store.get(touched[0])).toBeDefined();
	});

	test('without a cache (?cache=0) nothing is kept in memory either', async () => {
		const { core, api, calls } = await engine('a6.csv', A);
		const runner = new AnalysisRunner(api, null, new JobQueue());
		await runner.run(DAILY, core.fingerprint);
		expect(runner.memory).toBeNull();
		expect(runner.peek(DAILY, core.fingerprint)).toBeNull();
		expect((await runner.run(DAILY, core.fingerprint)).cached).toBe(false);
		expect(calls).toHaveLength(2);
	});
});

let stores = 0;
/** A fresh IndexedDB store for each test (fake-indexeddb), so none sees another's entries. */
function freshStore(): DexieResultCache {
	return new DexieResultCache(`footfall-memory-test-${++stores}`);
}
