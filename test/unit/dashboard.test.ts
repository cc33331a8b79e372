import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import {
	moved,
	pinnedSpec,
	samePinned,
	tileSearch,
	tileSpec,
	takesScope
} from '../../src/lib/analyses/dashboard.ts';
import { readUrlAnalysis, readUrlTab, writeUrlTab } from '../../src/lib/analyses/url-state.ts';
import { ANALYSES, findAnalysis } from '../../src/lib/analyses/registry.ts';
import { tileOf } from '../../src/lib/analyses/tiles.ts';
import { FootfallDb } from '../../src/lib/workspace/db.ts';
import { IndexedDbKeeper } from '../../src/lib/workspace/keep-files.ts';
import { WorkspaceStore } from '../../src/lib/workspace/workspaces.ts';
import type { Scope } from '../../src/lib/spec/scope.ts';

const scope: Scope = {
	dateRange: { from: '2024-02-01', to: '2024-02-29' },
	segment: { rule: { users: ['u1', 'u2'] }, compare: true }
};

describe('a pinned analysis keeps its settings, not its scope', () => {
	test('the pin drops the date range and segment and fills the defaults', () => {
		const { kind, spec } = pinnedSpec({
			kind: 'trend',
			event: 'buy',
			period: 'month',
			dateRange: { last: 7, unit: 'day' },
			segment: { rule: { users: ['x'] } }
		});
		expect(kind).toBe('trend');
		expect(spec).toEqual(findAnalysis('trend')!.parse({ kind: 'trend', event: 'buy', period: 'month' }));
		expect(spec.dateRange).toBeNull();
		expect(spec.segment).toBeNull();
	});

	test('an unknown kind and a bad field are refused by name', () => {
		expect(() => pinnedSpec({ kind: 'nope' })).toThrow(/no analysis of kind "nope"/);
		expect(() => pinnedSpec({ kind: 'trend', period: 'fortnight' })).toThrow(/period/);
	});

	test('the analysis on screen is found pinned whatever its scope, and not once a setting changes', () => {
		const saved = pinnedSpec({ kind: 'trend', event: 'buy' });
		expect(samePinned(saved, { kind: 'trend', event: 'buy', dateRange: { last: 3, unit: 'week' } })).toBe(
			true
		);
		expect(samePinned(saved, { kind: 'trend', event: 'buy', measure: 'users' })).toBe(false);
		expect(samePinned(saved, { kind: 'lifecycle', event: 'buy' })).toBe(false);
		expect(samePinned(saved, { kind: 'trend', period: 'fortnight' })).toBe(false);
	});
});

describe('a tile runs its spec with the workspace scope merged in', () => {
	test('the date range and segment of the dashboard replace the kept ones; compare is left to the full analysis', () => {
		const kept = pinnedSpec({ kind: 'trend', event: 'buy' }).spec;
		const run = tileSpec(kept, scope);
		expect(run.dateRange).toEqual(scope.dateRange);
		expect(run.segment).toEqual({ rule: { users: ['u1', 'u2'] } });
		expect(run.event).toBe('buy');
		// What the engine parses and hashes: the merged spec is a valid trend.
		expect(findAnalysis('trend')!.parse(run)).toMatchObject({ dateRange: scope.dateRange });
	});

	test('no scope: the tile runs for all days and users', () => {
		const run = tileSpec(pinnedSpec({ kind: 'stickiness' }).spec, { dateRange: null, segment: null });
		expect(run.dateRange).toBeNull();
		expect(run.segment).toBeNull();
	});

	test('a kind without scope fields (segment overlap) runs as kept', () => {
		const kept = pinnedSpec({
			kind: 'overlap',
			segments: [
				{ name: 'a', rule: { users: ['u1'] } },
				{ name: 'b', rule: { users: ['u2'] } }
			]
		}).spec;
		expect(takesScope(kept)).toBe(false);
		expect(tileSpec(kept, scope)).toBe(kept);
	});
});

