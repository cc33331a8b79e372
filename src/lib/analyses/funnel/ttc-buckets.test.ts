/**
 * The time-to-convert histogram on a 14-day window: equal-width bins from the fastest to the slowest user put
 * nearly everyone in the first bin (13 days / 10 = 31 hours wide), so it now has human-sized buckets
 * (ttc-buckets.ts). Hand-computed counts: each user's time from view to buy is chosen to fall in or at the
 * edge of a bucket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineCore } from '../../engine/core.ts';
import type { FunnelResult } from './spec.ts';
import { timeOption } from './chart-options.ts';
import { HOUR, specOf } from '../../../../test/unit/support/funnel-cases.ts';
import { funnelEngine } from '../../../../test/unit/support/funnel-engine.ts';
import type { FRow, RefSpec } from '../../../../test/unit/support/funnel-reference.ts';

const T = Date.UTC(2025, 5, 2, 12);
const DAY = 24 * HOUR;
/** User, milliseconds from view to buy (null: never bought). */
const TIMES: [string, number | null][] = [
	['a', 30_000], // < 1 min
	['b', 59_999], // < 1 min: just under the edge
	['c', 60_000], // 1-5 min: exactly at the edge
	['d', 299_000], // 1-5 min
	['e', 2 * HOUR], // 2-12 h: exactly at the edge
	['f', 13 * DAY], // 7-14 d
	['g', null]
];

let core: EngineCore;
let dispose: () => Promise<void>;

beforeAll(async () => {
	const rows: FRow[] = TIMES.flatMap(([user, ms]) => [
		{ user, t: T, event: 'view', plan: null, pid: null },
		...(ms === null ? [] : [{ user, t: T + ms, event: 'buy', plan: null, pid: null }])
	]).map((r, row) => ({ ...r, row }));
	({ core, dispose } = await funnelEngine('ttc', rows));
});
afterAll(() => dispose());

const spec: RefSpec = {
	steps: [{ event: 'view' }, { event: 'buy' }],
	order: 'sequential',
	windowMs: 14 * DAY,
	exclusions: [],
	breakdown: false,
	attribution: 'first_touch',
	hold: false,
	ttc: { fromStep: 0, toStep: 1, bins: 10 },
	period: 'week',
	tz: 'UTC'
};

describe('time to convert in human-sized buckets', () => {
	it('equal-width bins put nearly everyone of a 14-day window in the first bin: the buckets spread them', async () => {
		const res = (await core.result(specOf(spec))) as FunnelResult;
		const ttc = res.timeToConvert;
		expect(ttc.users).toBe(6);
		// From the fastest user's bucket (< 1 min) to the slowest's (7-14 d), the empty ones between kept.
		expect(ttc.bins.map((b) => b.users)).toEqual([2, 2, 0, 0, 1, 0, 0, 0, 1]);
		expect(ttc.bins.map((b) => b.fromSeconds)).toEqual([
			0, 60, 300, 1800, 7200, 43_200, 86_400, 259_200, 604_800
		]);
		expect(ttc.bins.at(-1)!.toSeconds).toBe(14 * 86_400);
		const x = timeOption(res).xAxis as { data: string[]; axisLabel: { interval: number; rotate: number } };
		// Nine buckets: every one named (interval 0), tilted to fit.
		expect(x.axisLabel).toEqual({ interval: 0, rotate: 30 });
		const axis = x.data;
		expect(axis).toEqual([
			'< 1 min',
			'1–5 min',
			'5–30 min',
			'30 min–2 h',
			'2–12 h',
			'12 h–1 d',
			'1–3 d',
			'3–7 d',
			'7–14 d'
		]);
	});

	it('a 3-hour window: the buckets end at the slowest user’s', async () => {
		const res = (await core.result(
			specOf({ ...spec, windowMs: 3 * HOUR, steps: [{ event: 'view' }, { event: 'buy' }] })
		)) as FunnelResult;
		// Within 3 hours: a, b, c, d and e (2 h) convert; f (13 d) does not.
		expect(res.timeToConvert.users).toBe(5);
		expect(res.timeToConvert.bins.map((b) => [b.fromSeconds, b.users])).toEqual([
			[0, 2],
			[60, 2],
			[300, 0],
			[1800, 0],
			[7200, 1]
		]);
	});
});

describe('time to convert on data with dates only', () => {
	const M = Date.UTC(2025, 5, 2);
	/** Every time a midnight; k's 23 hours is a day across a clock change. */
	const DATES: [string, number][] = [
		['h', 0],
		['i', 0],
		['j', DAY],
		['k', 23 * HOUR],
		['l', 3 * DAY]
	];
	let dcore: EngineCore;
	let ddispose: () => Promise<void>;
	beforeAll(async () => {
		const rows: FRow[] = DATES.flatMap(([user, ms]) => [
			{ user, t: M, event: 'view', plan: null, pid: null },
			{ user, t: M + ms, event: 'buy', plan: null, pid: null }
		]).map((r, row) => ({ ...r, row }));
		({ core: dcore, dispose: ddispose } = await funnelEngine('ttc-dates', rows));
	});
	afterAll(() => ddispose());

	it('reads "same day" and leaves out the empty buckets under a day; a 23-hour day keeps its own', async () => {
		const res = (await dcore.result(specOf(spec))) as FunnelResult;
		const opt = timeOption(res, true);
		expect((opt.xAxis as { data: string[] }).data).toEqual(['same day', '12 h–1 d', '1–3 d', '3–7 d']);
		expect((opt.series as { data: number[] }[])[0].data).toEqual([2, 1, 1, 1]);
		// Without the flag every bucket from the fastest to the slowest is drawn, the first read "< 1 min".
		const plain = (timeOption(res).xAxis as { data: string[] }).data;
		expect(plain).toHaveLength(8);
		expect(plain[0]).toBe('< 1 min');
	});
});
