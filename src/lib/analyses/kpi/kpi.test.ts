/**
 * KPIs (SEMANTICS §6 `kpi`) against an independent reference over the rows (test/unit/support/
 * kpi-reference.ts): hand-built days with known DAU, WAU and MAU at the window edges, adoption and moving
 * averages; seeded rows in UTC and in London (days read from Intl) for every metric and period.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeDuck } from '../../engine/node-duck.ts';
import type { Database } from '../../engine/duck.ts';
import { intlWallClock } from '../../../../test/unit/support/intl-wall-clock.ts';
import { loadCsv } from '../../../../test/unit/support/load-csv.ts';
import {
	kpiReference,
	trailingMean,
	type KpiRow,
	type RefPoint,
	type RefSeries
} from '../../../../test/unit/support/kpi-reference.ts';
import type { KpiResult, KpiSeriesInput, KpiSpecInput } from './spec.ts';

let duck: Database;
beforeAll(async () => {
	duck = await createNodeDuck();
});

const values = (r: KpiResult, i = 0) => r.series[i].points.map((p) => p.value);

/** Equal values, floats within a relative 1e-9 (sums in another order differ in the last bits). */
function expectSame(got: { period: string; value: number | null; complete: boolean }[], want: RefPoint[]) {
	expect(got.map((p) => [p.period, p.complete])).toEqual(want.map((p) => [p.period, p.complete]));
	got.forEach((p, i) => {
		const w = want[i].value;
		if (w === null || p.value === null) expect([p.period, p.value]).toEqual([p.period, w]);
		else expect(Math.abs(p.value - w)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w)));
	});
}

