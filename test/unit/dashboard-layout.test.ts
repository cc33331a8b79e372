import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import Dexie from 'dexie';
import {
	openingScope,
	readDates,
	readStoredScope,
	readUrlScope,
	sameScope,
	scopeOfWorkbench,
	writeUrlScope,
	type DashboardScope
} from '../../src/lib/analyses/dashboard-scope.ts';
import { droppedOn } from '../../src/lib/analyses/dashboard.ts';
import { fitCount } from '../../src/lib/components/nav/fit.ts';
import { FootfallDb } from '../../src/lib/workspace/db.ts';
import { IndexedDbKeeper } from '../../src/lib/workspace/keep-files.ts';
import { WorkspaceStore } from '../../src/lib/workspace/workspaces.ts';
import { DexieSegmentStore } from '../../src/lib/workspace/segments.ts';
import { parseWorkspaceFile } from '../../src/lib/workspace/share/validate.ts';

let n = 0;
const JUNE: DashboardScope = {
	dateRange: { from: '2022-06-01', to: '2022-06-15' },
	segmentId: 'seg-1',
	compare: true
};

describe('the dashboard scope in the address', () => {
	test('a custom range, a last-N range and all days read back as written, with the segment and compare', () => {
		const q = writeUrlScope('?x=1', JUNE);
		expect(q).toBe('?x=1&dates=2022-06-01..2022-06-15&segment=seg-1&compare=1');
		expect(readUrlScope(q)).toEqual(JUNE);
		const last: DashboardScope = { dateRange: { last: 30, unit: 'day' }, segmentId: null, compare: false };
		expect(writeUrlScope('', last)).toBe('?dates=last-30-day');
		expect(readUrlScope('?dates=last-30-day')).toEqual(last);
		expect(readUrlScope('?dates=all')).toEqual({ dateRange: null, segmentId: null, compare: false });
	});

	test('an address without dates names no scope; bad dates, ids and compare alone are ignored', () => {
		expect(readUrlScope('?segment=seg-1')).toBeNull();
		expect(readUrlScope('?dates=2022-06-15..2022-06-01')).toBeNull(); // from after to
		expect(readUrlScope('?dates=2022-02-30..2022-03-01')).toBeNull(); // no such day
		expect(readDates('last-0-day')).toBeUndefined();
		expect(readDates('last-3-year')).toBeUndefined();
		expect(readDates("'; drop table x; --")).toBeUndefined();
		expect(readUrlScope('?dates=all&segment=<script>&compare=1')).toEqual({
			dateRange: null,
			segmentId: null,
			compare: false
		});
	});
});

describe('which scope a dashboard opens on', () => {
	const stored: DashboardScope = { dateRange: { last: 7, unit: 'day' }, segmentId: null, compare: false };
	const now: DashboardScope = { dateRange: null, segmentId: null, compare: false };
	test('the address first, then the kept one, then the workbench as it is', () => {
		expect(openingScope(JUNE, stored, now)).toBe(JUNE);
		expect(openingScope(null, stored, now)).toBe(stored);
		expect(openingScope(null, null, now)).toBe(now);
	});

	test('the workbench scope keeps a segment by the id it was picked under, compare only with one', () => {
		const rule = { rule: { users: ['ann'] }, compare: true };
		expect(scopeOfWorkbench({ dateRange: null, segment: rule }, 'seg-1')).toEqual({
			dateRange: null,
			segmentId: 'seg-1',
			compare: true
		});
		expect(scopeOfWorkbench({ dateRange: null, segment: null }, 'seg-1').segmentId).toBeNull();
		expect(sameScope(JUNE, { ...JUNE, compare: false })).toBe(false);
		expect(sameScope(JUNE, readUrlScope(writeUrlScope('', JUNE))!)).toBe(true);
	});

	test('a malformed kept scope is ignored as a whole; a bad segment id alone is dropped', () => {
		expect(readStoredScope(undefined)).toBeNull();
		expect(readStoredScope('June')).toBeNull();
		expect(readStoredScope({ dateRange: { from: '2022-06-09' }, segmentId: null })).toBeNull();
		expect(readStoredScope({ dateRange: null, segmentId: 'a b', compare: true })).toEqual({
			dateRange: null,
			segmentId: null,
			compare: false
		});
		expect(readStoredScope(JUNE)).toEqual(JUNE);
	});
});

describe('dropping a tile on another', () => {
	test('it takes the target place and the tiles between shift, by hand', () => {
		const ids = ['a', 'b', 'c', 'd'];
		expect(droppedOn(ids, 'a', 'c')).toEqual(['b', 'c', 'a', 'd']);
		expect(droppedOn(ids, 'd', 'b')).toEqual(['a', 'd', 'b', 'c']);
		expect(droppedOn(ids, 'b', 'b')).toEqual(ids);
		expect(droppedOn(ids, 'x', 'b')).toEqual(ids);
		expect(droppedOn(ids, 'b', 'x')).toEqual(ids);
	});
});

describe('the header navigation fits one row', () => {
	test('all links when they fit; otherwise as many as fit beside More, by hand', () => {
		// 3 links of 100, 50, 80 px with gaps of 2: 234 px in all.
		expect(fitCount([100, 50, 80], 234, 60, 2)).toBe(3);
		// 233 px: More (60) + 100 + 2 = 162, + 50 + 2 = 214, + 80 + 2 = 296 > 233: two links.
		expect(fitCount([100, 50, 80], 233, 60, 2)).toBe(2);
		expect(fitCount([100, 50, 80], 213, 60, 2)).toBe(1);
		expect(fitCount([100, 50, 80], 100, 60, 2)).toBe(0);
		expect(fitCount([100, NaN], 1000, 60, 2)).toBe(1);
	});
});

