/** The RFM screen's pure parts: the named-segment map, the starting guesses, the chart options and tables. */
import { describe, expect, it } from 'vitest';
import { classOf, RFM_CLASSES, toFive } from './classes.ts';
import { classesOption, compact, gridOption } from './chart-options.ts';
import type { RfmResult } from './spec.ts';
import {
	guessMonetary,
	guessPurchaseEvent,
	gridTable,
	inSelection,
	selectionSize,
	sortUsers,
	usersTable
} from './view.ts';

/** The R × F map as it is published (regular expressions over the two-digit "RF" string). */
const PUBLISHED: [RegExp, string][] = [
	[/^[1-2][1-2]$/, 'hibernating'],
	[/^[1-2][3-4]$/, 'at_risk'],
	[/^[1-2]5$/, 'cant_lose'],
	[/^3[1-2]$/, 'about_to_sleep'],
	[/^33$/, 'need_attention'],
	[/^[3-4][4-5]$/, 'loyal'],
	[/^41$/, 'promising'],
	[/^51$/, 'new'],
	[/^[4-5][2-3]$/, 'potential_loyalists'],
	[/^5[4-5]$/, 'champions']
];

describe('named segments', () => {
	it('5 bins: the published R × F map, with R 1 F 1 named lost', () => {
		for (let r = 1; r <= 5; r++)
			for (let f = 1; f <= 5; f++) {
				const hits = PUBLISHED.filter(([re]) => re.test(`${r}${f}`));
				expect(hits).toHaveLength(1); // the published map tiles the grid
				expect(classOf(r, f, 5)).toBe(r === 1 && f === 1 ? 'lost' : hits[0][1]);
			}
	});

	it('other bin counts fold onto five steps by the centre of each bin', () => {
		expect([1, 2, 3].map((s) => toFive(s, 3))).toEqual([1, 3, 5]);
		expect([1, 2].map((s) => toFive(s, 2))).toEqual([2, 4]);
		expect([1, 2, 3, 4].map((s) => toFive(s, 4))).toEqual([1, 2, 4, 5]);
		expect(Array.from({ length: 10 }, (_, i) => toFive(i + 1, 10))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
		expect(classOf(3, 3, 3)).toBe('champions');
		expect(classOf(1, 1, 3)).toBe('lost');
		expect(classOf(2, 2, 3)).toBe('need_attention');
		expect(classOf(1, 2, 2)).toBe('at_risk');
	});

	it('every bin count reaches every class it can, and no class outside the list', () => {
		const keys = new Set(RFM_CLASSES.map((c) => c.key));
		for (let b = 2; b <= 10; b++)
			for (let r = 1; r <= b; r++) for (let f = 1; f <= b; f++) expect(keys).toContain(classOf(r, f, b));
		const reached5 = new Set<string>();
		for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) reached5.add(classOf(r, f, 5));
		expect(reached5.size).toBe(11);
	});
});

describe('starting guesses', () => {
	const col = (name: string, type = 'DOUBLE', role: string | null = null) => ({ name, type, role });
	it('a money column, else quantity times unit price, else a price, else the first number', () => {
		expect(guessMonetary([col('price'), col('quantity', 'BIGINT'), col('revenue')])).toBe('revenue');
		expect(guessMonetary([col('InvoiceNo', 'VARCHAR'), col('Quantity', 'BIGINT'), col('UnitPrice')])).toBe(
			'Quantity * UnitPrice'
		);
		expect(guessMonetary([col('number_of_cds', 'BIGINT'), col('dollar_value')])).toBe('dollar_value');
		expect(guessMonetary([col('Unit Price'), col('qty', 'BIGINT')])).toBe('qty * "Unit Price"');
		expect(guessMonetary([col('user', 'BIGINT', 'user'), col('score', 'INTEGER')])).toBe('score');
		expect(guessMonetary([col('name', 'VARCHAR')])).toBeNull();
	});
	it('a purchase event when there is one', () => {
		expect(guessPurchaseEvent(['$pageview', 'order_completed'])).toBe('order_completed');
		expect(guessPurchaseEvent(['view', 'Purchase'])).toBe('Purchase');
		expect(guessPurchaseEvent(['view', 'click'])).toBeNull();
	});
});

