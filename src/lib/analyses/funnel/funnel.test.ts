/**
 * Funnels (SEMANTICS §3) against a brute-force reference over the rows (test/unit/support/funnel-reference.ts,
 * which tries every chain of events and shares no code with the compiler): every order, window edges,
 * per-step windows, optional and repeated steps, exclusions with filters, each breakdown attribution and
 * holding a property constant, in UTC and in a zone with daylight-saving changes for the trend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import type { FunnelResult } from './spec.ts';
import {
	actual,
	csv,
	edgeRows,
	expected,
	HOUR,
	makeRows,
	MIN,
	specOf
} from '../../../../test/unit/support/funnel-cases.ts';
import type { RefSpec } from '../../../../test/unit/support/funnel-reference.ts';

let duck: Database;
let dir: string;
const random = makeRows();
const rows = [...random, ...edgeRows(random.length)];

beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-funnel-'));
	await writeFile(path.join(dir, 'events.csv'), csv(rows));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const cores = new Map<string, Promise<EngineCore>>();
function load(timezone: string): Promise<EngineCore> {
	if (!cores.has(timezone))
		cores.set(
			timezone,
			(async () => {
				const core = new EngineCore(duck);
				await core.ingest([await nodeSource(path.join(dir, 'events.csv'))], {
					columns: { user: 'user', time: 'time', event: 'event' },
					timezone
				});
				return core;
			})()
		);
	return cores.get(timezone)!;
}

const base: RefSpec = {
	steps: [{ event: 'view' }, { event: 'cart' }, { event: 'buy' }],
	order: 'sequential',
	windowMs: HOUR,
	exclusions: [],
	breakdown: false,
	attribution: 'first_touch',
	hold: false,
	ttc: { fromStep: 0, toStep: 2, bins: 5 },
	period: 'week',
	tz: 'UTC'
};

const cases: [string, Partial<RefSpec>][] = [
	['sequential', {}],
	['strict', { order: 'strict' }],
	['any order', { order: 'any' }],
	[
		'any order, a repeated step',
		{ order: 'any', steps: [{ event: 'view' }, { event: 'cart' }, { event: 'view' }] }
	],
	[
		'a repeated step (view, cart, view, buy)',
		{
			steps: [{ event: 'view' }, { event: 'cart' }, { event: 'view' }, { event: 'buy' }],
			ttc: { fromStep: 1, toStep: 3, bins: 4 }
		}
	],
	[
		'consecutive repeats (view, view, cart)',
		{ steps: [{ event: 'view' }, { event: 'view' }, { event: 'cart' }] }
	],
	[
		'per-step window',
		{
			steps: [{ event: 'view' }, { event: 'cart', withinMs: 15 * MIN }, { event: 'buy', withinMs: 10 * MIN }]
		}
	],
	[
		'per-step window with repeats',
		{
			steps: [
				{ event: 'view' },
				{ event: 'cart', withinMs: 20 * MIN },
				{ event: 'view', withinMs: 20 * MIN },
				{ event: 'cart' }
			],
			ttc: { fromStep: 0, toStep: 3, bins: 5 }
		}
	],
	[
		'strict with a per-step window',
		{ order: 'strict', steps: [{ event: 'view' }, { event: 'cart', withinMs: 15 * MIN }, { event: 'buy' }] }
	],
	[
		'an optional step',
		{
			steps: [{ event: 'view' }, { event: 'search', optional: true }, { event: 'cart' }, { event: 'buy' }],
			ttc: { fromStep: 0, toStep: 3, bins: 5 }
		}
	],
	[
		'an optional step with a window, and one at the end',
		{
			steps: [
				{ event: 'view' },
				{ event: 'cart', optional: true, withinMs: 10 * MIN },
				{ event: 'buy' },
				{ event: 'search', optional: true }
			]
		}
	],
	[
		'property filters on steps',
		{ steps: [{ event: 'view', plan: 'x' }, { event: 'cart' }, { event: 'buy', plan: 'y' }] }
	],
	['an exclusion with a filter', { exclusions: [{ event: 'search', plan: 'x', fromStep: 0, toStep: 1 }] }],
	['an exclusion over the whole funnel', { exclusions: [{ event: 'search', fromStep: 0, toStep: 2 }] }],
	[
		'exclusions with per-step windows',
		{
			steps: [{ event: 'view' }, { event: 'cart', withinMs: 20 * MIN }, { event: 'buy' }],
			exclusions: [{ event: 'search', fromStep: 1, toStep: 2 }]
		}
	],
	['breakdown, first touch', { breakdown: true }],
	['breakdown, last touch', { breakdown: true, attribution: 'last_touch' }],
	['breakdown, all steps', { breakdown: true, attribution: 'all_steps' }],
	['breakdown, step 1 (cart)', { breakdown: true, attribution: { step: 1 } }],
	[
		'breakdown, an optional step',
		{
			breakdown: true,
			attribution: { step: 1 },
			steps: [{ event: 'view' }, { event: 'search', optional: true }, { event: 'cart' }],
			ttc: { fromStep: 0, toStep: 2, bins: 3 }
		}
	],
	['hold a property constant', { hold: true }],
	['hold constant, strict', { hold: true, order: 'strict' }],
	[
		'hold constant with per-step windows and all steps',
		{
			hold: true,
			breakdown: true,
			attribution: 'all_steps',
			steps: [{ event: 'view' }, { event: 'cart', withinMs: 30 * MIN }, { event: 'buy' }]
		}
	],
	['a long window, daily trend', { windowMs: 24 * HOUR, period: 'day' }],
	['trend by month in London', { period: 'month', tz: 'Europe/London' }],
	['trend by week in London', { tz: 'Europe/London', windowMs: 2 * HOUR }]
];

describe('funnel counts equal a brute-force reference over the rows', () => {
	for (const [name, change] of cases) {
		it(name, async () => {
			const r = { ...base, ...change };
			const core = await load(r.tz);
			const res = (await core.result(specOf(r))) as FunnelResult;
			expect(actual(res)).toEqual(expected(rows, r));
		});
	}
});

describe('window edges (hand-computed)', () => {
	const only = (res: FunnelResult, prefix: string) =>
		(res.users ?? [])
			.filter((u) => u.user.startsWith(prefix))
			.map((u) => [u.user, u.reached])
			.sort();
	it('counts a step exactly at the window, not one second past it', async () => {
		const res = (await (await load('UTC')).result(specOf(base))) as FunnelResult;
		expect(only(res, 'edge')).toEqual([
			['edge-in', 2],
			['edge-out', 1]
		]);
	});
	it('counts a step exactly at its per-step window, not one second past it', async () => {
		const r = {
			...base,
			steps: [{ event: 'view' }, { event: 'cart', withinMs: 15 * MIN }, { event: 'buy' }]
		};
		const res = (await (await load('UTC')).result(specOf(r))) as FunnelResult;
		expect(only(res, 'step')).toEqual([
			['step-in', 2],
			['step-out', 0]
		]);
	});
});
