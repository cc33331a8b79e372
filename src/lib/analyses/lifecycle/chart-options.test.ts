/** The lifecycle chart as PostHog draws it: one stack per period, dormant below zero; and its table. */
import { describe, expect, it } from 'vitest';
import { lifecycleOption, lifecycleTable, runningPeriods } from './chart-options.ts';
import type { LifecycleResult } from './spec.ts';

const result: LifecycleResult = {
	period: 'week',
	periods: [
		{ period: '2025-01-06', new: 3, returning: 0, resurrecting: 0, dormant: 0 },
		{ period: '2025-01-13', new: 1, returning: 2, resurrecting: 1, dormant: -2 }
	]
};

describe('lifecycle chart options', () => {
	it('stacks the four statuses on one stack, same-sign, in PostHog’s order', () => {
		const o = lifecycleOption(result) as {
			xAxis: { data: string[] };
			series: { name: string; stack: string; stackStrategy: string; data: number[] }[];
		};
		expect(o.xAxis.data).toEqual(['2025-01-06', '2025-01-13']);
		expect(o.series.map((s) => s.name)).toEqual(['New', 'Returning', 'Resurrecting', 'Dormant']);
		expect(new Set(o.series.map((s) => `${s.stack}/${s.stackStrategy}`))).toEqual(
			new Set(['lifecycle/samesign'])
		);
		expect(o.series[3].data).toEqual([0, -2]);
		expect(o.series[0].data).toEqual([3, 1]);
	});

	it('the table adds the active users (new + returning + resurrecting)', () => {
		expect(lifecycleTable(result)).toEqual({
			header: ['period', 'new', 'returning', 'resurrecting', 'dormant', 'active', 'complete'],
			rows: [
				['2025-01-06', 3, 0, 0, 0, 3, 'yes'],
				['2025-01-13', 1, 2, 1, -2, 4, 'yes']
			]
		});
	});

	it('hatches the period still running when the data ends, in the data’s zone', () => {
		// Weeks from Monday: the data ends on Saturday 18 January in UTC, so the week of the 13th runs on.
		const running = runningPeriods(result, { lastTime: '2025-01-18T23:30:00Z', timezone: 'UTC' });
		expect([running('2025-01-06'), running('2025-01-13')]).toEqual([false, true]);
		// The same instant is already Sunday 19 January in Paris: the last day of that week, so it is complete.
		const paris = runningPeriods(result, { lastTime: '2025-01-18T23:30:00Z', timezone: 'Europe/Paris' });
		expect(paris('2025-01-13')).toBe(false);
		const o = lifecycleOption(result, running) as {
			series: { data: (number | { value: number; itemStyle: { decal: unknown } })[] }[];
		};
		expect(o.series[3].data[0]).toBe(0);
		expect(o.series[3].data[1]).toMatchObject({ value: -2, itemStyle: { decal: { symbol: 'rect' } } });
		expect(lifecycleTable(result, running).rows.map((r) => r.at(-1))).toEqual(['yes', 'no']);
		// Months: data ending on 31 January completes January; on the 30th it does not.
		const months = { period: 'month' as const, periods: [{ ...result.periods[0], period: '2025-01-01' }] };
		expect(runningPeriods(months, { lastTime: '2025-01-31T12:00:00Z', timezone: 'UTC' })('2025-01-01')).toBe(
			false
		);
		expect(runningPeriods(months, { lastTime: '2025-01-30T12:00:00Z', timezone: 'UTC' })('2025-01-01')).toBe(
			true
		);
	});
});
