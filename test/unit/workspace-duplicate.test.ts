/**
 * Duplicating a workspace (issue 13): the copy has the data kept too, reloading it gives the dataset the
 * same fingerprint, so the results already computed are served from the cache, and deleting either
 * workspace leaves the other's kept files and results whole. The data is read by the real engine (DuckDB
 * under Node) from the bytes each workspace keeps.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, test } from 'vitest';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import type { EngineCore } from '../../src/lib/engine/core.ts';
import { fingerprintOf } from '../../src/lib/engine/fingerprint.ts';
import { DexieResultCache } from '../../src/lib/engine/cache.ts';
import { JobQueue } from '../../src/lib/engine/job-queue.ts';
import { AnalysisRunner } from '../../src/lib/engine/runner.ts';
import { FootfallDb } from '../../src/lib/workspace/db.ts';
import { IndexedDbKeeper } from '../../src/lib/workspace/keep-files.ts';
import { WorkspaceStore } from '../../src/lib/workspace/workspaces.ts';
import { checkStoredReport, storedReport } from '../../src/lib/workspace/stored-report.ts';
import { loadCsv } from './support/load-csv.ts';

// Four users over three days: ann twice, bob, cat and dan once each on 2024-02-02.
const CSV = [
	'user,time,event',
	'ann,2024-02-01T08:00:00Z,view',
	'ann,2024-02-02T08:00:00Z,buy',
	'bob,2024-02-02T09:00:00Z,view',
	'cat,2024-02-02T10:00:00Z,view',
	'dan,2024-02-03T11:00:00Z,buy'
].join('\n');
const DAILY_USERS = [1, 3, 1];
const SPEC = { kind: 'trend', measure: 'users', period: 'day' } as const;
const MODIFIED = 1_706_000_000_000;
const INPUT = { columns: { user: 'user', time: 'time', event: 'event' }, timezone: 'UTC' };

let duck: Database;
beforeAll(async () => {
	duck = await createNodeDuck();
});

/** Runs queued for the engine (the result was in neither cache): RunOptions.onQueued. */
let queued = 0;
const opts = { onQueued: () => void queued++ };

const points = (r: unknown) =>
	(r as { series: { points: { value: number }[] }[] }).series[0].points.map((p) => p.value);

/** The page's view of a load: the fingerprint of the files as kept and the engine's report of their bytes. */
async function load(files: File[]): Promise<{ core: EngineCore; fingerprint: string }> {
	const core = await loadCsv(duck, await files[0].text(), INPUT);
	return { core, fingerprint: fingerprintOf(files, core.report!) };
}

/** A runner over the real engine and the browser's result cache, with a memory of its own. */
function runner(db: FootfallDb, core: EngineCore, fingerprint: string) {
	return new AnalysisRunner(
		{ run: async (spec) => ({ result: await core.result(spec), ms: 1, fingerprint }), cancel: () => {} },
		new DexieResultCache(db),
		new JobQueue()
	);
}

describe('duplicating a workspace', () => {
	test('the copy keeps the files, reloads to the same fingerprint and is served from the cache; deleting one spares the other', async () => {
		const db = new FootfallDb('ws-duplicate');
		const store = new WorkspaceStore(db, new IndexedDbKeeper(db));
		const original = await store.create('Shop');
		const dropped = [new File([CSV], 'shop.csv', { type: 'text/csv', lastModified: MODIFIED })];
		const first = await load(dropped);
		const info = [{ name: 'shop.csv', size: dropped[0].size, lastModified: MODIFIED, type: 'text/csv' }];
		await store.keepDataset(
			original.id,
			{
				label: 'shop.csv',
				files: info,
				input: INPUT,
				fingerprint: first.fingerprint,
				report: storedReport(first.core.report!, first.fingerprint)
			},
			dropped
		);
		const computed = await runner(db, first.core, first.fingerprint).run(SPEC, first.fingerprint, opts);
		expect([computed.cached, points(computed.result)]).toEqual([false, DAILY_USERS]);

		const copy = await store.duplicate(original.id);
		expect(copy.dataset).toMatchObject({
			stored: true,
			fingerprint: first.fingerprint,
			bytes: dropped[0].size
		});
		const kept = (await store.keptFiles(copy.id))!;
		expect(await kept[0].text()).toBe(CSV);
		expect(kept.map((f) => [f.name, f.size, f.lastModified])).toEqual([
			['shop.csv', dropped[0].size, MODIFIED]
		]);
		// Its report is shown at once on reopen, as the original's is.
		expect(checkStoredReport((await store.get(copy.id))!.dataset!, kept).ok).toBe(true);

		// Reloaded from its own kept bytes: the same fingerprint, so the result comes from the cache.
		const reloaded = await load(kept);
		expect(reloaded.fingerprint).toBe(first.fingerprint);
		const again = await runner(db, reloaded.core, reloaded.fingerprint).run(SPEC, reloaded.fingerprint, opts);
		expect([again.cached, points(again.result)]).toEqual([true, DAILY_USERS]);
		// Computed once, on the first load only.
		expect(queued).toBe(1);

		// Deleting the copy leaves the original's files and the cached result.
		await store.remove(copy.id);
		expect(await store.keptFiles(copy.id)).toBeNull();
		expect(await (await store.keptFiles(original.id))![0].text()).toBe(CSV);
		expect(await db.resultInfo.count()).toBe(1);

		// Deleting the original leaves a second copy whole, its result still cached.
		const second = await store.duplicate(original.id);
		await store.remove(original.id);
		const left = (await store.keptFiles(second.id))!;
		expect(await left[0].text()).toBe(CSV);
		const last = await load(left);
		const served = await runner(db, last.core, last.fingerprint).run(SPEC, last.fingerprint, opts);
		expect([last.fingerprint, served.cached, points(served.result)]).toEqual([
			first.fingerprint,
			true,
			DAILY_USERS
		]);
		store.close();
	});
});
