import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { JobQueue } from '../../src/lib/engine/job-queue.ts';
import { AnalysisRunner } from '../../src/lib/engine/runner.ts';
import type { RetentionResult, RetentionSpec } from '../../src/lib/analyses/retention/spec.ts';
import { COLUMNS, DAILY, DAILY_RESULT, engine, freshCache, useCacheDuck } from './support/cache-fixture.ts';

useCacheDuck();

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

	test('a run waiting for a load to be queued: a cached result comes at once, a miss waits to queue', async () => {
		const { core, api, calls } = await engine();
		const runner = new AnalysisRunner(api, freshCache(), new JobQueue());
		await runner.run(DAILY, core.fingerprint);
		let queued!: () => void;
		const load = new Promise<void>((r) => (queued = r));
		expect((await runner.run(DAILY, core.fingerprint, {}, load)).cached).toBe(true);
		let onQueued!: () => void;
		const computing = new Promise<void>((r) => (onQueued = r));
		const miss = runner.run({ ...DAILY, periods: 2 }, core.fingerprint, { onQueued }, load);
		// Said to be computing (the page shows it waits for the data), and not sent to the engine before the load.
		await computing;
		expect(calls).toHaveLength(1);
		queued();
		expect((await miss).cached).toBe(false);
		expect(calls).toHaveLength(2);
	});

	test('reopened: a kept result answers while the engine is still starting; a miss waits for the start', async () => {
		const { core, api, calls, cache } = await kept();
		// A new tab on the same IndexedDB (nothing in memory), its engine not started: WorkerEngine's job waits.
		let start!: () => void;
		const started = new Promise<void>((r) => (start = r));
		const run = async (...a: Parameters<typeof api.run>) => {
			await started;
			return api.run(...a);
		};
		const runner = new AnalysisRunner({ ...api, run }, cache, new JobQueue());
		const hit = await runner.run(DAILY, core.fingerprint, {}, undefined, () => core.fingerprint);
		expect(hit).toEqual(expect.objectContaining({ cached: true, result: DAILY_RESULT }));
		let queued = false;
		const miss = runner.run({ ...DAILY, periods: 2 }, core.fingerprint, { onQueued: () => (queued = true) });
		await expect.poll(() => [queued, calls.length]).toEqual([true, 1]);
		start();
		await expect(miss).resolves.toEqual(expect.objectContaining({ cached: false }));
		expect(calls).toHaveLength(2);
	});

	test('a kept result of a dataset no longer expected once IndexedDB answers is not shown: the data in force computes', async () => {
		const { core, api, calls, cache } = await kept();
		const runner = new AnalysisRunner(api, cache, new JobQueue());
		// The user dropped another file while the look-up ran: the engine expects it now, not this key's data.
		const out = await runner.run(DAILY, core.fingerprint, {}, undefined, () => 'the dropped file');
		expect(out.cached).toBe(false);
		expect(calls).toHaveLength(2);
		expect(out.result).toEqual(DAILY_RESULT);
	});
});

/** The daily retention computed once into a fresh IndexedDB cache, as a previous visit left it. */
async function kept() {
	const e = await engine();
	const cache = freshCache();
	await new AnalysisRunner(e.api, cache, new JobQueue()).run(DAILY, e.core.fingerprint);
	return { ...e, cache };
}
