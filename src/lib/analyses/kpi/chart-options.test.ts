import { describe, expect, it } from 'vitest';
import { formatChange, formatKpi, kpiOption, kpiTable } from './chart-options.ts';
import { draftSeries } from './draft.ts';
import type { KpiResult } from './spec.ts';

const result: KpiResult = {
	period: 'week',
	movingAverage: 2,
	series: [
		{
			label: 'Weekly active users',
			metric: 'active_users',
			unit: 'users',
			points: [
				{ period: '2025-01-06', value: 10, average: 10, complete: true },
				{ period: '2025-01-13', value: 14, average: 12, complete: false }
			],
			headline: { period: '2025-01-06', value: 10, previousPeriod: null, previous: null, change: null }
		},
		{
			label: 'Adoption of buy',
			metric: 'adoption',
			unit: 'share',
			points: [
				{ period: '2025-01-06', value: 0.25, average: 0.25, complete: true },
				{ period: '2025-01-13', value: null, average: 0.25, complete: false }
			],
			headline: { period: '2025-01-06', value: 0.25, previousPeriod: null, previous: null, change: null }
		}
	]
};

describe('KPI chart, table and headline text', () => {
	it('formats users, shares and amounts, and changes with their sign', () => {
		expect(formatKpi(1234, 'users')).toBe('1,234');
		expect(formatKpi(0.1234, 'share')).toBe('12.3%');
		expect(formatKpi(1234.5678, 'value')).toBe('1,234.57');
		expect(formatKpi(null, 'value')).toBe('–');
		const h = { period: 'b', value: 9, previousPeriod: 'a', previous: 8 };
		expect(formatChange({ ...h, change: 0.125 })).toBe('+12.5%');
		expect(formatChange({ ...h, change: -0.03 })).toBe('−3.0%');
		expect(formatChange({ ...h, change: null })).toBeNull();
	});

	it('puts shares on a second axis in percent, faint values under bold averages, hollow running periods', () => {
		const o = kpiOption(result) as {
			yAxis: object[];
			series: { name: string; yAxisIndex: number; data: unknown[] }[];
		};
		expect(o.yAxis.length).toBe(2);
		expect(o.series.map((s) => [s.name, s.yAxisIndex])).toEqual([
			['Weekly active users', 0],
			['Weekly active users (2-period average)', 0],
			['Adoption of buy', 1],
			['Adoption of buy (2-period average)', 1]
		]);
		expect(o.series[0].data).toEqual([10, { value: 14, symbol: 'emptyCircle' }]);
		expect(o.series[2].data).toEqual([25, { value: null, symbol: 'emptyCircle' }]);
		const both = kpiOption(result, { baseline: result, palette: ['red', 'blue'] }) as {
			series: { name: string; color: string }[];
		};
		expect(both.series.map((s) => [s.name, s.color])).toEqual([
			['Weekly active users', 'red'],
			['Weekly active users (2-period average)', 'red'],
			['Adoption of buy', 'blue'],
			['Adoption of buy (2-period average)', 'blue'],
			['Weekly active users (all users)', 'red'],
			['Weekly active users (all users) (2-period average)', 'red'],
			['Adoption of buy (all users)', 'blue'],
			['Adoption of buy (all users) (2-period average)', 'blue']
		]);
	});

	it('writes values, averages and completeness to the CSV rows, shares as fractions', () => {
		const t = kpiTable(result);
		expect(t.header).toEqual([
			'period',
			'Weekly active users',
			'Weekly active users (2-period average)',
			'Adoption of buy',
			'Adoption of buy (2-period average)',
			'complete'
		]);
		expect(t.rows).toEqual([
			['2025-01-06', 10, 10, 0.25, 0.25, 'yes'],
			['2025-01-13', 14, 12, null, 0.25, 'no']
		]);
		expect(t.units).toEqual([null, 'users', 'users', 'share', 'share', null]);
	});

	it('by segment: names the segment and puts all users beside each series, period by period', () => {
		const all: KpiResult = {
			...result,
			series: result.series.map((s, i) => ({
				...s,
				// All users' points in another order: the table matches them by period, not by position.
				points: [...s.points].reverse().map((p) => ({ ...p, value: i === 0 ? p.value! * 10 : 0.5 }))
			}))
		};
		const t = kpiTable(result, { baseline: all, segment: 'Buyers', all: 'All users' });
		expect(t.header).toEqual([
			'period',
			'Weekly active users (Buyers)',
			'Weekly active users (Buyers) (2-period average)',
			'Weekly active users (All users)',
			'Weekly active users (All users) (2-period average)',
			'Adoption of buy (Buyers)',
			'Adoption of buy (Buyers) (2-period average)',
			'Adoption of buy (All users)',
			'Adoption of buy (All users) (2-period average)',
			'complete'
		]);
		expect(t.rows).toEqual([
			['2025-01-06', 10, 10, 100, 10, 0.25, 0.25, 0.5, 0.25, 'yes'],
			['2025-01-13', 14, 12, 140, 12, null, 0.25, 0.5, 0.25, 'no']
		]);
		const o = kpiOption(result, { baseline: all, segment: 'Buyers' }) as {
			series: { name: string; lineStyle: { type?: string } }[];
		};
		expect(o.series.map((s) => [s.name, s.lineStyle.type ?? 'solid'])).toEqual([
			['Weekly active users (Buyers)', 'solid'],
			['Weekly active users (Buyers) (2-period average)', 'solid'],
			['Adoption of buy (Buyers)', 'solid'],
			['Adoption of buy (Buyers) (2-period average)', 'solid'],
			['Weekly active users (all users)', 'dashed'],
			['Weekly active users (all users) (2-period average)', 'dashed'],
			['Adoption of buy (all users)', 'dashed'],
			['Adoption of buy (all users) (2-period average)', 'dashed']
		]);
	});

	it('makes a series of the draft, or says what it still needs', () => {
		const d = { metric: 'sum' as const, window: 'day' as const, event: null, value: ' ', label: '' };
		expect(draftSeries(d)).toMatch(/value expression/);
		expect(draftSeries({ ...d, value: 'Quantity * UnitPrice' })).toEqual({
			metric: 'sum',
			event: null,
			where: [],
			label: null,
			value: 'Quantity * UnitPrice'
		});
		expect(draftSeries({ ...d, metric: 'adoption' })).toMatch(/feature event/);
		expect(
			draftSeries({ ...d, metric: 'active_users', event: { event: 'buy', where: [{ column: '', op: '=' }] } })
		).toMatch(/Finish the filter/);
		expect(draftSeries({ ...d, metric: 'active_users', window: 'month', label: ' MAU ' })).toEqual({
			metric: 'active_users',
			event: null,
			where: [],
			label: 'MAU',
			window: 'month'
		});
	});
});
