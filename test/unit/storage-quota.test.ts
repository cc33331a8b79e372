/**
 * Storage (issue 13): "a quota error is explained and loses nothing already stored; ask the browser for
 * persistent storage". Through the tab's own WorkspaceSession: a first file is kept, a second file meets a
 * full quota (a stub of the keeper's write, as the browser throws it), and the page says why in words while
 * the first file, its dataset and the workspace stay as they were.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { WorkspaceSession } from '../../src/lib/components/workspace/WorkspaceSession.svelte.ts';
import { IndexedDbKeeper } from '../../src/lib/workspace/keep-files.ts';
import { isQuotaError, notKeptMessage } from '../../src/lib/workspace/storage-messages.ts';
import type {
	DatasetSource,
	WorkbenchModel
} from '../../src/lib/components/workbench/WorkbenchModel.svelte.ts';

let persistAsked = 0;
beforeAll(() => {
	const items = new Map<string, string>();
	vi.stubGlobal('sessionStorage', {
		getItem: (k: string) => items.get(k) ?? null,
		setItem: (k: string, v: string) => void items.set(k, v),
		removeItem: (k: string) => void items.delete(k)
	});
	// navigator.storage as Chromium has it, minus OPFS (so files go to IndexedDB, which the stub fills up).
	vi.stubGlobal('navigator', {
		storage: {
			persisted: async () => false,
			persist: async () => {
				persistAsked++;
				return true;
			},
			estimate: async () => ({ usage: 2 * 1024 ** 3, quota: 2 * 1024 ** 3 })
		}
	});
});
afterAll(() => vi.unstubAllGlobals());

const source = (name: string, text: string): DatasetSource =>
	({
		label: name,
		files: [new File([text], name, { type: 'text/csv', lastModified: 1_700_000_000_000 })],
		input: { columns: { user: 'user', time: 'time' } }
	}) as unknown as DatasetSource;

describe('a full quota', () => {
	test('a quota error while keeping a dropped file is explained, and loses nothing kept before', async () => {
		const model = {
			notice: null as string | null,
			onLoaded: null as null | ((s: DatasetSource, fp: string, o: string) => void),
			loadSegments: async () => {},
			load: async () => {}
		};
		const session = new WorkspaceSession();
		await session.start(model as unknown as WorkbenchModel);
		const store = session.store!;
		const id = session.current!.id;

		model.onLoaded!(source('first.csv', 'user,time\na,1\n'), 'fp-1', 'user');
		await vi.waitUntil(async () => (await store.get(id))?.dataset?.fingerprint === 'fp-1');
		await vi.waitUntil(() => !session.keeping);
		// The browser was asked to keep the site's storage, and said yes.
		expect(persistAsked).toBe(1);
		expect(session.persisted).toBe(true);
		expect(session.current?.dataset).toMatchObject({ label: 'first.csv', stored: true, bytes: 14 });

		const write = vi
			.spyOn(IndexedDbKeeper.prototype, 'write')
			.mockRejectedValue(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
		model.onLoaded!(source('second.csv', 'user,time\nb,2\nc,3\n'), 'fp-2', 'user');
		await vi.waitUntil(() => model.notice !== null);
		expect(write).toHaveBeenCalled();
		expect(model.notice).toBe(
			"second.csv is loaded, but it could not be kept for your next visit: the browser's storage for this site is full (2.0 GB of 2.0 GB used). Everything kept before is unchanged. Free a kept dataset on the Data page (or in another workspace) to make room, or drop the file again next time."
		);
		// Nothing lost: the first file is still kept and still the workspace's dataset.
		const kept = await store.keptFiles(id);
		expect(await kept?.[0].text()).toBe('user,time\na,1\n');
		expect((await store.get(id))?.dataset).toMatchObject({ label: 'first.csv', fingerprint: 'fp-1' });
		expect(await store.db.files.count()).toBe(1);
		write.mockRestore();
	});

	test('a quota error is recognised however the browser or Dexie wraps it', () => {
		const dom = new DOMException('x', 'QuotaExceededError');
		const wrapped = Object.assign(new Error('AbortError'), { name: 'AbortError', inner: dom });
		expect([dom, wrapped, new Error('Quota exceeded')].map(isQuotaError)).toEqual([true, true, true]);
		expect(isQuotaError(new Error('The operation failed'))).toBe(false);
		expect(notKeptMessage('a.csv', new Error('The operation failed'))).toMatch(
			/^a\.csv is loaded, but it could not be kept for your next visit: the browser's storage is unavailable \(The operation failed\)\. Everything kept before is unchanged\./
		);
	});
});