describe('the dashboard kept with the workspace', () => {
	test('a workspace kept before its dashboard had a scope reads as none chosen; keeping one loses nothing else', async () => {
		const name = `dash-older-${n++}`;
		// A browser's database as schema 4 left it, written without the app: no dashboardScope anywhere.
		const old = new Dexie(name);
		old.version(4).stores({
			results: 'key, createdAt',
			resultInfo: 'key, usedAt',
			segments: 'id, name, createdAt, workspaceId',
			workspaces: 'id, name, createdAt',
			files: 'id, workspaceId',
			meta: 'key',
			analyses: 'id, workspaceId, [workspaceId+order]'
		});
		const w = { id: 'w1', name: 'Shop', createdAt: 1, updatedAt: 2, dataset: null };
		await old.table('workspaces').add(w);
		await old.table('meta').put({ key: 'currentWorkspace', value: 'w1' });
		await old
			.table('segments')
			.add({ id: 's1', name: 'Buyers', rule: { users: ['ann'] }, createdAt: 3, workspaceId: 'w1' });
		const tile = {
			id: 'a1',
			workspaceId: 'w1',
			kind: 'trend',
			spec: { kind: 'trend' },
			segmentId: null,
			compare: false,
			view: { tab: 'table' },
			title: 'Trends',
			pinned: true,
			order: 0,
			createdAt: 4,
			updatedAt: 4
		};
		await old.table('analyses').add(tile);
		old.close();

		const db = new FootfallDb(name);
		const store = new WorkspaceStore(db, new IndexedDbKeeper(db));
		const before = await store.get('w1');
		expect(before).toEqual(w);
		expect(readStoredScope(before?.dashboardScope)).toBeNull();

		const scope: DashboardScope = {
			dateRange: { from: '2022-06-01', to: '2022-06-15' },
			segmentId: 's1',
			compare: true
		};
		await store.update('w1', (x) => {
			x.dashboardScope = scope;
		});
		store.close();

		const again = new FootfallDb(name);
		const reopened = new WorkspaceStore(again, new IndexedDbKeeper(again));
		const after = await reopened.get('w1');
		expect(readStoredScope(after?.dashboardScope)).toEqual(scope);
		expect({ ...after, updatedAt: 2, dashboardScope: undefined }).toEqual({
			...w,
			dashboardScope: undefined
		});
		expect(await reopened.analyses('w1').pinned()).toEqual([tile]);
		expect((await new DexieSegmentStore(again, 'w1').list()).map((s) => s.id)).toEqual(['s1']);
		expect(await reopened.current()).toMatchObject({ id: 'w1' });

		// A copy of the workspace keeps its dashboard's scope, pointing at its own copy of the segment.
		const copy = await reopened.duplicate('w1');
		const copied = await new DexieSegmentStore(again, copy.id).list();
		expect(readStoredScope((await reopened.get(copy.id))?.dashboardScope)).toEqual({
			...scope,
			segmentId: copied[0].id
		});
		expect(copied[0].id).not.toBe('s1');
		reopened.close();
	});

	test('a tile width is kept with its view; anything else a view holds is dropped', async () => {
		const db = new FootfallDb(`dash-width-${n++}`);
		const store = new WorkspaceStore(db, new IndexedDbKeeper(db));
		const w = await store.current();
		const tiles = store.analyses(w.id);
		const a = await tiles.add({ spec: { kind: 'trend' }, view: { tab: 'table' }, pinned: true });
		expect(a.view).toEqual({ tab: 'table' });
		const wide = await tiles.update(a.id, { view: { tab: 'table', width: 'full' } });
		expect(wide.view).toEqual({ tab: 'table', width: 'full' });
		const odd = await tiles.update(a.id, { view: { width: 'huge', src: 'http://x' } as never });
		expect(odd.view).toEqual({});
		const renamed = await tiles.update(a.id, { title: '  Weekly\nbuyers ' });
		expect(renamed.title).toBe('Weekly buyers');
		store.close();
	});
});

describe('a workspace file carries tile widths', () => {
	const file = (view: unknown) =>
		JSON.stringify({
			footfall_workspace: 1,
			name: 'Shop',
			exportedAt: '2026-01-01T00:00:00.000Z',
			dataset: null,
			anonymisation: { hashedIds: false, droppedColumns: [], k: null },
			segments: [],
			analyses: [
				{
					id: 'a1',
					title: 'Trends',
					spec: { kind: 'trend' },
					segmentId: null,
					compare: false,
					view,
					pinned: true,
					order: 0,
					result: null
				}
			],
			data: null
		});

	test('a width of full is taken, any other refused by name', () => {
		expect(parseWorkspaceFile(file({ tab: 'chart', width: 'full' })).analyses[0].view).toEqual({
			tab: 'chart',
			width: 'full'
		});
		expect(parseWorkspaceFile(file({})).analyses[0].view).toEqual({});
		expect(() => parseWorkspaceFile(file({ width: 'javascript:alert(1)' }))).toThrow(
			/view\.width must be "full"/
		);
	});
});
