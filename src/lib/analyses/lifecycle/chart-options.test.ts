/** The lifecycle chart as PostHog draws it: one stack per period, dormant below zero; and its table. */
import { describe, expect, it } from 'vitest';
import { lifecycleOption, lifecycleTable } from './chart-options.ts';
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
			header: ['period', 'new', 'returning', 'resurrecting', 'dormant', 'active'],
			rows: [
				['2025-01-06', 3, 0, 0, 0, 3],
				['2025-01-13', 1, 2, 1, -2, 4]
			]
		});
	});
});
