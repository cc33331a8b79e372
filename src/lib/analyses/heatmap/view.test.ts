/** The heatmap screen's pure parts: the grid, its smoothing, top regions and the chart options. */
import { describe, expect, it } from 'vitest';
import { activityOption, clickOption } from './chart-options.ts';
import { cellsOf, clickGrid, groupsOf, smooth, topRegions, typicalWidth } from './grid.ts';
import type { ActivityResult, ClickCell, ClickResult } from './spec.ts';

const cell = (page: string, group: string, gx: number, gy: number, clicks: number, rage = 0): ClickCell => ({
	page,
	group,
	gx,
	gy,
	clicks,
	rage
});

const result = {
	type: 'clicks',
	columns: 8,
	cells: [
		cell('p', 'desktop', 2, 1, 10, 1),
		cell('p', 'mobile', 2, 1, 5),
		cell('p', 'mobile', 7, 3, 1),
		cell('q', 'desktop', 0, 0, 99)
	]
} as ClickResult;

describe('click grid', () => {
	it('adds up the groups of one spot and cuts the rows below the screenshot', () => {
		expect(groupsOf(result, 'p')).toEqual([
			{ group: 'desktop', clicks: 10 },
			{ group: 'mobile', clicks: 6 }
		]);
		const g = clickGrid(cellsOf(result, 'p', null), 8);
		expect(g.rows).toBe(4);
		expect(g.values[1 * 8 + 2]).toBe(15);
		expect(g.clicks).toBe(16);
		const cut = clickGrid(cellsOf(result, 'p', null), 8, 2);
		expect(cut.clicks).toBe(15);
		expect(clickGrid(cellsOf(result, 'p', 'mobile'), 8).values[1 * 8 + 2]).toBe(5);
	});

	it('smooths without losing clicks, even at the edges, and keeps the peak where it was', () => {
		const g = clickGrid(cellsOf(result, 'p', null), 8);
		const s = smooth(g, 1);
		expect(s.values.reduce((a, b) => a + b, 0)).toBeCloseTo(16, 9);
		expect(s.values[1 * 8 + 2]).toBe(s.max);
		expect(s.values[1 * 8 + 3]).toBeGreaterThan(0);
		expect(s.values[1 * 8 + 3]).toBeLessThan(s.max);
	});

	it('lists top regions by clicks with their place on the screen', () => {
		const r = topRegions(cellsOf(result, 'p', null), 8, 1440, 2);
		// One cell is 1440 / 8 = 180 px square; row 1 spans 180-360 px.
		expect(r[0]).toEqual({
			gx: 2,
			gy: 1,
			clicks: 15,
			rage: 1,
			share: 15 / 16,
			x0: 0.25,
			x1: 0.375,
			y0: 180,
			y1: 360
		});
		expect(r[1]).toMatchObject({ gx: 7, gy: 3, clicks: 1, x1: 1 });
		expect(typicalWidth('mobile')).toBe(390);
		expect(typicalWidth('1024-1279')).toBe(1024);
		expect(typicalWidth('0-479')).toBe(390);
	});
});

describe('chart options', () => {
	it('draws the screenshot under the density, and leaves near-empty cells out', () => {
		const g = clickGrid(cellsOf(result, 'p', null), 8);
		const o = clickOption(g, 0.5, { url: 'blob:x', width: 800, height: 400 }) as {
			graphic: { style: { image: string; width: number } }[];
			series: { data: number[][]; itemStyle: { opacity: number } }[];
			yAxis: { inverse: boolean };
		};
		expect(o.graphic[0].style).toMatchObject({ image: 'blob:x', width: 800 });
		expect(o.series[0].itemStyle.opacity).toBe(0.5);
		expect(o.yAxis.inverse).toBe(true);
		// Both clicked cells are above 2 % of the peak (1 / 15 ≈ 6.7 %): both are drawn, nothing else.
		expect(o.series[0].data).toEqual([
			[2, 1, 15],
			[7, 3, 1]
		]);
		expect((clickOption(g, 1, null) as { graphic: unknown[] }).graphic).toEqual([]);
	});

	it('puts Monday on the first row and the hour on the x axis', () => {
		const cells = [];
		for (let weekday = 1; weekday <= 7; weekday++)
			for (let hour = 0; hour < 24; hour++)
				cells.push({ weekday, hour, events: weekday * 100 + hour, users: 1 });
		const o = activityOption({ type: 'activity', cells } as ActivityResult, 'events') as {
			series: { data: number[][] }[];
			visualMap: { max: number };
		};
		expect(o.series[0].data[0]).toEqual([0, 0, 100]);
		expect(o.series[0].data[167]).toEqual([23, 6, 723]);
		expect(o.visualMap.max).toBe(723);
	});
});
