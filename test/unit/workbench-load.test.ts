import { describe, expect, test } from 'vitest';
import { MemorySegmentStore } from '../../src/lib/workspace/segments.ts';
import { WorkbenchModel } from '../../src/lib/components/workbench/WorkbenchModel.svelte.ts';
import { backgroundDownload, FakeEngine, file, kept, settle } from './support/fake-engine.ts';

describe('a background load never overrides the user', () => {
	test('a file picked while the demo downloads cancels the download; the demo never loads', async () => {
		const engine = new FakeEngine();
		const model = new WorkbenchModel(engine);
		const demo = backgroundDownload();
		const demoLoad = model.load('Demo web shop', demo.get, 'background');
		const userLoad = model.open([file('mine.csv')]);
		expect(demo.aborted()).toBe(true);
		demo.arrive();
		await settle();
		engine.finish('mine.csv');
		expect(await userLoad).toBe(true);
		expect(await demoLoad).toBe(false);
		expect(engine.calls.map((c) => c.name)).toEqual(['mine.csv']);
		expect(engine.holds).toBe('mine.csv');
		expect(model.source?.label).toBe('mine.csv');
	});

	test('a file picked while the demo is read cancels that read; the demo result is never shown', async () => {
		const engine = new FakeEngine();
		const model = new WorkbenchModel(engine);
		const demo = backgroundDownload();
		const demoLoad = model.load('Demo web shop', demo.get, 'background');
		demo.arrive();
		await settle();
		expect(engine.calls.map((c) => c.name)).toEqual(['demo-shop.csv']);
		const userLoad = model.open([file('mine.csv')]);
		expect(engine.calls[0].signal?.aborted).toBe(true);
		expect(await demoLoad).toBe(false);
		await settle();
		engine.finish('mine.csv');
		expect(await userLoad).toBe(true);
		expect(engine.holds).toBe('mine.csv');
		expect(model.source?.label).toBe('mine.csv');
		expect(model.loading).toBe(false);
	});

	test('once the user has picked a file, the demo does not start, even after that load is over', async () => {
		const engine = new FakeEngine();
		const model = new WorkbenchModel(engine);
		const userLoad = model.open([file('mine.csv')]);
		await settle();
		const demo = backgroundDownload();
		expect(await model.load('Demo web shop', demo.get, 'background')).toBe(false);
		expect(engine.calls[0].signal?.aborted).toBe(false);
		engine.finish('mine.csv');
		expect(await userLoad).toBe(true);
		expect(await model.load('Demo web shop', backgroundDownload().get, 'background')).toBe(false);
		expect(engine.calls.map((c) => c.name)).toEqual(['mine.csv']);
	});

	test('the user choosing the demo (the Demo data button) is a user action: the newest choice wins', async () => {
		const engine = new FakeEngine();
		const model = new WorkbenchModel(engine);
		const first = model.open([file('mine.csv')]);
		await settle();
		const demo = backgroundDownload();
		const second = model.load('Demo web shop', demo.get, 'user');
		expect(engine.calls[0].signal?.aborted).toBe(true);
		demo.arrive();
		await settle();
		engine.finish('demo-shop.csv');
		expect(await first).toBe(false);
		expect(await second).toBe(true);
		expect(model.source?.label).toBe('Demo web shop');
	});

	test('a cancelled load leaves the dataset in force as it was', async () => {
		const engine = new FakeEngine();
		const model = new WorkbenchModel(engine);
		const first = model.open([file('first.csv')]);
		await settle();
		engine.finish('first.csv');
		await first;
		const report = model.report;
		const second = model.open([file('second.csv')]);
		model.cancel();
		expect(await second).toBe(false);
		expect(model.report).toBe(report);
		expect(model.source?.label).toBe('first.csv');
		expect(model.error).toBeNull();
		expect(model.loading).toBe(false);
	});
});