describe('KPIs on hand-built days with known answers', () => {
	// a on 1 Jan, b on 7 Jan, c on 8 Jan, d on 31 Jan, e on 1 Feb (UTC noon); b buys on 7 Jan for 10 and 30.
	const rows = [
		['a', '2025-01-01', 'view', ''],
		['b', '2025-01-07', 'view', ''],
		['b', '2025-01-07', 'buy', '10'],
		['b', '2025-01-07', 'buy', '30'],
		['c', '2025-01-08', 'view', ''],
		['d', '2025-01-31', 'view', ''],
		['e', '2025-02-01', 'buy', '5'],
		['', '2025-02-01', 'buy', '7']
	];
	const csv =
		['user,time,event,amount', ...rows.map(([u, d, e, a]) => `${u},${d}T12:00:00Z,${e},${a}`)].join('\n') +
		'\n';
	const load = () => loadCsv(duck, csv, { columns: { user: 'user', time: 'time', event: 'event' } });
	const range = { from: '2025-01-07', to: '2025-02-06' };

	it('counts WAU over the 7 days ending each day, looking back before the range', async () => {
		const core = await load();
		const r = (await core.result({
			kind: 'kpi',
			series: [
				{ metric: 'active_users' },
				{ metric: 'active_users', window: 'week' },
				{ metric: 'active_users', window: 'month' }
			],
			dateRange: range
		})) as KpiResult;
		const at = (i: number, day: string) => r.series[i].points.find((p) => p.period === day)?.value;
		expect(r.series[0].points[0].period).toBe('2025-01-07');
		expect(at(0, '2025-01-07')).toBe(1);
		// 1..7 Jan holds a (6 days back: inside) and b; 2..8 Jan holds b and c.
		expect(at(1, '2025-01-07')).toBe(2);
		expect(at(1, '2025-01-08')).toBe(2);
		expect(at(1, '2025-01-14')).toBe(1);
		expect(at(1, '2025-01-15')).toBe(0);
		// 1..30 Jan holds a, b, c; 2..31 Jan loses a and gains d; 7 Jan..5 Feb: b, c, d, e; 8 Jan..6 Feb: c, d, e.
		expect(at(2, '2025-01-30')).toBe(3);
		expect(at(2, '2025-01-31')).toBe(3);
		expect(at(2, '2025-02-05')).toBe(4);
		expect(at(2, '2025-02-06')).toBe(3);
		expect(r.series.map((s) => s.label)).toEqual([
			'Daily active users',
			'Weekly active users',
			'Monthly active users'
		]);
	});

	it('divides DAU by MAU, and averages the days of a week', async () => {
		const core = await load();
		const daily = (await core.result({
			kind: 'kpi',
			series: [{ metric: 'dau_mau' }],
			dateRange: range
		})) as KpiResult;
		const at = (day: string) => daily.series[0].points.find((p) => p.period === day)?.value;
		// 1 Feb: e of b, c, d, e (3 Jan..1 Feb).
		expect(at('2025-02-01')).toBe(0.25);
		// 7 Jan: b of a, b.
		expect(at('2025-01-07')).toBe(0.5);
		expect(at('2025-01-09')).toBe(0);
		const weekly = (await core.result({
			kind: 'kpi',
			series: [{ metric: 'dau_mau' }],
			period: 'week',
			dateRange: { from: '2025-01-06', to: '2025-01-12' }
		})) as KpiResult;
		// Mon 6 Jan: nobody of a (0); Tue 7: b of a, b; Wed 8: c of a, b, c; Thu..Sun: nobody of 3.
		expect(weekly.series[0].points[0].value).toBeCloseTo((0 + 1 / 2 + 1 / 3) / 7, 12);
	});

	it('adoption, sums and averages per period, with a moving average and this period against the last', async () => {
		const core = await load();
		const r = (await core.result({
			kind: 'kpi',
			series: [
				{ metric: 'adoption', event: 'buy' },
				{ metric: 'sum', value: 'amount', event: 'buy' },
				{ metric: 'avg', value: 'amount' }
			],
			period: 'week',
			movingAverage: 2
		})) as KpiResult;
		expect(r.series[0].points.map((p) => p.period)).toEqual([
			'2024-12-30',
			'2025-01-06',
			'2025-01-13',
			'2025-01-20',
			'2025-01-27'
		]);
		// Week of 6 Jan: b bought, b and c active. Week of 27 Jan: e bought, d and e active.
		expect(values(r, 0)).toEqual([0, 0.5, null, null, 0.5]);
		// The row without a user still carries its value.
		expect(values(r, 1)).toEqual([0, 40, 0, 0, 12]);
		expect(values(r, 2)).toEqual([null, 20, null, null, 6]);
		expect(r.series[1].points.map((p) => p.average)).toEqual([0, 20, 20, 0, 6]);
		expect(r.series[2].points.map((p) => p.average)).toEqual([null, 20, 20, null, 6]);
		// The data ends on Saturday 1 Feb: that week is still running, so the headline is the week of 20 Jan.
		expect(r.series[1].points.map((p) => p.complete)).toEqual([false, true, true, true, false]);
		expect(r.series[1].headline).toEqual({
			period: '2025-01-20',
			value: 0,
			previousPeriod: '2025-01-13',
			previous: 0,
			change: null
		});
		const daily = (await core.result({
			kind: 'kpi',
			series: [{ metric: 'sum', value: 'amount' }]
		})) as KpiResult;
		expect(daily.series[0].headline).toMatchObject({
			period: '2025-02-01',
			value: 12,
			previousPeriod: '2025-01-31',
			previous: 0
		});
		const two = (await core.result({
			kind: 'kpi',
			series: [{ metric: 'active_users' }],
			dateRange: { from: '2025-01-07', to: '2025-01-08' }
		})) as KpiResult;
		expect(two.series[0].headline).toEqual({
			period: '2025-01-08',
			value: 1,
			previousPeriod: '2025-01-07',
			previous: 1,
			change: 0
		});
	});

	it('names a value expression that does not parse by its field', async () => {
		const core = await load();
		await expect(
			core.result({
				kind: 'kpi',
				series: [{ metric: 'active_users' }, { metric: 'sum', value: 'amount * price' }]
			})
		).rejects.toThrow(/analysis\.series\[1\]\.value "amount \* price": Unknown column "price"/);
	});
});

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('KPIs equal an independent computation over seeded rows', () => {
	const DAY = 86_400_000;
	const rand = mulberry32(7);
	const raw: { user: string | null; t: number; event: string; plan: string | null; amount: number | null }[] =
		[];
	const begin = Date.UTC(2024, 9, 1);
	for (let i = 0; i < 1200; i++) {
		let t = begin + Math.floor(rand() * 75 * DAY);
		if (rand() < 0.4) t = Math.floor(t / DAY) * DAY - (rand() < 0.5 ? 3_600_000 : 1000);
		raw.push({
			user: rand() < 0.04 ? null : `u${Math.floor(rand() * rand() * 90)}`,
			t,
			event: rand() < 0.6 ? 'view' : 'buy',
			plan: rand() < 0.2 ? null : rand() < 0.5 ? 'free' : 'pro',
			amount: rand() < 0.3 ? null : Math.round(rand() * 10_000) / 100
		});
	}
	const csv =
		[
			'user,time,event,plan,amount',
			...raw.map(
				(r) => `${r.user ?? ''},${new Date(r.t).toISOString()},${r.event},${r.plan ?? ''},${r.amount ?? ''}`
			)
		].join('\n') + '\n';
	const pro = [{ column: 'plan', op: '=' as const, value: 'pro' }];
	const cases: [string, KpiSeriesInput, RefSeries][] = [
		['DAU', { metric: 'active_users' }, { metric: 'active_users', window: 'day' }],
		['WAU', { metric: 'active_users', window: 'week' }, { metric: 'active_users', window: 'week' }],
		[
			'MAU of buy',
			{ metric: 'active_users', window: 'month', event: 'buy' },
			{ metric: 'active_users', window: 'month', keep: (r) => r.event === 'buy' }
		],
		['DAU/MAU', { metric: 'dau_mau' }, { metric: 'dau_mau' }],
		// With `where` filters active days come from the events, not the activity table.
		[
			'WAU of pro rows',
			{ metric: 'active_users', window: 'week', where: pro },
			{ metric: 'active_users', window: 'week', keep: (r) => r.plan === 'pro' }
		],
		[
			'DAU/MAU of pro buys',
			{ metric: 'dau_mau', event: 'buy', where: pro },
			{ metric: 'dau_mau', keep: (r) => r.event === 'buy' && r.plan === 'pro' }
		],
		[
			'adoption of pro buys',
			{ metric: 'adoption', event: 'buy', where: pro },
			{ metric: 'adoption', feature: (r) => r.event === 'buy' && r.plan === 'pro' }
		],
		[
			'sum',
			{ metric: 'sum', value: 'amount * 2 - 1', event: 'buy' },
			{ metric: 'sum', keep: (r) => r.event === 'buy' }
		],
		['avg', { metric: 'avg', value: 'amount', where: pro }, { metric: 'avg', keep: (r) => r.plan === 'pro' }]
	];
	const segmentUsers = ['u0', 'u1', 'u2', 'u3', 'u5', 'u8', 'u13', 'u21', 'u34'];

	for (const tz of ['UTC', 'Europe/London']) {
		it(`${tz}: every metric, day/week/month, with and without a date range and a segment`, async () => {
			const core = await loadCsv(duck, csv, {
				columns: { user: 'user', time: 'time', event: 'event' },
				timezone: tz
			});
			const rows: KpiRow[] = raw.map((r) => ({ ...r, day: intlWallClock(r.t, tz).slice(0, 10) }));
			// `sum` is of amount * 2 - 1 per row with an amount.
			const sumRows = rows.map((r) => ({ ...r, amount: r.amount === null ? null : r.amount * 2 - 1 }));
			for (const period of ['day', 'week', 'month'] as const) {
				for (const scope of [
					{},
					{ dateRange: { from: '2024-10-20', to: '2024-11-30' } },
					{ dateRange: { from: '2024-10-27', to: '2024-12-01' }, segment: { users: segmentUsers } }
				]) {
					// At most 8 series go on one chart: the cases run as two specs.
					const results: KpiResult[] = [];
					for (const part of [cases.slice(0, 5), cases.slice(5)]) {
						const spec: KpiSpecInput = {
							kind: 'kpi',
							series: part.map((c) => c[1]),
							period,
							movingAverage: 3,
							...scope
						};
						results.push((await core.result(spec)) as KpiResult);
					}
					const got = { series: results.flatMap((r) => r.series) };
					cases.forEach(([name, , ref], i) => {
						const want = kpiReference(name === 'sum' ? sumRows : rows, ref, {
							period,
							range: scope.dateRange,
							users: scope.segment ? new Set(segmentUsers) : undefined
						});
						expectSame(got.series[i].points, want);
						const avg = trailingMean(
							want.map((p) => p.value),
							3
						);
						got.series[i].points.forEach((p, j) => {
							if (avg[j] === null) expect(p.average).toBeNull();
							else expect(p.average).toBeCloseTo(avg[j] as number, 9);
						});
					});
				}
			}
		});
	}
});
