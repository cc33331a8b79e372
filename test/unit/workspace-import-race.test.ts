/**
 * Import race (issue 13, fault 1): a workspace file dropped or picked before the tab's browser storage
 * (Dexie) had opened was refused with "Browser storage is not open", since the page opens storage after first
 * paint. It must wait for storage and then import.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { WorkspaceSession } from '../../src/lib/components/workspace/WorkspaceSession.svelte.ts';
import { openWorkspaceFile } from '../../src/lib/components/workspace/share.ts';
import { FootfallDb } from '../../src/lib/workspace/db.ts';
import { WorkspaceStore } from '../../src/lib/workspace/workspaces.ts';
import { AnalysisStore } from '../../src/lib/workspace/analyses.ts';
import { sharedResults } from '../../src/lib/workspace/share/store.ts';
import type { WorkbenchModel } from '../../src/lib/components/workbench/WorkbenchModel.svelte.ts';

/** The tab's sessionStorage, which Node lacks. */
beforeAll(() => {
	const items = new Map<string, string>();
	vi.stubGlobal('sessionStorage', {
		getItem: (k: string) => items.get(k) ?? null,
		setItem: (k: string, v: string) => void items.set(k, v),
		removeItem: (k: string) => void items.delete(k)
	});
});
afterAll(() => vi.unstubAllGlobals());

/** The parts of the workbench a session's start touches. */
const model = () =>
	({
		notice: null,
		onLoaded: null,
		loadSegments: async () => {},
		load: async () => {}
	}) as unknown as WorkbenchModel;

const FILE = new File(
	[
		JSON.stringify({
			footfall_workspace: 1,
			name: 'From a colleague',
			exportedAt: '2026-01-01T00:00:00.000Z',
			dataset: null,
			anonymisation: { hashedIds: false, droppedColumns: [], k: null },
			segments: [],
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
		})
	],
	'shared.footfall.json',
	{ type: 'application/json' }
);

describe('opening a workspace file', () => {
	test('a workspace file dropped before browser storage opened was refused: now it waits and is imported', async () => {
		const session = new WorkspaceSession();
		const switched: string[] = [];
		session.switchTo = async (id: string) => void switched.push(id);
		expect(session.store).toBeNull();
		// Dropped first; storage is opened only afterwards, as on a page still starting.
		const refused = openWorkspaceFile(session, FILE);
		await new Promise((r) => setTimeout(r, 20));
		expect(switched).toEqual([]);
		await session.start(model());
		expect(await refused).toBeNull();

		const store = session.store!;
		const all = await store.list();
		expect(all.map((w) => w.name)).toEqual(['My workspace', 'From a colleague']);
		expect(switched).toEqual([all[1].id]);
		const [a] = await new AnalysisStore(store.db, all[1].id).list();
		expect(a.title).toBe('Daily users');
		expect((await sharedResults(store.db, all[1].id))?.results[a.id].result).toMatchObject({
			series: [{ points: [{ value: 4 }] }]
		});
	});

	test('storage that cannot be opened refuses the file in words, and nothing changes', async () => {
		const db = new FootfallDb();
		const before = await db.workspaces.count();
		const session = new WorkspaceSession();
		const switched: string[] = [];
		session.switchTo = async (id: string) => void switched.push(id);
		const refused = openWorkspaceFile(session, FILE);
		// As a private window that refuses IndexedDB: the first read fails.
		vi.spyOn(WorkspaceStore.prototype, 'current').mockRejectedValue(new Error('The operation failed'));
		await session.start(model());
		expect(await refused).toMatch(
			/shared\.footfall\.json was not opened as a workspace: Browser storage could not be opened.*unchanged/
		);
		expect(switched).toEqual([]);
		expect(await db.workspaces.count()).toBe(before);
		db.close();
	});
});
