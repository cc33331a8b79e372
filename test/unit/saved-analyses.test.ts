import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import Dexie from 'dexie';
import { FootfallDb } from '../../src/lib/workspace/db.ts';
import { IndexedDbKeeper } from '../../src/lib/workspace/keep-files.ts';
import { WorkspaceStore } from '../../src/lib/workspace/workspaces.ts';
import { DexieSegmentStore } from '../../src/lib/workspace/segments.ts';
import { AnalysisStore, cleanTitle } from '../../src/lib/workspace/analyses.ts';

let n = 0;
function fresh(name = `saved-analyses-${n++}`) {
	const db = new FootfallDb(name);
	return new WorkspaceStore(db, new IndexedDbKeeper(db));
}

describe('schema 4 migration', () => {
	test('a schema 3 workspace keeps its dataset, segments, results and files; its analyses and tiles move to the analyses table', async () => {
		const name = `saved-migrate-${n++}`;
		const old = new Dexie(name);
		old.version(3).stores({
			results: 'key, createdAt',
			resultInfo: 'key, usedAt',
			segments: 'id, name, createdAt, workspaceId',
			workspaces: 'id, name, createdAt',
			files: 'id, workspaceId',
			meta: 'key'
		});
		const dataset = { label: 'a.csv', files: [], input: {}, fingerprint: 'fp', stored: false, bytes: 0 };
		await old.table('workspaces').bulkAdd([
			{
				id: 'w1',
				name: 'Shop',
				createdAt: 1,
				updatedAt: 50,
				dataset,
				analyses: [
					{ id: 'a1', title: 'Weekly buyers', spec: { kind: 'trend', period: 'day' } },
					{ id: 'a2', title: 'Cohorts', spec: { kind: 'retention' }, view: { tab: 'table' } }
				],
				dashboard: [{ analysisId: 'a2' }]
			},
			{ id: 'w2', name: 'Empty', createdAt: 2, updatedAt: 2, dataset: null, analyses: [], dashboard: [] }
		]);
		await old
			.table('segments')
			.add({ id: 's1', name: 'Big', rule: { users: ['u1'] }, createdAt: 3, workspaceId: 'w1' });
		await old.table('results').add({ key: 'k', result: [1], createdAt: 4 });
		await old.table('resultInfo').add({ key: 'k', usedAt: 4, bytes: 3 });
		await old.table('files').add({ id: 'w1/l/0', workspaceId: 'w1', index: 0, file: new Blob(['x']) });
		await old.table('meta').add({ key: 'currentWorkspace', value: 'w1' });
		old.close();

		const store = fresh(name);
		const w1 = await store.get('w1');
		expect(w1).toEqual({ id: 'w1', name: 'Shop', createdAt: 1, updatedAt: 50, dataset });
		expect((await store.get('w2'))?.name).toBe('Empty');
		expect((await store.current()).id).toBe('w1');
		expect((await new DexieSegmentStore(store.db, 'w1').list()).map((s) => s.id)).toEqual(['s1']);
		expect(await store.db.results.get('k')).toMatchObject({ result: [1] });
		expect(await store.db.resultInfo.get('k')).toEqual({ key: 'k', usedAt: 4, bytes: 3 });
		expect(await store.db.files.count()).toBe(1);

		const list = await store.analyses('w1').list();
		// The tile comes first (dashboard order), then the rest in their order.
		expect(list.map((a) => [a.id, a.kind, a.title, a.pinned, a.view])).toEqual([
			['a2', 'retention', 'Cohorts', true, { tab: 'table' }],
			['a1', 'trend', 'Weekly buyers', false, {}]
		]);
		expect(list[1].spec).toEqual({ kind: 'trend', period: 'day' });
		expect(await store.analyses('w2').list()).toEqual([]);
		store.close();
	});

	test('a browser that never had Footfall opens straight on schema 4', async () => {
		const store = fresh();
		await store.current();
		expect(store.db.verno).toBe(4);
		expect(await store.db.analyses.count()).toBe(0);
		store.close();
	});
});

