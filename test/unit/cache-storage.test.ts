import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { DexieResultCache } from '../../src/lib/engine/cache.ts';
import { JobQueue } from '../../src/lib/engine/job-queue.ts';
import { AnalysisRunner } from '../../src/lib/engine/runner.ts';
import { DAILY, DAILY_RESULT, engine, freshCache, useCacheDuck } from './support/cache-fixture.ts';

useCacheDuck();

afterEach(() => {
	vi.restoreAllMocks();
});

// Names of the budget tests' databases; freshCache() numbers its own.
let dbCount = 0;

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
