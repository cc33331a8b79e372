/** The funnel screen's pure parts: bars and the users of a clicked bar part, on a hand-made result. */
import { describe, expect, it } from 'vitest';
import { breakdownOption, compareOption, funnelOption, partName, usersOfPart } from './chart-options.ts';
import { stepResults } from './shape.ts';
import type { FunnelResult } from './result.ts';

const steps = [
	{ event: 'view', where: [], optional: false, within: null },
	{ event: 'search', where: [], optional: true, within: null },
	{ event: 'cart', where: [], optional: false, within: null }
];
// Four users: a reached cart after searching, b reached cart, c searched only, d viewed only.
const result: FunnelResult = {
	order: 'sequential',
	steps: stepResults({ steps }, [4, 2, 2], [null, 5, 10]),
	breakdowns: [],
	timeToConvert: { fromStep: 0, toStep: 2, users: 2, medianSeconds: 10, bins: [] },
	trend: { period: 'week', points: [] },
	users: [
		{ user: 'a', reached: 2, optional: [1], breakdown: null },
		{ user: 'b', reached: 2, optional: [], breakdown: null },
		{ user: 'c', reached: 0, optional: [1], breakdown: null },
		{ user: 'd', reached: 0, optional: [], breakdown: null }
	]
};

describe('funnel chart options', () => {
	it('stacks the users who reached a step on those who dropped since the previous non-optional step', () => {
		const o = funnelOption(result) as { series: { data: number[] }[]; xAxis: { data: string[] } };
		expect(o.series[0].data).toEqual([4, 2, 2]);
		expect(o.series[1].data).toEqual([0, 2, 2]);
		expect(o.xAxis.data).toEqual(['1. view', '2. search (optional)', '3. cart']);
	});
	it('selects the users of a bar part', () => {
		expect(usersOfPart(result, { step: 2, part: 'converted' })).toEqual(['a', 'b']);
		expect(usersOfPart(result, { step: 2, part: 'dropped' })).toEqual(['c', 'd']);
		expect(usersOfPart(result, { step: 1, part: 'converted' })).toEqual(['a', 'c']);
		expect(usersOfPart(result, { step: 1, part: 'dropped' })).toEqual(['b', 'd']);
		expect(partName(result, { step: 2, part: 'dropped' })).toBe('view, not cart');
	});
	it('draws an optional step lighter, and no label on an empty bar', () => {
		const o = funnelOption(result) as unknown as {
			series: { itemStyle: { color: (p: { dataIndex: number }) => string } }[];
		};
		const color = o.series[0].itemStyle.color;
		expect(color({ dataIndex: 1 })).not.toBe(color({ dataIndex: 0 }));
		expect(color({ dataIndex: 2 })).toBe(color({ dataIndex: 0 }));
		const empty = { ...result, steps: stepResults({ steps }, [4, 0, 2], []) };
		const label = (
			funnelOption(empty) as unknown as {
				series: { label: { formatter: (p: { dataIndex: number }) => string } }[];
			}
		).series[0].label.formatter;
		expect([0, 1, 2].map((dataIndex) => label({ dataIndex }))).toEqual(['100.0%', '', '50.0%']);
	});
	it('groups conversion from step 1 by breakdown value, and a segment beside all users', () => {
		// Value x: 3 users, 1 at cart; the empty value: 1 user, at cart.
		const split: FunnelResult = {
			...result,
			breakdowns: [
				{ value: 'x', steps: stepResults({ steps }, [3, 1, 1], []) },
				{ value: null, steps: stepResults({ steps }, [1, 1, 1], []) }
			]
		};
		const b = breakdownOption(split) as { series: { name: string; data: number[] }[] };
		expect(b.series.map((s) => [s.name, s.data])).toEqual([
			['x', [1, 1 / 3, 1 / 3]],
			['(none)', [1, 1, 1]]
		]);
		const seg = { ...result, steps: stepResults({ steps }, [2, 0, 1], []) };
		const c = compareOption(seg, result, { segment: 'mine', all: 'All users' }) as {
			series: { name: string; data: number[] }[];
		};
		expect(c.series.map((s) => [s.name, s.data])).toEqual([
			['mine', [1, 0, 0.5]],
			['All users', [1, 0.5, 0.5]]
		]);
	});
});
