/**
 * The fields every analysis accepts (SEMANTICS §1b) on real engine runs: a date range counted back from the
 * last event, and a segment, applied to trends and retention and checked against plain computations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../engine/node-duck.ts';
import { EngineCore } from '../engine/core.ts';
import type { Database } from '../engine/duck.ts';
import { resolveDateRange } from './scope.ts';
import type { TrendResult } from '../analyses/trend/spec.ts';

const DAY = 86_400_000;
const END = Date.UTC(2025, 2, 31, 18, 30);

/** 40 users, one event a day each for 60 days before END, buyers on even days. */
const rows = Array.from({ length: 40 * 60 }, (_, i) => {
	const u = i % 40;
	const d = Math.floor(i / 40);
	return { user: `u${u}`, t: END - d * DAY - u * 60_000, event: d % 2 === 0 ? 'buy' : 'view' };
});

let dir: string;
let duck: Database;
beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-scope-'));
	duck = await createNodeDuck();
	const csv = ['user,time,event', ...rows.map((r) => `${r.user},${new Date(r.t).toISOString()},${r.event}`)];
	await writeFile(path.join(dir, 'all.csv'), csv.join('\n') + '\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(file: string, filters: { column: string; op: 'in'; value: string[] }[] = []) {
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(path.join(dir, file))], {
		columns: { user: 'user', time: 'time', event: 'event' },
		filters
	});
	return core;
}

describe('date ranges count back from the last event', () => {
	it('last N days, weeks and months end on the day of the last event', () => {
		const ctx = { timezone: 'UTC', lastEventMs: END };
		expect(resolveDateRange({ last: 7, unit: 'day' }, ctx)).toEqual({ from: '2025-03-25', to: '2025-03-31' });
		expect(resolveDateRange({ last: 2, unit: 'week' }, ctx)).toEqual({
			from: '2025-03-18',
			to: '2025-03-31'
		});
		expect(resolveDateRange({ last: 1, unit: 'month' }, ctx)).toEqual({
			from: '2025-03-01',
			to: '2025-03-31'
		});
		// In Tokyo the last event (18:30 UTC) is already on 1 April.
		expect(resolveDateRange({ last: 1, unit: 'day' }, { ...ctx, timezone: 'Asia/Tokyo' })).toEqual({
			from: '2025-04-01',
			to: '2025-04-01'
		});
		expect(resolveDateRange({ from: '2025-01-01', to: '2025-01-31' }, ctx)).toEqual({
			from: '2025-01-01',
			to: '2025-01-31'
		});
	});

	it('a trend over the last 7 days spans those days and counts only their events', async () => {
		const core = await load('all.csv');
		const r = (await core.result({
			kind: 'trend',
			period: 'day',
			dateRange: { last: 7, unit: 'day' }
		})) as TrendResult;
		const days = [
			'2025-03-25',
			'2025-03-26',
			'2025-03-27',
			'2025-03-28',
			'2025-03-29',
			'2025-03-30',
			'2025-03-31'
		];
		expect(r.series[0].points.map((p) => p.period)).toEqual(days);
		const count = (day: string) =>
			rows.filter((x) => new Date(x.t).toISOString().slice(0, 10) === day).length;
		expect(r.series[0].points.map((p) => p.value)).toEqual(days.map(count));
	});
});

describe('a segment keeps its users in every analysis', () => {
	const chosen = ['u0', 'u3', 'u5', 'u12', 'u30'];

	it('trend: only the segment users events count', async () => {
		const core = await load('all.csv');
		const r = (await core.result({
			kind: 'trend',
			period: 'week',
			measure: 'users',
			segment: { users: chosen }
		})) as TrendResult;
		expect(Math.max(...r.series[0].points.map((p) => p.value))).toBe(chosen.length);
		const byRule = (await core.result({
			kind: 'trend',
			period: 'week',
			segment: { rule: { users: chosen } }
		})) as TrendResult;
		const total = byRule.series[0].points.reduce((n, p) => n + p.value, 0);
		expect(total).toBe(rows.filter((x) => chosen.includes(x.user)).length);
	});

	it('retention of a segment equals retention of the data cut to its users', async () => {
		// u0 holds the last event, so both loads end at the same instant (which decides unobserved periods).
		const all = await load('all.csv');
		const cut = await load('all.csv', [{ column: 'user', op: 'in', value: chosen }]);
		for (const spec of [
			{ kind: 'retention' as const, period: 'week' as const, periods: 5 },
			{
				kind: 'retention' as const,
				period: 'day' as const,
				periods: 8,
				startEvent: 'buy',
				returnEvent: 'buy'
			},
			{ kind: 'retention' as const, period: 'day' as const, periods: 4, window: 'rolling' as const }
		]) {
			const segmented = await all.result({ ...spec, segment: { rule: { users: chosen } } });
			expect(segmented).toEqual(await cut.result(spec));
		}
	});

	it('names a segment rule column that is not in the data by its field', async () => {
		const core = await load('all.csv');
		await expect(
			core.result({ kind: 'trend', segment: { rule: { property: 'plan', op: '=', value: 'pro' } } })
		).rejects.toThrow(/"plan" in analysis\.segment\.rule\.property is not in the data/);
	});
});
