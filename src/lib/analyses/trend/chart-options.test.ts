/** The trend chart and table with a segment beside all users (SEMANTICS §1b `compare`), by hand. */
import { describe, expect, it } from 'vitest';
import { trendLines, trendOption, trendTable } from './chart-options.ts';
import type { TrendResult } from './spec.ts';

const pts = (...v: number[]) => v.map((value, i) => ({ period: `2025-01-0${i + 1}`, value }));

describe('trend of a segment beside all users', () => {
	const segment: TrendResult = {
		period: 'day',
		measure: 'users',
		series: [{ key: null, points: pts(1, 2, 3) }]
	};
	const all: TrendResult = {
		period: 'day',
		measure: 'users',
		series: [{ key: null, points: pts(10, 20, 30) }]
	};

	it('without a breakdown: the segment, then all users, on the same periods', () => {
		const table = trendTable(segment, null, { baseline: all, segment: 'Mobile' });
		expect(table).toEqual({
			header: ['period', 'Mobile', 'All users'],
			rows: [
				['2025-01-01', 1, 10],
				['2025-01-02', 2, 20],
				['2025-01-03', 3, 30]
			]
		});
	});

	it('with a breakdown: pairs by value, same colour, everyone dashed; a value only everyone has is left out', () => {
		const bySegment: TrendResult = {
			...segment,
			series: [
				{ key: 'ios', points: pts(1, 1, 1) },
				{ key: null, points: pts(2, 0, 0) }
			]
		};
		const byAll: TrendResult = {
			...segment,
			series: [
				{ key: 'web', points: pts(9, 9, 9) },
				{ key: 'ios', points: [{ period: '2025-01-03', value: 7 }, ...pts(5, 6)] },
				{ key: null, points: pts(4, 4, 4) }
			]
		};
		const lines = trendLines(bySegment, 'platform', { baseline: byAll, segment: 'Mobile' });
		expect(lines.map((l) => [l.name, l.pair, l.baseline, l.points.map((p) => p.value)])).toEqual([
			['Mobile · ios', 0, false, [1, 1, 1]],
			['All users · ios', 0, true, [5, 6, 7]],
			['Mobile · (none)', 1, false, [2, 0, 0]],
			['All users · (none)', 1, true, [4, 4, 4]]
		]);
		const option = trendOption(bySegment, 'platform', { baseline: byAll, segment: 'Mobile' }, ['#a', '#b']);
		const series = option.series as { color: string; lineStyle?: { type: string } }[];
		expect(series.map((s) => s.color)).toEqual(['#a', '#a', '#b', '#b']);
		expect(series.map((s) => s.lineStyle?.type ?? 'solid')).toEqual(['solid', 'dashed', 'solid', 'dashed']);
	});

	it('without compare, the lines are the series as before', () => {
		expect(trendLines(segment, null).map((l) => l.name)).toEqual(['Users']);
		expect(trendOption(segment, null).legend).toEqual({ show: false });
	});
});
