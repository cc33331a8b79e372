/** The funnel screen's pure parts: bars, table rows and the users of a clicked bar part, on a hand-made result. */
import { describe, expect, it } from 'vitest';
import { funnelOption, funnelTable, partName, shortDuration, usersOfPart } from './chart-options.ts';
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
	it('writes one table row per step with both conversions', () => {
		const t = funnelTable(result);
		expect(t.rows[2]).toEqual(['all users', 3, 'cart', 'no', 2, 0.5, 0.5, 2, 10]);
	});
	it('selects the users of a bar part', () => {
		expect(usersOfPart(result, { step: 2, part: 'converted' })).toEqual(['a', 'b']);
		expect(usersOfPart(result, { step: 2, part: 'dropped' })).toEqual(['c', 'd']);
		expect(usersOfPart(result, { step: 1, part: 'converted' })).toEqual(['a', 'c']);
		expect(usersOfPart(result, { step: 1, part: 'dropped' })).toEqual(['b', 'd']);
		expect(partName(result, { step: 2, part: 'dropped' })).toBe('view, not cart');
	});
	it('writes durations briefly', () => {
		expect([45, 600, 7200, 259_200].map(shortDuration)).toEqual(['45 s', '10 min', '2.0 h', '3.0 d']);
	});
});
