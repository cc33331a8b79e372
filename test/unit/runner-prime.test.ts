import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MemoryResultCache } from '../../src/lib/engine/cache.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { JobQueue } from '../../src/lib/engine/job-queue.ts';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { AnalysisRunner } from '../../src/lib/engine/runner.ts';
import { analysisKeyText, parseAnalysis } from '../../src/lib/analyses/spec.ts';
import { workerApi } from './support/worker-api.ts';

/**
 * A result primed into the runner (the demo's prepared results, runner.ts `prime`) answers its spec on its
 * dataset from the cache, without the engine; under a key text that is not this build's, or on another
 * dataset, it answers nothing and the engine computes.
 */
let dir: string;
let core: EngineCore;
beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-prime-'));
	const file = path.join(dir, 'events.csv');
	// Hand-counted: ann and bob start in the week of 2024-01-01; ann comes back the next week.
	const rows = [
		'ann,2024-01-01T09:00:00Z,open',
		'bob,2024-01-02T09:00:00Z,open',
		'ann,2024-01-09T09:00:00Z,open'
	];
	await writeFile(file, ['user,time,event', ...rows].join('\n'));
	core = new EngineCore(await createNodeDuck());
	await core.ingest([await nodeSource(file)], { columns: { user: 'user', time: 'time', event: 'event' } });
});
afterAll(async () => {
	await core.duck.close();
	await rm(dir, { recursive: true, force: true });
});

const spec = parseAnalysis({ kind: 'retention', periods: 2 });

describe('AnalysisRunner.prime', () => {
	test('a primed result answers from the cache, and the engine is never asked', async () => {
		const computed = await core.result(spec);
		const { api, calls } = workerApi(core);
		const runner = new AnalysisRunner(api, new MemoryResultCache(), new JobQueue());
		expect(runner.prime(core.fingerprint, spec, computed, analysisKeyText(core.fingerprint, spec))).toBe(
			true
		);
		const out = await runner.run(spec, core.fingerprint);
		expect(out).toEqual(expect.objectContaining({ cached: true, ms: 0, result: computed }));
		expect(runner.peek(spec, core.fingerprint)?.result).toEqual(computed);
		expect(calls).toEqual([]);
		const cohort = (computed as { cohorts: { size: number; values: (number | null)[] }[] }).cohorts[0];
		expect([cohort.size, cohort.values[1]]).toEqual([2, 1]);
	});

	test('under a key text of another version, or on another dataset, it answers nothing', async () => {
		const { api, calls } = workerApi(core);
		const runner = new AnalysisRunner(api, new MemoryResultCache(), new JobQueue());
		const stale = analysisKeyText(core.fingerprint, spec).replace('"version":', '"version":-1,"was":');
		expect(runner.prime(core.fingerprint, spec, { wrong: true }, stale)).toBe(false);
		const other = analysisKeyText('another-dataset', spec);
		expect(runner.prime('another-dataset', spec, { wrong: true }, other)).toBe(true);
		const out = await runner.run(spec, core.fingerprint);
		expect(out.cached).toBe(false);
		expect(out.result).toEqual(await core.result(spec));
		expect(calls).toHaveLength(1);
	});
});