describe('reopening a workspace: the kept report at once, the data behind it (issue 13)', () => {
	const request = (name: string) => ({ files: [file(name)], input: {} });

	test('the kept report is on screen before the data is back; the same data keeps it, summaries and all', async () => {
		const engine = new FakeEngine();
		const model = new WorkbenchModel(engine);
		const asked: string[] = [];
		engine.derived = () => (asked.push('derived'), new Promise<never>(() => {}));
		const restore = model.restore('shop.csv', request('shop.csv'), kept('shop.csv'));
		expect(model.report?.rows).toBe(8);
		expect(model.restoring).toBe('shop.csv');
		expect(model.loading).toBe(true);
		expect(model.derived?.sessions).toBe(9);
		await settle();
		engine.finish('shop.csv');
		expect(await restore).toBe(true);
		expect(model.restoring).toBeNull();
		expect(model.report?.rows).toBe(8);
		expect(model.fingerprint).toBe('shop.csv');
		expect(model.derived?.sessions).toBe(9);
		expect(asked).toEqual([]);
		expect(model.notice).toBeNull();
	});

	test('a file dropped during the restore takes the kept report off at once and is never replaced', async () => {
		const engine = new FakeEngine();
		const model = new WorkbenchModel(engine);
		const restore = model.restore('shop.csv', request('shop.csv'), kept('shop.csv'));
		await settle();
		const mine = model.open([file('mine.csv')]);
		expect(model.report).toBeNull();
		expect(model.restoring).toBeNull();
		expect(engine.calls[0].signal?.aborted).toBe(true);
		expect(await restore).toBe(false);
		await settle();
		engine.finish('mine.csv');
		expect(await mine).toBe(true);
		expect(model.report?.rows).toBe('mine.csv'.length);
		expect(model.source?.label).toBe('mine.csv');
		expect(engine.holds).toBe('mine.csv');
	});

	test('a file dropped before the restore starts: the kept report is never shown', async () => {
		const engine = new FakeEngine();
		const model = new WorkbenchModel(engine);
		const mine = model.open([file('mine.csv')]);
		expect(await model.restore('shop.csv', request('shop.csv'), kept('shop.csv'))).toBe(false);
		expect(model.report).toBeNull();
		await settle();
		engine.finish('mine.csv');
		expect(await mine).toBe(true);
		expect(model.source?.label).toBe('mine.csv');
		expect(engine.calls.map((c) => c.name)).toEqual(['mine.csv']);
	});

	test('data that reads differently from its kept report: the notice says so, the fresh report stays', async () => {
		const engine = new FakeEngine();
		const model = new WorkbenchModel(engine);
		// Kept under another fingerprint than the load will find.
		const restore = model.restore('shop.csv', request('shop.csv'), kept('shop-old.csv'));
		expect(model.report?.rows).toBe('shop-old.csv'.length);
		await settle();
		engine.finish('shop.csv');
		expect(await restore).toBe(true);
		expect(model.report?.rows).toBe('shop.csv'.length);
		expect(model.fingerprint).toBe('shop.csv');
		expect(model.derived).toBeNull();
		expect(model.notice).toMatch(/^shop\.csv reads differently from when it was kept/);
	});

	test('a restore that fails takes the kept report off: no report for data that is not there', async () => {
		const engine = new FakeEngine();
		const model = new WorkbenchModel(engine);
		const restore = model.restore('shop.csv', request('shop.csv'), kept('shop.csv'));
		await settle();
		engine.calls[0].done.reject(new Error('The file could not be read.'));
		expect(await restore).toBe(false);
		expect(model.report).toBeNull();
		expect(model.source).toBeNull();
		expect(model.restoring).toBeNull();
		expect(model.error).toMatch(/could not be read/);
	});
});

describe('saved segments at startup (the layout calls loadSegments)', () => {
	const active = { did: null, within: { last: 7, unit: 'day' } } as const;

	test('segments saved in an earlier visit are read back and can be applied', async () => {
		const store = new MemorySegmentStore();
		const earlier = new WorkbenchModel(new FakeEngine());
		await earlier.loadSegments(store);
		const saved = await earlier.saveSegment('Active this week', active);

		// A new visit: a new model over the same store.
		const model = new WorkbenchModel(new FakeEngine());
		expect(model.segments).toEqual([]);
		await model.loadSegments(store);
		expect(model.segments.map((s) => [s.id, s.name])).toEqual([[saved.id, 'Active this week']]);
		model.useSegment(saved.id, true);
		expect(model.scope.segment).toEqual({ rule: saved.rule, compare: true });
		await model.deleteSegment(saved.id);
		expect(model.scope.segment).toBeNull();
		expect(await store.list()).toEqual([]);
	});

	test('storage that cannot be read is a notice; the workbench still works', async () => {
		const broken = new MemorySegmentStore();
		broken.list = () => Promise.reject(new Error('The operation failed because IndexedDB is unavailable'));
		const model = new WorkbenchModel(new FakeEngine());
		await model.loadSegments(broken);
		expect(model.segments).toEqual([]);
		expect(model.error).toBeNull();
		expect(model.notice).toMatch(/^Saved segments could not be read: .*IndexedDB is unavailable/);
	});
});
