/** ECharts options of the heatmap screen, pure (no DOM): click density, activity grid, scroll reach. */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { ClickGrid } from './grid.ts';
import type { ActivityResult, ScrollPage } from './spec.ts';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** Cold to hot, the coldest fully transparent so the page shows through where nobody clicked. */
const DENSITY = ['rgba(49,54,149,0)', 'rgba(69,117,180,0.55)', '#74add1', '#fee090', '#f46d43', '#d73027'];

/** A screenshot under the heatmap: an image URL (an object URL of a local file) and the drawn size, px. */
export interface Backdrop {
	url: string;
	width: number;
	height: number;
}

/**
 * The click density of `grid` as a heatmap filling the whole chart (no axes), row 0 at the top, the
 * hottest cell at full colour. Cells below 2 % of the maximum are left out so the backdrop shows. With a
 * `backdrop`, the screenshot is drawn under it (inside the canvas, so the PNG export holds both) and
 * `opacity` (0-1) fades the heatmap over it.
 */
export function clickOption(grid: ClickGrid, opacity: number, backdrop: Backdrop | null): ChartOption {
	const data: [number, number, number][] = [];
	const floor = grid.max * 0.02;
	for (let gy = 0; gy < grid.rows; gy++)
		for (let gx = 0; gx < grid.columns; gx++) {
			const v = grid.values[gy * grid.columns + gx];
			if (v > floor) data.push([gx, gy, Math.round(v * 100) / 100]);
		}
	const axis = (n: number) => ({
		type: 'category',
		data: Array.from({ length: n }, (_, i) => i),
		show: false
	});
	return {
		animation: false,
		grid: { left: 0, right: 0, top: 0, bottom: 0 },
		xAxis: axis(grid.columns),
		yAxis: { ...axis(grid.rows), inverse: true },
		visualMap: {
			show: false,
			min: 0,
			max: Math.max(grid.max, 1e-9),
			inRange: { color: DENSITY }
		},
		tooltip: {
			formatter: (p: { value: number[] }) => `column ${p.value[0]}, row ${p.value[1]}: ${p.value[2]}`
		},
		graphic: backdrop
			? [
					{
						type: 'image',
						silent: true,
						z: -10,
						left: 0,
						top: 0,
						style: { image: backdrop.url, width: backdrop.width, height: backdrop.height }
					}
				]
			: [],
		series: [
			{
				type: 'heatmap',
				data,
				itemStyle: { opacity: Math.min(1, Math.max(0, opacity)) },
				emphasis: { disabled: true },
				progressive: 0
			}
		]
	};
}

/** Events or users by weekday (rows, Monday on top) × hour (columns) of the activity heatmap. */
export function activityOption(result: ActivityResult, measure: 'events' | 'users'): ChartOption {
	const data = result.cells.map((c) => [c.hour, c.weekday - 1, c[measure]]);
	const max = Math.max(1, ...result.cells.map((c) => c[measure]));
	return {
		grid: { left: 48, right: 16, top: 8, bottom: 72 },
		xAxis: {
			type: 'category',
			data: Array.from({ length: 24 }, (_, h) => `${h}`),
			name: 'hour',
			nameLocation: 'middle',
			nameGap: 28
		},
		yAxis: { type: 'category', data: [...WEEKDAYS], inverse: true },
		visualMap: {
			min: 0,
			max,
			calculable: true,
			orient: 'horizontal',
			left: 'center',
			bottom: 0,
			inRange: { color: ['#f4f8fc', '#9ecae1', '#2f6db5', '#08306b'] }
		},
		tooltip: {
			formatter: (p: { value: number[] }) =>
				`${WEEKDAYS[p.value[1]]} ${p.value[0]}:00-${p.value[0]}:59: ${p.value[2].toLocaleString('en')} ${measure}`
		},
		series: [{ type: 'heatmap', data, label: { show: false } }]
	};
}

/** The share of pageviews reaching each depth, one line per page (a fold-line chart). */
export function scrollOption(pages: readonly ScrollPage[]): ChartOption {
	return {
		grid: { left: 56, right: 24, top: 40, bottom: 40 },
		legend: { type: 'scroll', top: 0 },
		xAxis: { type: 'value', min: 0, max: 100, name: 'depth %', nameLocation: 'middle', nameGap: 26 },
		yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
		tooltip: { trigger: 'axis' },
		series: pages.map((p) => ({
			type: 'line',
			name: p.page,
			step: false,
			symbolSize: 5,
			data: p.reach.map((r) => [r.depth, Math.round(r.share * 1000) / 10])
		}))
	};
}
