/**
 * Trend (SEMANTICS §10) against an independent count over the rows: a plain TypeScript reference that buckets
 * each row's wall clock (read from Intl, not from Footfall's zone code) into calendar periods, in UTC and in a
 * zone with daylight-saving changes, with and without a breakdown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import { intlWallClock } from '../../../../test/unit/support/intl-wall-clock.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import type { TrendResult, TrendSpecInput } from './spec.ts';

interface Row {
	user: string | null;
	t: number;
	event: string;
	plan: string | null;
}

const DAY = 86_400_000;

/** Events over Sept 2024 to Apr 2025 (both clock changes), many on local midnights, 14 plans (> 10). */
function makeRows(): Row[] {
	const rand = mulberry32(11);
	const rows: Row[] = [];
	const begin = Date.UTC(2024, 8, 3);
	for (let i = 0; i < 900; i++) {
		let t = begin + Math.floor(rand() * 220 * DAY);
		// On the hour around local midnight in London (23:00 or 00:00 UTC), so day and week edges are hit.
		if (rand() < 0.4) t = Math.floor(t / DAY) * DAY - (rand() < 0.5 ? 3_600_000 : 0);
		const plan = rand() < 0.1 ? null : `plan${Math.floor(rand() * rand() * 14)}`;
		rows.push({
			user: rand() < 0.05 ? null : `u${Math.floor(rand() * 120)}`,
			t,
			event: rand() < 0.6 ? 'view' : 'buy',
			plan
		});
	}
	return rows;
}

function csv(rows: Row[]): string {
	const lines = rows.map((r) => `${r.user ?? ''},${new Date(r.t).toISOString()},${r.event},${r.plan ?? ''}`);
	return ['user,time,event,plan', ...lines].join('\n') + '\n';
}

/** The first day of the calendar period holding a wall-clock date `YYYY-MM-DD` (weeks from Monday). */
function periodOf(day: string, period: 'day' | 'week' | 'month'): string {
	if (period === 'day') return day;
	if (period === 'month') return day.slice(0, 8) + '01';
	const d = new Date(day + 'T00:00:00Z');
	const back = (d.getUTCDay() + 6) % 7;
	return new Date(d.getTime() - back * DAY).toISOString().slice(0, 10);
}

function nextPeriod(p: string, period: 'day' | 'week' | 'month'): string {
	const d = new Date(p + 'T00:00:00Z');
	if (period === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
	else d.setUTCDate(d.getUTCDate() + (period === 'day' ? 1 : 7));
	return d.toISOString().slice(0, 10);
}

/** SEMANTICS §10 computed directly over the rows. */
function reference(
	rows: Row[],
	spec: Required<Omit<TrendSpecInput, 'where' | 'dateRange' | 'segment'>>,
	tz: string
): TrendResult {
	const local = (r: Row) => periodOf(intlWallClock(r.t, tz).slice(0, 10), spec.period);
	const all = rows.map(local).sort();
	const periods: string[] = [];
	for (let p = all[0]; p <= all[all.length - 1]; p = nextPeriod(p, spec.period)) periods.push(p);
	const kept = rows.filter(
		(r) => (spec.event === null || r.event === spec.event) && (spec.measure === 'events' || r.user !== null)
	);
	const measure = (rs: Row[]) =>
		spec.measure === 'events' ? rs.length : new Set(rs.map((r) => r.user)).size;
	const seriesOf = (rs: Row[]) =>
		periods.map((p) => ({ period: p, value: measure(rs.filter((r) => local(r) === p)) }));
	if (!spec.breakdown)
		return { period: spec.period, measure: spec.measure, series: [{ key: null, points: seriesOf(kept) }] };
	const values = [...new Set(kept.map((r) => r.plan))];
	const ranked = values
		.map((v) => ({ v, n: measure(kept.filter((r) => r.plan === v)) }))
		.sort((a, b) => b.n - a.n || (a.v === null ? 1 : b.v === null ? -1 : a.v < b.v ? -1 : 1));
	const top = ranked.slice(0, 10).map((x) => x.v);
	const series: TrendResult['series'] = top.map((v) => ({
		key: v,
		points: seriesOf(kept.filter((r) => r.plan === v))
	}));
	const rest = kept.filter((r) => !top.includes(r.plan));
	if (rest.length > 0) series.push({ key: 'other', other: true, points: seriesOf(rest) });
	return { period: spec.period, measure: spec.measure, series };
}

let duck: Database;
let dir: string;
const rows = makeRows();

beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-trend-'));
	await writeFile(path.join(dir, 'events.csv'), csv(rows));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(timezone: string): Promise<EngineCore> {
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(path.join(dir, 'events.csv'))], {
		columns: { user: 'user', time: 'time', event: 'event' },
		timezone
	});
	return core;
}

describe('trend counts per period equal an independent count over the rows', () => {
	for (const tz of ['UTC', 'Europe/London']) {
		for (const period of ['day', 'week', 'month'] as const) {
			for (const measure of ['events', 'users'] as const) {
				for (const breakdown of [null, 'plan']) {
					it(`${tz}, ${period}, ${measure}, breakdown ${breakdown ?? 'none'}`, async () => {
						const core = await load(tz);
						const spec = { kind: 'trend' as const, event: null, measure, period, breakdown };
						expect(await core.result(spec)).toEqual(reference(rows, spec, tz));
						const buys = { ...spec, event: 'buy' };
						expect(await core.result(buys)).toEqual(reference(rows, buys, tz));
					});
				}
			}
		}
	}

	it('keeps every period of the data, with 0 where the event did not happen', async () => {
		const core = await load('UTC');
		const r = (await core.result({
			kind: 'trend',
			event: 'buy',
			where: [{ column: 'plan', op: '=', value: 'plan13' }],
			period: 'month'
		})) as TrendResult;
		const all = (await core.result({ kind: 'trend', period: 'month' })) as TrendResult;
		expect(r.series[0].points.map((p) => p.period)).toEqual(all.series[0].points.map((p) => p.period));
		expect(r.series[0].points.some((p) => p.value === 0)).toBe(true);
	});

	it('names a breakdown column that is not in the data by its field', async () => {
		const core = await load('UTC');
		await expect(core.result({ kind: 'trend', breakdown: 'country' })).rejects.toThrow(
			/The column "country" in analysis.breakdown is not in the data/
		);
	});
});