describe('the link of a tile opens its full analysis on its tab', () => {
	test('spec with the scope, the saved segment by id, and the tab read back from the address', () => {
		const kept = pinnedSpec({ kind: 'trend', event: 'buy', period: 'day' }).spec;
		const search = tileSearch(kept, scope, 'seg-1', 'table');
		const read = readUrlAnalysis(search, 'trend');
		expect(read.spec).toEqual({ ...kept, dateRange: scope.dateRange });
		expect(read.segmentId).toBe('seg-1');
		expect(read.compare).toBe(true);
		expect(readUrlTab(search, ['chart', 'table'])).toBe('table');
	});

	test('a tab the page does not have, or a hostile one, is ignored', () => {
		expect(readUrlTab('?tab=curves', ['chart', 'table'])).toBeNull();
		expect(readUrlTab('?tab=%3Cscript%3E', ['chart', '<script>'])).toBeNull();
		expect(writeUrlTab('?a=1&tab=table', null)).toBe('?a=1');
		expect(writeUrlTab('?a=1', 'x y')).toBe('?a=1');
		expect(new URLSearchParams(writeUrlTab('?spec=%7B%7D', 'table')).get('spec')).toBe('{}');
	});
});

describe('moving a tile', () => {
	test('up, down, and not past either end', () => {
		expect(moved(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
		expect(moved(['a', 'b', 'c'], 'a', 1)).toEqual(['b', 'a', 'c']);
		expect(moved(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
		expect(moved(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c']);
		expect(moved(['a', 'b'], 'z', 1)).toEqual(['a', 'b']);
	});

	test('the new order is what the store keeps: pinned tiles in order, an unpinned analysis untouched', async () => {
		const db = new FootfallDb('dashboard-order');
		const ws = new WorkspaceStore(db, new IndexedDbKeeper(db));
		const w = await ws.create('Shop');
		const store = ws.analyses(w.id);
		const a = await store.add({ spec: { kind: 'trend' }, pinned: true });
		const loose = await store.add({ spec: { kind: 'lifecycle' } });
		const b = await store.add({ spec: { kind: 'stickiness' }, pinned: true });
		const c = await store.add({ spec: { kind: 'trend', period: 'day' }, pinned: true });
		const ids = (await store.pinned()).map((x) => x.id);
		expect(ids).toEqual([a.id, b.id, c.id]);
		await store.reorder(moved(ids, c.id, -2));
		expect((await store.pinned()).map((x) => x.id)).toEqual([c.id, a.id, b.id]);
		expect((await store.list()).map((x) => x.id)).toContain(loose.id);
		expect((await store.pinned()).map((x) => x.id)).not.toContain(loose.id);
	});
});

describe('tiles draw with their own chart', () => {
	test('every analysis of the registry has a tile', () => {
		for (const { kind } of ANALYSES) expect(tileOf(kind), kind).not.toBeNull();
		expect(tileOf('nope')).toBeNull();
	});

	test('the trend headline sums the events of every period, by hand', () => {
		const result = {
			period: 'week',
			measure: 'events',
			series: [
				{
					key: null,
					points: [
						{ period: '2024-01-01', value: 3 },
						{ period: '2024-01-08', value: 0 },
						{ period: '2024-01-15', value: 1204 }
					]
				}
			]
		};
		const spec = findAnalysis('trend')!.parse({ kind: 'trend' });
		const draw = tileOf('trend')!(result, spec, ['#000']);
		expect(draw.headline).toBe('1,207 events');
		expect(draw.option).not.toBeNull();
	});

	test('unique users are not summed over periods: the trend headline gives the last period', () => {
		const result = {
			period: 'week',
			measure: 'users',
			series: [
				{
					key: null,
					points: [
						{ period: '2024-01-01', value: 3 },
						{ period: '2024-01-08', value: 5 }
					]
				}
			]
		};
		const spec = findAnalysis('trend')!.parse({ kind: 'trend', measure: 'users' });
		expect(tileOf('trend')!(result, spec, []).headline).toBe('5 users in 2024-01-08');
	});
});
