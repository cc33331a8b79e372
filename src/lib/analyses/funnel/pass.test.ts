/**
 * The pass in JavaScript (pass.ts) against the single SQL query it replaced (compile.ts's chain), on the same
 * engine: equal results, medians and all, for every sequential funnel the pass takes, on the funnel fixture
 * rows written in shuffled file order (so the engine returns each user's events out of time order and
 * order.ts must sort them). The brute-force reference checks both in funnel.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import type { EngineCore } from '../../engine/core.ts';
import { edgeRows, makeRows } from '../../../../test/unit/support/funnel-cases.ts';
import { funnelEngine } from '../../../../test/unit/support/funnel-engine.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import { compileFunnel } from './compile.ts';
import { passApplies } from './pass.ts';
import { shapeFunnel } from './shape.ts';
import { parseFunnel, type FunnelResult, type FunnelSpecInput } from './spec.ts';

let core: EngineCore;
let dispose: () => Promise<void>;

beforeAll(async () => {
	const random = makeRows();
	const rows = [...random, ...edgeRows(random.length)];
	const rand = mulberry32(11);
	for (let i = rows.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[rows[i], rows[j]] = [rows[j], rows[i]];
	}
	({ core, dispose } = await funnelEngine('pass', rows));
});
afterAll(() => dispose());

const ctx = {
	weekStart: 'monday' as const,
	timezone: 'UTC',
	lastEventMs: null,
	columns: ['user', 'time', 'event', 'plan', 'pid']
};
const plan = (value: string) => [{ column: 'plan', op: '=' as const, value }];
const cases: Record<string, Omit<FunnelSpecInput, 'kind'>> = {
	'three steps': { steps: ['view', 'cart', 'buy'], window: { value: 2, unit: 'hour' } },
	'repeated steps': { steps: ['view', 'view', 'cart', 'view', 'buy'], window: { value: 3, unit: 'hour' } },
	'step filters matching one event twice': {
		steps: [{ event: 'view' }, { event: 'view', where: plan('x') }, 'cart'],
		trendPeriod: 'day'
	},
	'breakdown, first touch, per user': { steps: ['view', 'cart', 'buy'], breakdown: 'plan', perUser: true },
	'breakdown, last touch': {
		steps: ['view', 'cart', 'buy'],
		breakdown: 'pid',
		breakdownAttribution: 'last_touch'
	},
	'breakdown by step 2': {
		steps: ['view', 'cart', 'buy'],
		breakdown: 'plan',
		breakdownAttribution: { step: 1 }
	},
	'time to convert between middle steps, by month': {
		steps: ['search', 'view', 'cart', 'buy'],
		timeToConvert: { fromStep: 1, toStep: 2, bins: 10 },
		trendPeriod: 'month'
	}
};

const sorted = (r: FunnelResult) => ({
	...r,
	users: r.users?.toSorted((a, b) => (a.user < b.user ? -1 : 1))
});

describe('funnel pass', () => {
	for (const [name, input] of Object.entries(cases))
		it(name, async () => {
			const spec = parseFunnel({ kind: 'funnel', ...input });
			expect(passApplies(spec)).toBe(true);
			const sql = shapeFunnel(tableFromIPC(await core.duck.ipc(compileFunnel(spec, ctx))), spec);
			const pass = (await core.result(spec)) as FunnelResult;
			expect(sorted(pass)).toEqual(sorted(sql));
			expect(pass.steps[0].users).toBeGreaterThan(0);
		});

	it('leaves the other funnels to SQL', () => {
		const steps = ['view', 'cart'];
		for (const other of [
			{ steps, order: 'strict' },
			{ steps, order: 'any' },
			{ steps: ['view', { event: 'cart', within: { value: 1, unit: 'hour' } }] },
			{ steps: ['view', { event: 'search', optional: true }, 'cart'] },
			{ steps, exclusions: [{ event: 'search', fromStep: 0, toStep: 1 }] },
			{ steps, hold: 'pid' },
			{ steps, breakdown: 'plan', breakdownAttribution: 'all_steps' },
			{ steps: Array.from({ length: 31 }, () => 'view') }
		] as Omit<FunnelSpecInput, 'kind'>[])
			expect(passApplies(parseFunnel({ kind: 'funnel', ...other }))).toBe(false);
	});
});
