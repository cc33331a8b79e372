/**
 * Engagement scores (SEMANTICS §6) against an independent computation over the rows: hand-built users with
 * known scores, ranks and ties; seeded rows in UTC and London with a date range and a segment; Online Retail
 * with countries as events; and the percentile segment rule of `engagement` (SEMANTICS §4).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import { intlWallClock } from '../../../../test/unit/support/intl-wall-clock.ts';
import { loadCsv } from '../../../../test/unit/support/load-csv.ts';
import { onlineRetail } from '../../../../test/unit/support/real-data.ts';
import type { SegmentResult } from '../segment/spec.ts';
import type { EngagementResult } from './spec.ts';

let duck: Database;
beforeAll(async () => {
	duck = await createNodeDuck();
});

interface Scored {
	user: string;
	score: number;
}

/** numpy's default quantile: linear interpolation between order statistics. */
function quantile(sorted: number[], q: number): number {
	const h = (sorted.length - 1) * q;
	const lo = Math.floor(h);
	return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

/** SEMANTICS §6 over (user, event) rows: every user of `population` scored, then ranked and binned. */
function reference(
	events: { user: string; event: string }[],
	population: string[],
	weights: Record<string, number>,
	opts: { top?: number; scale?: 'none' | 'percentile' } = {}
) {
	const score = new Map(population.map((u) => [u, 0]));
	for (const e of events)
		if (score.has(e.user)) score.set(e.user, score.get(e.user)! + (weights[e.event] ?? 0));
	const all: Scored[] = [...score].map(([user, s]) => ({ user, score: s }));
	const n = all.length;
	const rank = (s: number) => (n <= 1 ? 0 : (100 * all.filter((x) => x.score < s).length) / (n - 1));
	const sorted = all.map((x) => x.score).sort((a, b) => a - b);
	const byScore = [...all].sort((a, b) => b.score - a.score || (a.user < b.user ? -1 : 1));
	let histogram: { from: number; to: number; users: number }[];
	if (opts.scale === 'percentile') {
		histogram = Array.from({ length: 10 }, (_, k) => ({
			from: k * 10,
			to: k * 10 + 10,
			users: all.filter((x) => Math.min(Math.floor(rank(x.score) / 10), 9) === k).length
		}));
	} else {
		const span = sorted[n - 1] - sorted[0];
		const whole = Object.values(weights).every(Number.isInteger);
		let width = 1;
		if (span > 0) {
			const raw = span / 20;
			const mag = 10 ** Math.floor(Math.log10(raw));
			const f = raw / mag;
			width = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
			if (whole) width = Math.max(1, width);
		}
		const bin = (s: number) => Math.floor(Math.round((s / width) * 1e6) / 1e6);
		histogram = [];
		for (let b = bin(sorted[0]); b <= bin(sorted[n - 1]); b++)
			histogram.push({
				from: b * width,
				to: (b + 1) * width,
				users: all.filter((x) => bin(x.score) === b).length
			});
	}
	return {
		users: n,
		zero: all.filter((x) => x.score === 0).length,
		mean: sorted.reduce((a, b) => a + b, 0) / n,
		median: quantile(sorted, 0.5),
		p90: quantile(sorted, 0.9),
		max: sorted[n - 1],
		histogram,
		top: byScore.slice(0, opts.top ?? 20).map((x) => ({ ...x, rank: rank(x.score) })),
		all: byScore
	};
}

describe('engagement on hand-built users with known scores', () => {
	const rows = [
		['a', 'buy'],
		['a', 'buy'],
		['a', 'view'],
		...Array.from({ length: 11 }, () => ['b', 'view']),
		['c', 'view'],
		['d', 'other'],
		['e', 'refund']
	];
	const csv =
		['user,time,event', ...rows.map(([u, e], i) => `${u},2025-01-0${1 + (i % 9)}T10:00:00Z,${e}`)].join(
			'\n'
		) + '\n';
	const weights = [
		{ event: 'view', weight: 1 },
		{ event: 'buy', weight: 5 },
		{ event: 'refund', weight: -2 }
	];

	it('scores, ranks ties together, bins, and lists the top users', async () => {
		const core = await loadCsv(duck, csv, { columns: { user: 'user', time: 'time', event: 'event' } });
		const r = (await core.result({
			kind: 'engagement',
			weights,
			scale: 'percentile',
			top: 3,
			list: true
		})) as EngagementResult;
		expect(r).toMatchObject({ users: 5, zero: 1, mean: 4.2, median: 1, p90: 11, max: 11 });
		// a (2 × 5 + 1) ties with b (11 × 1); c 1; d 0 (an unweighted event); e −2.
		expect(r.topUsers).toEqual([
			{ user: 'a', score: 11, rank: 75 },
			{ user: 'b', score: 11, rank: 75 },
			{ user: 'c', score: 1, rank: 50 }
		]);
		expect(r.scores?.map((s) => [s.user, s.score, s.rank])).toEqual([
			['a', 11, 75],
			['b', 11, 75],
			['c', 1, 50],
			['d', 0, 25],
			['e', -2, 0]
		]);
		expect(r.histogram.map((b) => b.users)).toEqual([1, 0, 1, 0, 0, 1, 0, 2, 0, 0]);
		const raw = (await core.result({ kind: 'engagement', weights })) as EngagementResult;
		expect(raw.histogram[0]).toEqual({ from: -2, to: -1, users: 1 });
		expect(raw.histogram.length).toBe(14);
		expect(raw.histogram[13]).toEqual({ from: 11, to: 12, users: 2 });
		expect(raw.topUsers[0]).toEqual({ user: 'a', score: 11 });
	});

	it('keeps ties together in a percentile segment of engagement', async () => {
		const core = await loadCsv(duck, csv, { columns: { user: 'user', time: 'time', event: 'event' } });
		const top = async (pct: number) =>
			(
				(await core.result({
					kind: 'segment',
					rule: { percentile: { of: 'engagement', weights, top: pct } },
					list: true
				})) as SegmentResult
			).userIds;
		// The 0.6 quantile of −2, 0, 1, 11, 11 is 1 + 0.4 × 10 = 5; the 0.8 quantile is 11: a and b either way.
		expect(await top(40)).toEqual(['a', 'b']);
		expect(await top(20)).toEqual(['a', 'b']);
		expect(await top(60)).toEqual(['a', 'b', 'c']);
	});

	it('names bad weights by their field', async () => {
		const core = await loadCsv(duck, csv, { columns: { user: 'user', time: 'time', event: 'event' } });
		await expect(core.result({ kind: 'engagement', weights: [] })).rejects.toThrow(
			/analysis\.weights must be a list/
		);
		await expect(
			core.result({ kind: 'engagement', weights: [{ event: 'view', weight: 1 / 3 }] })
		).rejects.toThrow(/analysis\.weights\[0\]\.weight must be a number .* at most 6 decimals/);
		await expect(
			core.result({
				kind: 'engagement',
				weights: [
					{ event: 'view', weight: 1 },
					{ event: 'view', weight: 2 }
				]
			})
		).rejects.toThrow(/analysis\.weights\[1\]\.event "view" is weighted twice/);
		await expect(
			core.result({ kind: 'segment', rule: { percentile: { of: 'engagement', top: 10 } } })
		).rejects.toThrow(/rule\.percentile\.weights is required/);
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

describe('engagement equals an independent computation over seeded rows', () => {
	const DAY = 86_400_000;
	const rand = mulberry32(5);
	const names = ['view', 'cart', 'buy', 'share', 'refund'];
	const raw = Array.from({ length: 1500 }, () => {
		let t = Date.UTC(2024, 9, 1) + Math.floor(rand() * 60 * DAY);
		if (rand() < 0.3) t = Math.floor(t / DAY) * DAY - 3_600_000;
		return {
			user: `u${Math.floor(rand() * rand() * 150)}`,
			t,
			event: names[Math.floor(rand() * rand() * 5)]
		};
	});
	const csv =
		['user,time,event', ...raw.map((r) => `${r.user},${new Date(r.t).toISOString()},${r.event}`)].join('\n') +
		'\n';
	const weights = { view: 0.5, cart: 2.25, buy: 10, refund: -4 };
	const weightList = Object.entries(weights).map(([event, weight]) => ({ event, weight }));
	const population = [...new Set(raw.map((r) => r.user))];
	const segment = population.filter((u) => Number(u.slice(1)) % 3 === 0);

	for (const tz of ['UTC', 'Europe/London']) {
		it(`${tz}: all data, a date range, a segment; raw and percentile`, async () => {
			const core = await loadCsv(duck, csv, {
				columns: { user: 'user', time: 'time', event: 'event' },
				timezone: tz
			});
			const day = (t: number) => intlWallClock(t, tz).slice(0, 10);
			const range = { from: '2024-10-15', to: '2024-11-10' };
			const inRange = raw.filter((r) => day(r.t) >= range.from && day(r.t) <= range.to);
			for (const [scope, events, pop] of [
				[{}, raw, population],
				[{ dateRange: range }, inRange, population],
				[{ dateRange: range, segment: { users: segment } }, inRange, segment]
			] as const) {
				for (const scale of ['none', 'percentile'] as const) {
					const got = (await core.result({
						kind: 'engagement',
						weights: weightList,
						scale,
						top: 15,
						list: true,
						...scope
					})) as EngagementResult;
					const want = reference([...events], [...pop], weights, { top: 15, scale });
					expect(got.users).toBe(want.users);
					expect(got.zero).toBe(want.zero);
					for (const k of ['mean', 'median', 'p90', 'max'] as const) expect(got[k]).toBeCloseTo(want[k], 9);
					expect(got.histogram).toEqual(want.histogram);
					expect(got.topUsers.map((u) => [u.user, u.score])).toEqual(want.top.map((u) => [u.user, u.score]));
					expect(got.scores?.map((u) => [u.user, u.score])).toEqual(want.all.map((u) => [u.user, u.score]));
					if (scale === 'percentile')
						got.topUsers.forEach((u, i) => expect(u.rank).toBeCloseTo(want.top[i].rank, 9));
				}
			}
			// The percentile segment of engagement: users at or above the 0.75 quantile of every user's score.
			const scores = reference(raw, population, weights).all;
			const threshold = quantile(
				scores.map((s) => s.score).sort((a, b) => a - b),
				0.75
			);
			const seg = (await core.result({
				kind: 'segment',
				rule: { percentile: { of: 'engagement', weights: weightList, top: 25 } },
				list: true
			})) as SegmentResult;
			expect(seg.userIds).toEqual(
				scores
					.filter((s) => s.score >= threshold)
					.map((s) => s.user)
					.sort()
			);
		});
	}
});

describe('engagement on Online Retail, countries as events', () => {
	it('scores each customer by invoice lines per country', async () => {
		const core = new EngineCore(duck);
		await core.ingest([await nodeSource('test/fixtures/data/online-retail/online_retail.csv.gz')], {
			columns: { user: 'CustomerID', time: 'InvoiceDate', event: 'Country', id: null },
			timezone: 'Europe/London',
			dedupe: 'row',
			filters: [
				{ column: 'CustomerID', op: 'not_null' },
				{ column: 'Quantity', op: '>', value: 0 },
				{ column: 'UnitPrice', op: '>', value: 0 }
			]
		});
		const weights = { 'United Kingdom': 1, Germany: 3, France: 3, EIRE: 5 };
		const rows = onlineRetail().map((r) => ({ user: r.user, event: r.country }));
		const want = reference(rows, [...new Set(rows.map((r) => r.user))], weights, { top: 25 });
		const got = (await core.result({
			kind: 'engagement',
			weights: Object.entries(weights).map(([event, weight]) => ({ event, weight })),
			top: 25
		})) as EngagementResult;
		expect(got).toMatchObject({ users: 4338, zero: want.zero, median: want.median, max: want.max });
		expect(got.mean).toBeCloseTo(want.mean, 9);
		expect(got.histogram).toEqual(want.histogram);
		expect(got.topUsers.map((u) => [u.user, u.score])).toEqual(want.top.map((u) => [u.user, u.score]));
	});
});
