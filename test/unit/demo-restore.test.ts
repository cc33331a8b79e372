import { describe, expect, test } from 'vitest';
import { WorkbenchModel } from '../../src/lib/components/workbench/WorkbenchModel.svelte.ts';
import { backgroundDownload, FakeEngine, file, kept, settle } from './support/fake-engine.ts';

/**
 * The demo on a first visit (issue 14): its prepared report is on screen before anything is downloaded, and
 * its data (the CSV) reaches the engine behind it, as a reopen's does.
 */
describe('the demo: its report at once, its data behind it', () => {
	test('the report and summaries are on screen before the download ends; the CSV then goes to the engine', async () => {
		const engine = new FakeEngine();
		const model = new WorkbenchModel(engine);
		const demo = backgroundDownload();
		const opened = model.restore('Demo web shop', demo.get, kept('demo-shop.csv'));
		expect(model.report?.rows).toBe('demo-shop.csv'.length);
		expect(model.derived?.sessions).toBe(9);
		expect(model.restoring).toBe('demo-shop.csv');
		expect(engine.expected).toEqual(['demo-shop.csv']);
		// Named in the header once its data is in; until then it is loading.
		expect(model.source).toBeNull();
		expect(model.loadingLabel).toBe('Demo web shop');
		await settle();
		expect(engine.calls).toEqual([]);
		demo.arrive();
		await settle();
		expect(engine.calls.map((c) => c.name)).toEqual(['demo-shop.csv']);
		engine.finish('demo-shop.csv');
		expect(await opened).toBe(true);
		expect(model.source?.label).toBe('Demo web shop');
		expect(model.restoring).toBeNull();
		expect(model.derived?.sessions).toBe(9);
		expect(model.notice).toBeNull();
	});

	test('a file dropped while the demo downloads takes its report off, stops the download, and stays', async () => {
		const engine = new FakeEngine();
		const model = new WorkbenchModel(engine);
		const demo = backgroundDownload();
		const opened = model.restore('Demo web shop', demo.get, kept('demo-shop.csv'));
		const mine = model.open([file('mine.csv')]);
		expect(model.report).toBeNull();
		expect(engine.expected).toEqual(['demo-shop.csv', '']);
		expect(demo.aborted()).toBe(true);
		demo.arrive();
		expect(await opened).toBe(false);
		await settle();
		engine.finish('mine.csv');
		expect(await mine).toBe(true);
		expect(engine.calls.map((c) => c.name)).toEqual(['mine.csv']);
		expect(model.source?.label).toBe('mine.csv');
		expect(model.report?.rows).toBe('mine.csv'.length);
	});

	test('a demo download that fails takes the report off and says why', async () => {
		const engine = new FakeEngine();
		const model = new WorkbenchModel(engine);
		const opened = model.restore(
			'Demo web shop',
			() => Promise.reject(new Error('The demo dataset could not be loaded (HTTP 404).')),
			kept('demo-shop.csv')
		);
		expect(await opened).toBe(false);
		expect(model.report).toBeNull();
		expect(engine.expected).toEqual(['demo-shop.csv', '']);
		expect(model.error).toMatch(/HTTP 404/);
	});
});
