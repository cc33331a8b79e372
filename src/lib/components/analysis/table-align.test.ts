import { describe, expect, it } from 'vitest';
import { isNumericColumn } from './table-align.ts';

describe('which table columns are right-aligned', () => {
	// The demo's three-step funnel table as the walk-through saw it (funnelTable's columns: breakdown, step,
	// event, optional, users, both conversions, dropped, median seconds; the first step has no median).
	const funnel = [
		['all users', 1, 'product_viewed', 'no', 4754, 1, 1, 0, null],
		['all users', 2, 'added_to_cart', 'no', 1747, 0.367, 0.367, 3007, 56.586],
		['all users', 3, 'order_completed', 'no', 834, 0.175, 0.477, 913, 318.284]
	];

	it('regression: text columns after the first (event names, yes/no) are not drawn as numbers', () => {
		expect(funnel[0].map((_, i) => isNumericColumn(funnel, i))).toEqual([
			false,
			true,
			false,
			false,
			true,
			true,
			true,
			true,
			true
		]);
	});

	it("a churn coefficient's meaning is text; a column with gaps but only numbers is numeric", () => {
		const rows = [
			['days since last event', 0.685, 1.984, 'more days since last event → higher risk'],
			['intercept', 0.001, null, 'log-odds at average features']
		];
		expect([0, 1, 2, 3].map((i) => isNumericColumn(rows, i))).toEqual([false, true, true, false]);
	});

	it('a column with no value keeps the old rule (numbers after the first column)', () => {
		expect(
			[0, 1].map((i) =>
				isNumericColumn(
					[
						[null, ''],
						[null, null]
					],
					i
				)
			)
		).toEqual([false, true]);
	});
});
