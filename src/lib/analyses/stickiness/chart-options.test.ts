import { describe, expect, it } from 'vitest';
import { cumulative, daysLabel, stickinessOption, stickinessTable } from './chart-options.ts';
import type { StickinessResult } from './spec.ts';

const result = (users: number[]): StickinessResult => ({
	interval: 'week',
	counts: users.map((u, i) => ({ days: i + 1, users: u })),
	total: users.reduce((a, b) => a + b, 0),
	users: 9,
	from: '2025-01-06',
	to: '2025-01-19',
	intervals: 2,
	partial: []
});

describe('stickiness chart and table', () => {
	it('cumulates from the top: the first bar holds every (user, week)', () => {
		expect(cumulative([5, 0, 3, 0, 0, 0, 2])).toEqual([10, 5, 5, 2, 2, 2, 2]);
		expect(daysLabel(1, false)).toBe('1 day');
		expect(daysLabel(1, true)).toBe('1+ days');
		expect(daysLabel(3, false)).toBe('3 days');
	});

	it('draws counts alone, and shares of each group beside all users', () => {
		const seg = result([1, 1, 0, 0, 0, 0, 2]);
		const all = result([6, 2, 1, 0, 0, 0, 1]);
		const plain = stickinessOption(seg, { cumulative: false }) as { series: { data: number[] }[] };
		expect(plain.series[0].data).toEqual([1, 1, 0, 0, 0, 0, 2]);
		const both = stickinessOption(seg, { cumulative: true, baseline: all }) as {
			series: { name: string; data: number[] }[];
		};
		expect(both.series.map((s) => s.name)).toEqual(['Users', 'All users']);
		expect(both.series[0].data).toEqual([100, 75, 50, 50, 50, 50, 50]);
		expect(both.series[1].data[0]).toBe(100);
		expect(both.series[1].data[1]).toBe(40);
	});

	it('writes both readings to the CSV rows', () => {
		const t = stickinessTable(result([2, 0, 2, 0, 0, 0, 0]));
		expect(t.rows[0]).toEqual([1, 2, 0.5, 4, 1]);
		expect(t.rows[2]).toEqual([3, 2, 0.5, 2, 0.5]);
		expect(t.percent).toEqual([false, false, true, false, true]);
	});

	it('compared with all users: their four columns follow the segment’s, as shares of their own total', () => {
		const seg = result([1, 1, 0, 0, 0, 0, 2]);
		const all = result([6, 2, 1, 0, 0, 0, 1]);
		const t = stickinessTable(seg, all, 'All users');
		expect(t.header.slice(5)).toEqual([
			'All users: users',
			'All users: share',
			'All users: users (this many or more)',
			'All users: share (this many or more)'
		]);
		// Segment: 4 user-weeks; all users: 10. Two days: 1 of 4, and 2 of 10; two or more: 3 of 4, 4 of 10.
		expect(t.rows[1]).toEqual([2, 1, 0.25, 3, 0.75, 2, 0.2, 4, 0.4]);
		expect(t.percent).toEqual([false, false, true, false, true, false, true, false, true]);
	});
});
