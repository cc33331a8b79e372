import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DexieResultCache } from '../../src/lib/engine/cache.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import { JobQueue } from '../../src/lib/engine/job-queue.ts';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { AnalysisRunner, type EngineApiLike } from '../../src/lib/engine/runner.ts';
import type { AnalysisSpec } from '../../src/lib/analyses/registry.ts';
import type { RetentionResult, RetentionSpec } from '../../src/lib/analyses/retention/spec.ts';

let duck: Database;
let csvPath: string;
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

afterEach(() => {
	vi.restoreAllMocks();
});

let dbCount = 0;
/** A fresh IndexedDB database per test, so no test sees another's entries. */
function freshCache() {
	return new DexieResultCache(`footfall-test-${++dbCount}`);
}

const COLUMNS = { user: 'user', time: 'time', event: 'event' };

/** A real EngineCore under Node behind the worker's API shape; `calls` counts the queries it ran. */
async function engine() {
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(csvPath)], { columns: COLUMNS });
	const calls: AnalysisSpec[] = [];
	const api: EngineApiLike = {
		async run(spec, jobId) {
			calls.push(spec);
			return { ...(await core.run(spec, { jobId })), fingerprint: core.fingerprint };
		},
		cancel: (jobId) => core.cancel(jobId)
	};
	return { core, api, calls };
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

// Read off the five rows by hand (SEMANTICS §2): u1 and u2 start on Jan 1, u3 on Jan 2; the data ends on
// Jan 3, so Jan 4 is unobserved.
const DAILY_RESULT: RetentionResult = {
	period: 'day',
	cohorts: [
		{ cohort: '2025-01-01', size: 2, values: [2, 1, 1] },
		{ cohort: '2025-01-02', size: 1, values: [1, 0, null] }
	]
};

describe('AnalysisRunner with the result cache', () => {
	test('the second run of a spec on the same dataset is served from the cache', async () => {
		const { core, api, calls } = await engine();
		const runner = new AnalysisRunner(api, freshCache(), new JobQueue());
		const first = await runner.run(DAILY, core.fingerprint);
		expect(first.cached).toBe(false);
		expect(first.result).toEqual(DAILY_RESULT);
		expect(first.table?.numRows).toBeGreaterThan(0);
		expect(calls).toHaveLength(1);

		const second = await runner.run(DAILY, core.fingerprint);
		expect(second.cached).toBe(true);
		expect(second.table).toBeNull();
		expect(second.result).toEqual(DAILY_RESULT);
		expect(calls).toHaveLength(1);
	});

	test('a changed spec misses', async () => {
		const { core, api, calls } = await engine();
		const runner = new AnalysisRunner(api, freshCache(), new JobQueue());
		await runner.run(DAILY, core.fingerprint);
		const buys = await runner.run({ ...DAILY, returnEvent: 'buy' }, core.fingerprint);
		expect(buys.cached).toBe(false);
		expect(calls).toHaveLength(2);
		// Only u2 buys, on Jan 3 (day 2 of the Jan 1 cohort).
		expect(buys.result).toEqual({
			period: 'day',
			cohorts: [
				{ cohort: '2025-01-01', size: 2, values: [2, 0, 1] },
				{ cohort: '2025-01-02', size: 1, values: [1, 0, null] }
			]
		});
		const shorter = await runner.run({ ...DAILY, periods: 2 }, core.fingerprint);
		expect(shorter.cached).toBe(false);
		expect(calls).toHaveLength(3);
		expect((shorter.result as RetentionResult).cohorts.map((c) => c.values)).toEqual([
			[2, 1],
			[1, 0]
		]);
	});

	test('a changed fingerprint (the data was remapped) misses', async () => {
		const { core, api, calls } = await engine();
		const runner = new AnalysisRunner(api, freshCache(), new JobQueue());
		const before = core.fingerprint;
		await runner.run(DAILY, before);
		await core.remap({ columns: COLUMNS, filters: [{ column: 'user', op: '!=', value: 'u3' }] });
		expect(core.fingerprint).not.toBe(before);
		const after = await runner.run(DAILY, core.fingerprint);
		expect(after.cached).toBe(false);
		expect(calls).toHaveLength(2);
		expect(after.result).toEqual({ period: 'day', cohorts: [DAILY_RESULT.cohorts[0]] });
	});

	test('equivalent spellings of a spec hit the same entry', async () => {
		const { core, api, calls } = await engine();
		const runner = new AnalysisRunner(api, freshCache(), new JobQueue());
		await runner.run(DAILY, core.fingerprint);
		const spelledOut: RetentionSpec = {
			segment: null,
			dateRange: null,
			cohortBy: 'period',
			breakdown: null,
			window: 'calendar',
			mode: 'on',
			periods: 3,
			period: 'day',
			type: 'first_time',
			returnEvent: { event: null, where: [] },
			startEvent: null,
			kind: 'retention'
		};
		const again = await runner.run(spelledOut, core.fingerprint);
		expect(again.cached).toBe(true);
		expect(calls).toHaveLength(1);

		// They are equivalent in fact, not only in their hash: computed afresh, they agree.
		const fresh = new AnalysisRunner(api, freshCache(), new JobQueue());
		expect((await fresh.run(spelledOut, core.fingerprint)).result).toEqual(DAILY_RESULT);
	});

	test('a result is filed under the dataset it ran on, not the one the caller expected', async () => {
		const { core, api, calls } = await engine();
		const runner = new AnalysisRunner(api, freshCache(), new JobQueue());
		// A run keyed by a stale fingerprint, as when a remap was queued ahead of it.
		const stale = 'fingerprint before the remap';
		expect((await runner.run(DAILY, stale)).cached).toBe(false);
		expect((await runner.run(DAILY, core.fingerprint)).cached).toBe(true);
		expect((await runner.run(DAILY, stale)).cached).toBe(false);
		expect(calls).toHaveLength(2);
	});

	test('without a cache every run goes to the engine', async () => {
		const { core, api, calls } = await engine();
		const runner = new AnalysisRunner(api, null, new JobQueue());
		expect((await runner.run(DAILY, core.fingerprint)).result).toEqual(DAILY_RESULT);
		expect((await runner.run(DAILY, core.fingerprint)).cached).toBe(false);
		expect(calls).toHaveLength(2);
	});
});

