/**
 * Opening a workspace file adds a new workspace. The fault pinned here: it took the exported workspace's name
 * as it was, so exporting "My workspace" and opening the file in the same browser gave two entries called
 * "My workspace" in the workspace menu, with nothing to tell which was the copy.
 */
import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { FootfallDb } from '../../src/lib/workspace/db.ts';
import { IndexedDbKeeper } from '../../src/lib/workspace/keep-files.ts';
import { MAX_NAME, WorkspaceStore } from '../../src/lib/workspace/workspaces.ts';
import { importWorkspace, importedName } from '../../src/lib/workspace/share/store.ts';
import { parseWorkspaceFile } from '../../src/lib/workspace/share/validate.ts';

const shared = (name: string) =>
	parseWorkspaceFile(
		JSON.stringify({
			footfall_workspace: 1,
			name,
			exportedAt: '2026-01-01T00:00:00.000Z',
			dataset: null,
			anonymisation: { hashedIds: false, droppedColumns: [], k: null },
			segments: [],
			analyses: [],
			data: null
		})
	);

describe('the name of an imported workspace', () => {
	test('a file named like a workspace here opens as "(imported)", then "(imported 2)"; other names stay', async () => {
		const db = new FootfallDb('ws-import-name');
		const store = new WorkspaceStore(db, new IndexedDbKeeper(db));
		await store.create('My workspace');

		const first = await importWorkspace(store, shared('My workspace'), null);
		const second = await importWorkspace(store, shared('My workspace'), null);
		const other = await importWorkspace(store, shared('Retail 2011'), null);

		expect([first.name, second.name, other.name]).toEqual([
			'My workspace (imported)',
			'My workspace (imported 2)',
			'Retail 2011'
		]);
		expect((await store.list()).map((w) => w.name).sort()).toEqual(
			['My workspace', 'My workspace (imported)', 'My workspace (imported 2)', 'Retail 2011'].sort()
		);
	});

	test('a name at the longest length still gets a different name that fits', () => {
		const long = 'x'.repeat(MAX_NAME);
		const got = importedName(long, [long]);
		expect(got.length).toBeLessThanOrEqual(MAX_NAME);
		expect(got).toBe(`${'x'.repeat(MAX_NAME - ' (imported)'.length)} (imported)`);
		const third = importedName(long, [long, got]);
		expect(third).toBe(`${'x'.repeat(MAX_NAME - ' (imported 2)'.length)} (imported 2)`);
	});
});