const result: RfmResult = {
	bins: 5,
	asOf: '2025-01-01T00:00:00.000000Z',
	users: 6,
	edges: { recency: [0, 1, 2, 3, 4, 5], frequency: [1, 1, 1, 2, 3, 9], monetary: [0, 1, 2, 3, 4, 5] },
	segments: { 551: 2, 155: 3, 111: 1 },
	scoreCounts: { 3: 1, 11: 5 },
	grid: [
		{ r: 1, f: 1, users: 1, avgMonetary: 1, avgRecency: 200, avgFrequency: 1 },
		{ r: 1, f: 5, users: 3, avgMonetary: 1500, avgRecency: 120, avgFrequency: 9 },
		{ r: 5, f: 5, users: 2, avgMonetary: 12_345.6, avgRecency: 1, avgFrequency: 8 }
	],
	classes: RFM_CLASSES.map((c) => ({
		key: c.key,
		users: c.key === 'lost' ? 1 : c.key === 'cant_lose' ? 3 : c.key === 'champions' ? 2 : 0,
		avgMonetary: null
	}))
};

describe('chart options and tables', () => {
	it('the grid puts F across and R up, colours by users and labels users and average monetary', () => {
		const o = gridOption(result, { type: 'cell', r: 5, f: 5 }) as {
			series: { data: { value: number[]; itemStyle?: object }[] }[];
			visualMap: { dimension: number; max: number };
		};
		expect(o.series[0].data.map((d) => d.value)).toEqual([
			[0, 0, 1, 1],
			[4, 0, 3, 1500],
			[4, 4, 2, 12_345.6]
		]);
		expect(o.visualMap).toMatchObject({ dimension: 2, max: 3 });
		expect(o.series[0].data.map((d) => !!d.itemStyle)).toEqual([false, false, true]);
	});

	it('bars list every named segment in order, the selected one darker', () => {
		const o = classesOption(result, { type: 'class', key: 'cant_lose' }) as {
			yAxis: { data: string[] };
			series: { data: { value: number; itemStyle: { color: string } }[] }[];
		};
		expect(o.yAxis.data[0]).toBe('Champions');
		expect(o.yAxis.data).toHaveLength(11);
		const colours = new Set(o.series[0].data.map((d) => d.itemStyle.color));
		expect(colours.size).toBe(2);
		expect(o.series[0].data.map((d) => d.value)).toEqual(result.classes.map((c) => c.users));
	});

	it('selection sizes and membership', () => {
		expect(selectionSize(result, { type: 'cell', r: 1, f: 5 })).toBe(3);
		expect(selectionSize(result, { type: 'class', key: 'champions' })).toBe(2);
		expect(inSelection({ r: 5, f: 4 }, { type: 'class', key: 'champions' }, 5)).toBe(true);
		expect(inSelection({ r: 5, f: 4 }, { type: 'cell', r: 5, f: 5 }, 5)).toBe(false);
	});

	it('tables for the CSV exports', () => {
		expect(gridTable(result).rows[1]).toEqual([1, 5, "Can't lose", 3, 0.5, 120, 9, 1500]);
		const rows = [
			{ user: 'b', recency: 3, frequency: 2, monetary: 10, r: 4, f: 3, m: 2 },
			{ user: 'a', recency: 1, frequency: 2, monetary: 10, r: 5, f: 3, m: 2 }
		];
		expect(usersTable(rows, 5).rows[0]).toEqual(['b', 3, 2, 10, 4, 3, 2, '432', 'Potential loyalists']);
		expect(sortUsers(rows, 'monetary').map((u) => u.user)).toEqual(['a', 'b']);
		expect(sortUsers(rows, 'recency').map((u) => u.user)).toEqual(['a', 'b']);
		expect(compact(12_345.6)).toBe('12k');
		expect(compact(1500)).toBe('1.5k');
		expect(compact(3.14159)).toBe('3.1');
	});
});
