/**
 * Funnels where events share a timestamp, and users who never get past step 1 (SEMANTICS §3: events are
 * ordered by time, then file position; a repeated step must happen strictly later; the counted attempt is the
 * earliest of equals). Against the brute-force reference over the rows (test/unit/support/funnel-reference.ts,
 * no code shared with the compiler), plus hand-computed users. The list-based sequential matcher (chain.ts)
 * finds the next event by counting earlier events in time, so equal times are where it can go wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineCore } from '../../engine/core.ts';
import type { FunnelResult } from './spec.ts';
import { actual, expected, HOUR, MIN, specOf } from '../../../../test/unit/support/funnel-cases.ts';
import { funnelEngine } from '../../../../test/unit/support/funnel-engine.ts';
import type { FRow, RefSpec } from '../../../../test/unit/support/funnel-reference.ts';

const T = Date.UTC(2025, 5, 2, 12);
const DAY = 24 * HOUR;

/** Users with equal times, in file order (a row's position is its `row`). */
function tieRows(): FRow[] {
	const raw: [string, number, string, string | null, string | null][] = [
		// Only step-1 events, in two weeks: reaches step 0, enters two trend periods, converts in none.
		['only-views', T, 'view', 'x', '1'],
		['only-views', T + 8 * DAY, 'view', 'x', '1'],
		['only-views', T + 8 * DAY, 'view', 'y', '1'],
		// cart at the very time of the view (and earlier in the file): "at or after" the view, so it counts.
		['tie-vc', T, 'cart', 'x', '1'],
		['tie-vc', T, 'view', 'x', '1'],
		['tie-vc', T + MIN, 'buy', 'x', '1'],
		// Two views at one time: with steps view, view, cart the second view must be strictly later.
		['tie-vv', T, 'view', 'x', '1'],
		['tie-vv', T, 'view', 'y', '1'],
		['tie-vv', T + MIN, 'cart', 'x', '1'],
		// Two starts at one time: the earliest of equals is the first in the file (plan y).
		['tie-starts', T, 'view', 'y', '2'],
		['tie-starts', T, 'view', 'x', '1'],
		['tie-starts', T + MIN, 'cart', 'x', '1'],
		['tie-starts', T + MIN, 'cart', 'y', '2'],
		['tie-starts', T + 2 * MIN, 'buy', 'y', '2'],
		// cart and buy at one time after the view, buy first in the file.
		['tie-cb', T, 'view', 'x', '1'],
		['tie-cb', T + MIN, 'buy', 'y', '1'],
		['tie-cb', T + MIN, 'cart', 'x', '1'],
		['tie-cb', T + MIN, 'search', 'x', '1'],
		// Three carts at one time between two views, one view at that time too.
		['tie-many', T, 'view', 'x', '1'],
		['tie-many', T + MIN, 'cart', 'y', '1'],
		['tie-many', T + MIN, 'view', 'x', '2'],
		['tie-many', T + MIN, 'cart', 'x', '2'],
		['tie-many', T + MIN, 'cart', null, '1'],
		['tie-many', T + 2 * MIN, 'view', 'y', '1'],
		['tie-many', T + 2 * MIN, 'buy', 'x', '1'],
		['tie-many', T + 2 * MIN, 'buy', 'y', '2']
	];
	return raw.map(([user, t, event, plan, pid], row) => ({ row, user, t, event, plan, pid }));
}

const rows = tieRows();
let core: EngineCore;
let dispose: () => Promise<void>;

beforeAll(async () => {
	({ core, dispose } = await funnelEngine('ties', rows));
});
afterAll(() => dispose());

const base: RefSpec = {
	steps: [{ event: 'view' }, { event: 'cart' }, { event: 'buy' }],
	order: 'sequential',
	windowMs: HOUR,
	exclusions: [],
	breakdown: false,
	attribution: 'first_touch',
	hold: false,
	ttc: { fromStep: 0, toStep: 2, bins: 3 },
	period: 'week',
	tz: 'UTC'
};

const run = async (r: RefSpec) => (await core.result(specOf(r))) as FunnelResult;
const reachedOf = (res: FunnelResult) => new Map((res.users ?? []).map((u) => [u.user, u.reached]));

describe('funnels on equal times equal the brute-force reference', () => {
	const cases: [string, Partial<RefSpec>][] = [
		['sequential', {}],
		['view, view, cart', { steps: [{ event: 'view' }, { event: 'view' }, { event: 'cart' }] }],
		[
			'view, cart, view, buy',
			{
				steps: [{ event: 'view' }, { event: 'cart' }, { event: 'view' }, { event: 'buy' }],
				ttc: { fromStep: 0, toStep: 3, bins: 3 }
			}
		],
		['strict', { order: 'strict' }],
		['any order', { order: 'any' }],
		['breakdown, first touch', { breakdown: true }],
		['breakdown, last touch', { breakdown: true, attribution: 'last_touch' }],
		['breakdown, all steps', { breakdown: true, attribution: 'all_steps' }],
		['breakdown, step 1', { breakdown: true, attribution: { step: 1 } }],
		['hold a property constant', { hold: true }],
		['an exclusion at the same time', { exclusions: [{ event: 'search', fromStep: 0, toStep: 2 }] }],
		[
			'an optional step',
			{
				steps: [{ event: 'view' }, { event: 'cart', optional: true }, { event: 'buy' }],
				ttc: { fromStep: 0, toStep: 2, bins: 3 }
			}
		],
		['a one-week window, daily trend', { windowMs: 7 * DAY, period: 'day' }]
	];
	for (const [name, change] of cases)
		it(name, async () => {
			const r = { ...base, ...change };
			expect(actual(await run(r))).toEqual(expected(rows, r));
		});
});

describe('equal times, hand-computed', () => {
	it('counts a step at the very time of the previous one, and a user with only step-1 events at step 0', async () => {
		const reached = reachedOf(await run(base));
		expect(reached.get('tie-vc')).toBe(2);
		expect(reached.get('tie-cb')).toBe(2);
		expect(reached.get('only-views')).toBe(0);
	});
	it('does not count a repeated step at the same time as its first occurrence', async () => {
		const r = { ...base, steps: [{ event: 'view' }, { event: 'view' }, { event: 'cart' }] };
		const reached = reachedOf(await run(r));
		expect(reached.get('tie-vv')).toBe(0);
		expect(reached.get('tie-many')).toBe(2);
	});
	it('takes the breakdown value from the first of equal step-1 events in the file', async () => {
		const res = await run({ ...base, breakdown: true });
		const y = res.breakdowns.find((b) => b.value === 'y')!;
		const x = res.breakdowns.find((b) => b.value === 'x')!;
		// y: tie-starts (plan y first in the file). x: only-views (step 0), tie-vv (its first view, step 1),
		// tie-vc, tie-cb, tie-many (step 2).
		expect(y.steps.map((s) => s.users)).toEqual([1, 1, 1]);
		expect(x.steps.map((s) => s.users)).toEqual([5, 4, 3]);
	});
	it('enters a user with only step-1 events in every period of them, converted in none', async () => {
		const res = await run(base);
		const points = res.trend.points.filter((p) => p.entered > 0);
		// Week of Monday 2 June 2025: all six users, four reach buy; week of 9 June: only-views alone.
		expect(points.map((p) => [p.period, p.entered, p.converted])).toEqual([
			['2025-06-02', 6, 4],
			['2025-06-09', 1, 0]
		]);
	});
});
