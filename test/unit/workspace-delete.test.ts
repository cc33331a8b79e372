/**
 * Deleting a workspace (issue 13) deletes everything it owns. The fault pinned here: `remove` deleted the
 * workspace, its segments, analyses and kept files, but left behind the results an imported workspace carries
 * (`meta` sharedResults:<id>) and every cached result of its dataset, so the browser's storage only grew.
 */
import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { FootfallDb, sharedResultsKey } from '../../src/lib/workspace/db.ts';
import { IndexedDbKeeper, type FileKeeper } from '../../src/lib/workspace/keep-files.ts';
import { WorkspaceStore } from '../../src/lib/workspace/workspaces.ts';
import { DexieSegmentStore } from '../../src/lib/workspace/segments.ts';
import { AnalysisStore } from '../../src/lib/workspace/analyses.ts';
import { importWorkspace, sharedResults } from '../../src/lib/workspace/share/store.ts';
import { parseWorkspaceFile } from '../../src/lib/workspace/share/validate.ts';
import { DexieResultCache } from '../../src/lib/engine/cache.ts';
import { JobQueue } from '../../src/lib/engine/job-queue.ts';
import { AnalysisRunner } from '../../src/lib/engine/runner.ts';

let n = 0;
/** A store over a fresh database whose keeper records which workspaces' files it was asked to delete. */
function fresh() {
	const db = new FootfallDb(`ws-delete-${n++}`);
	const real = new IndexedDbKeeper(db);
	const removed: string[] = [];
	const keeper: FileKeeper = {
		kind: 'indexeddb',
		write: (w, l, f) => real.write(w, l, f),
		read: (w, l, c) => real.read(w, l, c),
		async remove(w, l) {
			if (!l) removed.push(w);
			await real.remove(w, l);
		}
	};
	return { store: new WorkspaceStore(db, keeper), db, removed };
}

const dataset = (fingerprint: string) => ({
	label: 'events.csv',
	files: [{ name: 'events.csv', size: 9, lastModified: 1_700_000_000_000, type: 'text/csv' }],
	input: { timezone: 'UTC' },
	fingerprint
});
const file = (text: string) =>
	new File([text], 'events.csv', { type: 'text/csv', lastModified: 1_700_000_000_000 });

/** A minimal valid workspace file carrying one trend result (4 users on one day). */
const SHARED = JSON.stringify({
	footfall_workspace: 1,
	name: 'Shared',
	exportedAt: '2026-01-01T00:00:00.000Z',
	dataset: null,
	anonymisation: { hashedIds: false, droppedColumns: [], k: null },
	segments: [{ id: 's1', name: 'Buyers', rule: { users: ['u1', 'u2'] } }],
	analyses: [
		{
			id: 'a1',
			title: 'Daily users',
			spec: { kind: 'trend', measure: 'users' },
			segmentId: null,
			compare: false,
			view: {},
			pinned: true,
			order: 0,
			result: {
				period: 'day',
				measure: 'users',
				series: [{ key: 'all', points: [{ period: '2026-01-01', value: 4 }] }]
			}
		}
	],
	data: null
});

describe('deleting a workspace', () => {
	test('deleting a workspace left its shared results and cached results behind: now everything it owns goes', async () => {
		const { store, db, removed } = fresh();
		const keep = await store.current();
		const doomed = await store.create('Doomed');
		await new DexieSegmentStore(db, doomed.id).add('Big', { users: ['u9'] });
		await new AnalysisStore(db, doomed.id).add({ spec: { kind: 'trend', measure: 'users' } });
		await store.keepDataset(doomed.id, dataset('fp-doomed'), [file('user,time')]);
		await store.keepDataset(keep.id, dataset('fp-keep'), [file('user,time')]);
		const imported = await importWorkspace(store, parseWorkspaceFile(SHARED), null);
		expect(await sharedResults(db, imported.id)).not.toBeNull();

		// Results cached through the runner, as the page caches them: two on the doomed dataset, one on the other.
		const cache = new DexieResultCache(db);
		let fingerprint = 'fp-doomed';
		const runner = new AnalysisRunner(
			{ run: async () => ({ result: { n: 1 }, ms: 0, fingerprint }), cancel: async () => {} },
			cache,
			new JobQueue()
		);
		await runner.run({ kind: 'trend', measure: 'users' }, fingerprint);
		await runner.run({ kind: 'trend', measure: 'events' }, fingerprint);
		fingerprint = 'fp-keep';
		await runner.run({ kind: 'trend', measure: 'users' }, fingerprint);
		expect(await db.results.count()).toBe(3);

		await store.remove(doomed.id);
		await store.remove(imported.id);

		expect((await store.list()).map((w) => w.id)).toEqual([keep.id]);
		expect(await db.segments.where('workspaceId').anyOf(doomed.id, imported.id).count()).toBe(0);
		expect(await db.analyses.where('workspaceId').anyOf(doomed.id, imported.id).count()).toBe(0);
		expect(await db.meta.get(sharedResultsKey(imported.id))).toBeUndefined();
		expect(removed).toEqual([doomed.id, imported.id]);
		expect(await db.files.where('workspaceId').equals(doomed.id).count()).toBe(0);
		// Only the other dataset's result is left, in both cache tables; the kept workspace is whole.
		const infos = await db.resultInfo.toArray();
		expect(infos.map((i) => i.fingerprint)).toEqual(['fp-keep']);
		expect(await db.results.count()).toBe(1);
		expect(await db.files.where('workspaceId').equals(keep.id).count()).toBe(1);
		store.close();
	});

	test('cached results of a dataset another workspace also holds are kept', async () => {
		const { store, db } = fresh();
		const a = await store.create('A');
		await store.keepDataset(a.id, dataset('fp-same'), [file('user,time')]);
		const copy = await store.duplicate(a.id);
		await new DexieResultCache(db).put('k1', { n: 1 }, 'fp-same');
		await store.remove(a.id);
		expect(await db.results.get('k1')).toMatchObject({ result: { n: 1 } });
		await store.remove(copy.id);
		expect(await db.results.get('k1')).toBeUndefined();
		expect(await db.resultInfo.count()).toBe(0);
		store.close();
	});
});
