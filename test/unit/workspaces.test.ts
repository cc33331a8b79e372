import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import Dexie from 'dexie';
import { FootfallDb } from '../../src/lib/workspace/db.ts';
import { IndexedDbKeeper, type FileKeeper } from '../../src/lib/workspace/keep-files.ts';
import { WorkspaceStore, cleanWorkspaceName } from '../../src/lib/workspace/workspaces.ts';
import { DexieSegmentStore } from '../../src/lib/workspace/segments.ts';

let n = 0;
function fresh(name = `ws-test-${n++}`) {
	const db = new FootfallDb(name);
	return new WorkspaceStore(db, new IndexedDbKeeper(db));
}

const DATASET = {
	label: 'events.csv',
	files: [{ name: 'events.csv', size: 12, lastModified: 1_700_000_000_000, type: 'text/csv' }],
	input: { timezone: 'UTC' },
	fingerprint: 'fp-1'
};
const file = (text: string, name = 'events.csv') =>
	new File([text], name, { type: 'text/csv', lastModified: 1_700_000_000_000 });

describe('schema 3 migration', () => {
	test('segments and results saved under schema 2 move into a first workspace, which becomes current', async () => {
		const name = `ws-migrate-${n++}`;
		const old = new Dexie(name);
		old.version(2).stores({ results: 'key, createdAt', segments: 'id, name, createdAt' });
		await old.table('segments').add({ id: 's1', name: 'Buyers', rule: { users: ['u1'] }, createdAt: 5 });
		await old.table('results').add({ key: 'k', result: { a: [1, 2] }, createdAt: 7 });
		old.close();

		const store = fresh(name);
		const all = await store.list();
		expect(all.map((w) => w.name)).toEqual(['My workspace']);
		const current = await store.current();
		expect(current.id).toBe(all[0].id);
		const segments = await new DexieSegmentStore(store.db, current.id).list();
		expect(segments.map((s) => [s.id, s.name, s.workspaceId])).toEqual([['s1', 'Buyers', current.id]]);
		expect(await store.db.results.get('k')).toMatchObject({ result: { a: [1, 2] } });
		expect(await store.db.resultInfo.get('k')).toEqual({ key: 'k', usedAt: 7, bytes: '{"a":[1,2]}'.length });
		store.close();
	});

	test('a new browser gets one first workspace, however many tabs ask at once', async () => {
		const name = `ws-first-${n++}`;
		const a = fresh(name);
		const b = fresh(name);
		const [wa, wb] = await Promise.all([a.current(), b.current()]);
		expect(wa.id).toBe(wb.id);
		expect(await a.list()).toHaveLength(1);
		a.close();
		b.close();
	});
});

describe('workspaces', () => {
	test('create, rename, duplicate (with segments and kept files), delete', async () => {
		const store = fresh();
		const first = await store.current();
		const w = await store.create('  Q3 review  ');
		expect(w.name).toBe('Q3 review');
		await store.rename(w.id, 'Q3\nreview final');
		expect((await store.get(w.id))?.name).toBe('Q3 review final');
		await new DexieSegmentStore(store.db, w.id).add('Big', { users: ['u9'] });
		await store.keepDataset(w.id, DATASET, [file('user,time\nu1,')]);

		const copy = await store.duplicate(w.id);
		expect(copy.name).toBe('Q3 review final (copy)');
		expect((await new DexieSegmentStore(store.db, copy.id).list()).map((s) => s.name)).toEqual(['Big']);
		expect((await new DexieSegmentStore(store.db, first.id).list()).map((s) => s.name)).toEqual([]);
		const kept = await store.keptFiles(copy.id);
		expect(await kept?.[0].text()).toBe('user,time\nu1,');

		await store.remove(w.id);
		expect((await store.list()).map((x) => x.id)).toEqual([first.id, copy.id]);
		expect(await new DexieSegmentStore(store.db, w.id).list()).toEqual([]);
		expect(await store.keptFiles(w.id)).toBeNull();
		// The copy's files are its own.
		expect(await (await store.keptFiles(copy.id))?.[0].text()).toBe('user,time\nu1,');
		store.close();
	});

	test('rejects an empty name', () => {
		expect(() => cleanWorkspaceName(' \t ')).toThrow('A workspace needs a name.');
	});

	test('kept files come back with the name and time they were dropped with, so the fingerprint holds', async () => {
		const store = fresh();
		const w = await store.current();
		await store.keepDataset(w.id, DATASET, [file('a,b\n1,2\n')]);
		const [f] = (await store.keptFiles(w.id)) ?? [];
		expect([f.name, f.lastModified, f.size, await f.text()]).toEqual([
			'events.csv',
			1_700_000_000_000,
			8,
			'a,b\n1,2\n'
		]);
		expect((await store.get(w.id))?.dataset).toMatchObject({ stored: true, bytes: 8, fingerprint: 'fp-1' });
		await store.freeDataset(w.id);
		expect(await store.keptFiles(w.id)).toBeNull();
		expect((await store.get(w.id))?.dataset).toMatchObject({ stored: false, bytes: 0, label: 'events.csv' });
		expect(await store.db.files.count()).toBe(0);
		store.close();
	});

	test('a full quota while keeping a new file loses nothing kept before', async () => {
		const db = new FootfallDb(`ws-quota-${n++}`);
		const real = new IndexedDbKeeper(db);
		let full = false;
		const keeper: FileKeeper = {
			kind: 'indexeddb',
			read: (w, l, c) => real.read(w, l, c),
			remove: (w, l) => real.remove(w, l),
			async write(w, l, files) {
				if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
				await real.write(w, l, files);
			}
		};
		const store = new WorkspaceStore(db, keeper);
		const w = await store.current();
		await store.keepDataset(w.id, DATASET, [file('first')]);
		full = true;
		await expect(
			store.keepDataset(w.id, { ...DATASET, fingerprint: 'fp-2' }, [file('second')])
		).rejects.toThrow(/quota/);
		expect((await store.get(w.id))?.dataset?.fingerprint).toBe('fp-1');
		expect(await (await store.keptFiles(w.id))?.[0].text()).toBe('first');
		store.close();
	});
});