describe('saved analyses', () => {
	test('add parses the spec with every default, drops its inline segment, and titles it by its label', async () => {
		const store = fresh();
		const w = await store.current();
		const a = await store.analyses(w.id).add({
			spec: { kind: 'trend', period: 'day', segment: { users: ['u1', 'u2'] } },
			segmentId: 's1',
			compare: true
		});
		expect(a.spec).toEqual({
			kind: 'trend',
			event: null,
			where: [],
			measure: 'events',
			period: 'day',
			breakdown: null,
			dateRange: null,
			segment: null
		});
		expect([a.kind, a.title, a.segmentId, a.compare, a.pinned, a.order]).toEqual([
			'trend',
			'Trends',
			's1',
			true,
			false,
			0
		]);
		expect(await store.analyses(w.id).get(a.id)).toEqual(a);
		store.close();
	});

	test('a Segment analysis, whose spec has no segment field, can be saved (it was refused as "segment is not a known field")', async () => {
		const store = fresh();
		const w = await store.current();
		const rule = { all: [{ did: 'purchase' }] };
		const a = await store.analyses(w.id).add({ spec: { kind: 'segment', rule } });
		expect(a.kind).toBe('segment');
		expect(a.spec.rule).toEqual({ all: [{ did: 'purchase' }] });
		expect('segment' in a.spec).toBe(false);
		store.close();
	});

	test('a spec the registry refuses is not kept, and the message names the field', async () => {
		const store = fresh();
		const w = await store.current();
		const s = store.analyses(w.id);
		await expect(s.add({ spec: { kind: 'trend', period: 'fortnight' } })).rejects.toThrow(/analysis\.period/);
		await expect(s.add({ spec: { kind: 'horoscope' } })).rejects.toThrow(/no analysis of kind "horoscope"/);
		await expect(s.add({ spec: null })).rejects.toThrow(/no analysis/);
		expect(await s.list()).toEqual([]);
		store.close();
	});

	test('update, pin (to the end of the dashboard), reorder and remove', async () => {
		const store = fresh();
		const w = await store.current();
		const s = store.analyses(w.id);
		const a = await s.add({ spec: { kind: 'trend' }, pinned: true });
		const b = await s.add({ spec: { kind: 'retention' } });
		const c = await s.add({ spec: { kind: 'lifecycle' }, pinned: true });
		expect((await s.pinned()).map((x) => x.id)).toEqual([a.id, c.id]);

		const b2 = await s.update(b.id, {
			spec: { kind: 'retention', periods: 4 },
			title: ' Four\tweeks ',
			view: { tab: 'table' },
			pinned: true
		});
		expect([b2.title, b2.view, (b2.spec as { periods: number }).periods]).toEqual([
			'Four weeks',
			{ tab: 'table' },
			4
		]);
		expect((await s.pinned()).map((x) => x.id)).toEqual([a.id, c.id, b.id]);

		await s.reorder([c.id, b.id]);
		expect((await s.list()).map((x) => x.id)).toEqual([c.id, b.id, a.id]);
		await s.update(c.id, { pinned: false });
		expect((await s.pinned()).map((x) => x.id)).toEqual([b.id, a.id]);

		await s.remove(b.id);
		expect((await s.list()).map((x) => x.id)).toEqual([c.id, a.id]);
		await expect(s.update(b.id, { title: 'x' })).rejects.toThrow(/no longer saved/);
		// A segment id without a segment cannot compare.
		expect((await s.update(a.id, { segmentId: null, compare: true })).compare).toBe(false);
		store.close();
	});

	test("one workspace's analyses are not another's: listing, reading, removing and reordering stay inside", async () => {
		const store = fresh();
		const w1 = await store.current();
		const w2 = await store.create('Other');
		const x = await store.analyses(w1.id).add({ spec: { kind: 'trend' } });
		const y = await store.analyses(w2.id).add({ spec: { kind: 'trend' } });
		expect((await store.analyses(w2.id).list()).map((a) => a.id)).toEqual([y.id]);
		expect(await store.analyses(w2.id).get(x.id)).toBeUndefined();
		await store.analyses(w2.id).remove(x.id);
		await store.analyses(w2.id).reorder([x.id, y.id]);
		expect(await store.analyses(w1.id).get(x.id)).toEqual(x);
		store.close();
	});

	test('duplicating a workspace copies its analyses (pointing at the copied segments); deleting it deletes them', async () => {
		const store = fresh();
		const w = await store.create('Shop');
		const seg = await new DexieSegmentStore(store.db, w.id).add('Big', { users: ['u1'] });
		await store.analyses(w.id).add({ spec: { kind: 'trend' }, segmentId: seg.id, pinned: true, title: 'T' });
		const copy = await store.duplicate(w.id);
		const [segCopy] = await new DexieSegmentStore(store.db, copy.id).list();
		const [a] = await store.analyses(copy.id).list();
		expect([a.title, a.pinned, a.segmentId, a.workspaceId]).toEqual(['T', true, segCopy.id, copy.id]);
		await store.remove(w.id);
		expect(await store.db.analyses.where('workspaceId').equals(w.id).count()).toBe(0);
		expect(await store.analyses(copy.id).list()).toHaveLength(1);
		store.close();
	});

	test('two tabs adding analyses at once lose neither, and every order is distinct', async () => {
		const name = `saved-tabs-${n++}`;
		const a = fresh(name);
		const b = fresh(name);
		const w = await a.current();
		const add = (s: WorkspaceStore, title: string) =>
			s.analyses(w.id).add({ spec: { kind: 'trend' }, title });
		await Promise.all([add(a, 'one'), add(b, 'two'), add(a, 'three'), add(b, 'four')]);
		const list = await new AnalysisStore(a.db, w.id).list();
		expect(list.map((x) => x.title).sort()).toEqual(['four', 'one', 'three', 'two']);
		expect(new Set(list.map((x) => x.order)).size).toBe(4);
		a.close();
		b.close();
	});

	test('titles lose control characters and are cut to 200 characters', () => {
		expect(cleanTitle('a\u0000b\nc', 'x')).toBe('a b c');
		expect(cleanTitle('   ', 'Trends')).toBe('Trends');
		expect(cleanTitle('y'.repeat(500), 'x')).toHaveLength(200);
	});
});
