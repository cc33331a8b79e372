import { describe, expect, it } from 'vitest';
import { binLabel, histogramOption, histogramTable, usersTable } from './chart-options.ts';
import { weightsOf } from './weights.ts';
import type { EngagementResult } from './spec.ts';

const result = (scale: 'none' | 'percentile', bins: number[]): EngagementResult => ({
	scale,
	users: bins.reduce((a, b) => a + b, 0),
	zero: 1,
	mean: 1,
	median: 1,
	p90: 2,
	max: 3,
	histogram: bins.map((users, k) => ({ from: k * 10, to: k * 10 + 10, users })),
	topUsers: [
		{ user: 'a', score: 3, rank: 100 },
		{ user: 'b', score: 2.5, rank: 50 }
	]
});

describe('engagement chart, table and weights', () => {
	it('labels bins and draws users per bin', () => {
		expect(binLabel({ from: -0.5, to: 0, users: 1 })).toBe('-0.5–0');
		const one = histogramOption(result('none', [1, 3])) as { series: { data: number[] }[] };
		expect(one.series[0].data).toEqual([1, 3]);
	});

	it('draws shares of the users scored when compared, and tables the bins', () => {
		const r = result('percentile', [1, 3, 0, 4]);
		const o = histogramOption(r, { asShare: true }) as {
			series: { data: number[] }[];
			yAxis: { name: string };
		};
		expect(o.series[0].data).toEqual([12.5, 37.5, 0, 50]);
		expect(o.yAxis.name).toBe('% of users');
		expect(histogramTable(r)).toEqual({
			header: ['percentile rank', 'users', 'share'],
			rows: [
				['0–10', 1, 0.125],
				['10–20', 3, 0.375],
				['20–30', 0, 0],
				['30–40', 4, 0.5]
			]
		});
	});

	it('writes ranks only when ranked', () => {
		expect(usersTable(result('none', []).topUsers, false)).toEqual({
			header: ['place', 'user', 'score'],
			rows: [
				[1, 'a', 3],
				[2, 'b', 2.5]
			]
		});
		expect(usersTable(result('percentile', []).topUsers, true).rows[1]).toEqual([2, 'b', 2.5, 50]);
	});

	it('makes weights of finished rows, each event once, rounded to 6 decimals', () => {
		expect(
			weightsOf([
				{ event: 'view', weight: 1 },
				{ event: 'buy', weight: null },
				{ event: '', weight: 3 },
				{ event: 'view', weight: 9 },
				{ event: 'cart', weight: 1 / 3 }
			])
		).toEqual([
			{ event: 'view', weight: 1 },
			{ event: 'cart', weight: 0.333333 }
		]);
	});
});