function quotaError() {
	return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}

describe('DexieResultCache on IndexedDB (fake-indexeddb)', () => {
	test('put and get round-trip a result; clear empties the store', async () => {
		const cache = freshCache();
		const problems = vi.fn();
		cache.onProblem = problems;
		expect(await cache.get('nothing')).toBeUndefined();
		await cache.put('k', DAILY_RESULT);
		const got = await cache.get('k');
		expect(got?.key).toBe('k');
		expect(got?.result).toEqual(DAILY_RESULT);
		expect(got?.result).not.toBe(DAILY_RESULT);
		expect(typeof got?.createdAt).toBe('number');
		await cache.put('k', { period: 'week', cohorts: [] });
		expect((await cache.get('k'))?.result).toEqual({ period: 'week', cohorts: [] });
		await cache.clear();
		expect(await cache.get('k')).toBeUndefined();
		expect(problems).not.toHaveBeenCalled();
	});

	test('a quota error on put evicts the older half and retries', async () => {
		const cache = freshCache();
		const problems = vi.fn();
		cache.onProblem = problems;
		const now = vi.spyOn(Date, 'now');
		for (let i = 1; i <= 4; i++) {
			now.mockReturnValue(1_000 * i);
			await cache.put(`k${i}`, { n: i });
		}
		now.mockReturnValue(5_000);
		const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(() => {
			throw quotaError();
		});
		await cache.put('k5', { n: 5 });
		// The refused write, then the retry's two: the result and its size (schema 3's resultInfo).
		expect(put).toHaveBeenCalledTimes(3);
		expect(await cache.get('k1')).toBeUndefined();
		expect(await cache.get('k2')).toBeUndefined();
		for (const i of [3, 4, 5]) expect((await cache.get(`k${i}`))?.result).toEqual({ n: i });
		expect(problems).not.toHaveBeenCalled();
	});

	test('a quota that stays full is reported once and never thrown', async () => {
		const cache = freshCache();
		const problems = vi.fn();
		cache.onProblem = problems;
		await cache.put('old', 1);
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
			throw quotaError();
		});
		await expect(cache.put('a', 2)).resolves.toBeUndefined();
		await expect(cache.put('b', 3)).resolves.toBeUndefined();
		expect(problems).toHaveBeenCalledTimes(1);
		expect(problems.mock.calls[0][0]).toMatch(/quota is full/);
		expect(await cache.get('a')).toBeUndefined();
	});

	test('storage that fails on every call is reported once; the cache just misses', async () => {
		const cache = freshCache();
		const problems = vi.fn();
		cache.onProblem = problems;
		const broken = () => {
			throw new DOMException('Internal error.', 'UnknownError');
		};
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(broken);
		vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(broken);
		vi.spyOn(IDBObjectStore.prototype, 'clear').mockImplementation(broken);
		await expect(cache.put('a', 1)).resolves.toBeUndefined();
		await expect(cache.get('a')).resolves.toBeUndefined();
		await expect(cache.put('b', 2)).resolves.toBeUndefined();
		await expect(cache.clear()).resolves.toBeUndefined();
		expect(problems).toHaveBeenCalledTimes(1);
		expect(problems.mock.calls[0][0]).toMatch(/storage is unavailable/);
	});

	test('a database that cannot be opened (private mode) is reported once; the cache just misses', async () => {
		vi.spyOn(indexedDB, 'open').mockImplementation(() => {
			throw new DOMException(
				'A mutation operation was attempted on a database that did not allow mutations.',
				'InvalidStateError'
			);
		});
		const cache = freshCache();
		const problems = vi.fn();
		cache.onProblem = problems;
		await expect(cache.get('a')).resolves.toBeUndefined();
		await expect(cache.put('a', 1)).resolves.toBeUndefined();
		await expect(cache.get('a')).resolves.toBeUndefined();
		expect(problems).toHaveBeenCalledTimes(1);
	});

	test('a run whose cache write fails still returns its result', async () => {
		const { core, api, calls } = await engine();
		const cache = freshCache();
		const problems = vi.fn();
		cache.onProblem = problems;
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
			throw quotaError();
		});
		const runner = new AnalysisRunner(api, cache, new JobQueue());
		expect((await runner.run(DAILY, core.fingerprint)).result).toEqual(DAILY_RESULT);
		// This tab still holds it in memory (engine/memory-cache.ts); nothing reached the storage, so the next
		// visit (a new runner on the same storage) computes it again.
		expect((await runner.run(DAILY, core.fingerprint)).cached).toBe(true);
		expect(calls).toHaveLength(1);
		const nextVisit = new AnalysisRunner(api, cache, new JobQueue());
		expect((await nextVisit.run(DAILY, core.fingerprint)).cached).toBe(false);
		expect(calls).toHaveLength(2);
		expect(problems).toHaveBeenCalledTimes(1);
	});
});

