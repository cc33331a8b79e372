/** The funnel's step table: exact shares and seconds in its CSV, percentages and durations on screen. */
import { describe, expect, it } from 'vitest';
import { stepResults } from './shape.ts';
import type { FunnelResult } from './result.ts';
import { funnelNumericColumn, funnelScreenTable, funnelTable } from './view.ts';

const steps = [
	{ event: 'product_viewed', where: [], optional: false, within: null },
	{ event: 'added_to_cart', where: [], optional: false, within: null },
	{ event: 'order_completed', where: [], optional: false, within: null }
];
// 30 users view, 11 add to cart (median 2 h 5 min later), 4 order (median 1 d 2 h 3 min 4 s later).
const medians = [null, 2 * 3600 + 5 * 60, 86_400 + 2 * 3600 + 3 * 60 + 4];
const result: FunnelResult = {
	order: 'sequential',
	steps: stepResults({ steps }, [30, 11, 4], medians),
	breakdowns: [{ value: null, steps: stepResults({ steps }, [2, 1, 0], [null, 60, null]) }],
	timeToConvert: { fromStep: 0, toStep: 2, users: 4, medianSeconds: 1000, bins: [] },
	trend: { period: 'week', points: [] }
};

describe('funnel step table', () => {
	it('exports exact shares 0..1 and seconds, and its header names the units', () => {
		const t = funnelTable(result);
		expect(t.header[5]).toBe('conversion from start (0-1)');
		expect(t.header[6]).toBe('conversion from previous (0-1)');
		expect(t.header[8]).toBe('median seconds from previous');
		expect(t.rows[1]).toEqual(['all users', 2, 'added_to_cart', 'no', 11, 11 / 30, 11 / 30, 19, 7500]);
		expect(t.rows[2]).toEqual(['all users', 3, 'order_completed', 'no', 4, 4 / 30, 4 / 11, 7, 93_784]);
	});

	it('shows percentages and durations on screen, as the chart and the strip above it do', () => {
		const t = funnelScreenTable(result);
		expect(t.header.slice(5)).toEqual([
			'Conversion from start',
			'Conversion from previous',
			'Dropped',
			'Median time from previous'
		]);
		// 11/30 = 36.67 %, 4/30 = 13.33 %, 4/11 = 36.36 %.
		expect(t.rows[0]).toEqual(['all users', 1, 'product_viewed', 'no', 30, '100.0%', '100.0%', 0, null]);
		expect(t.rows[1]).toEqual(['all users', 2, 'added_to_cart', 'no', 11, '36.7%', '36.7%', 19, '2 h 5 min']);
		expect(t.rows[2]).toEqual(['all users', 3, 'order_completed', 'no', 4, '13.3%', '36.4%', 7, '1 d 2 h']);
		// The empty breakdown value: nobody reached step 3, so 0.0% and no median.
		expect(t.rows[4]).toEqual(['(none)', 2, 'added_to_cart', 'no', 1, '50.0%', '50.0%', 1, '1 min']);
		expect(t.rows[5]).toEqual(['(none)', 3, 'order_completed', 'no', 0, '0.0%', '0.0%', 1, null]);
	});

	it('right-aligns the numbers, percentages and durations, not the names', () => {
		// Columns: breakdown, step, event, optional, users, two conversions, dropped, median time.
		expect([0, 1, 2, 3, 4, 5, 6, 7, 8].filter(funnelNumericColumn)).toEqual([1, 4, 5, 6, 7, 8]);
	});
});