describe('the result cache budget (issue 13)', () => {
	/** A result of exactly `n` characters as JSON: `"xxx…"`. */
	const sized = (n: number) => 'x'.repeat(n - 2);

	test('past the budget the least recently used results go first; a read counts as a use', async () => {
		const cache = new DexieResultCache(`footfall-budget-${++dbCount}`, 300);
		const now = vi.spyOn(Date, 'now');
		now.mockReturnValue(1_000);
		await cache.put('a', sized(100));
		now.mockReturnValue(2_000);
		await cache.put('b', sized(100));
		now.mockReturnValue(3_000);
		await cache.put('c', sized(100));
		// 300 characters in all: at the budget, nothing goes.
		for (const k of ['a', 'b', 'c']) expect(await cache.get(k)).toBeDefined();
		// Reading a (at 4 000) makes b the least recently used.
		now.mockReturnValue(4_000);
		await cache.get('a');
		await new Promise((r) => setTimeout(r, 20));
		now.mockReturnValue(5_000);
		await cache.put('d', sized(100));
		expect(await cache.get('b')).toBeUndefined();
		for (const k of ['a', 'c', 'd']) expect((await cache.get(k))?.result).toBe(sized(100));
	});

	test('a result larger than the whole budget is not kept, and pushes nothing out', async () => {
		const cache = new DexieResultCache(`footfall-budget-${++dbCount}`, 300);
		await cache.put('small', sized(50));
		await cache.put('huge', sized(301));
		expect(await cache.get('huge')).toBeUndefined();
		expect((await cache.get('small'))?.result).toBe(sized(50));
	});
});
