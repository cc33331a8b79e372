import type { EChartsCoreOption } from 'echarts/core';

/** How long a freshly computed result takes to grow in (ms). */
export const ANIMATION_MS = 300;

/**
 * The option every chart is drawn with: the shared palette and font, then the analysis's own option, with its
 * tooltip drawn on the canvas (richText, whatever the option says; confined to the chart unless it says
 * otherwise), never as HTML: event names and values from a user's file can hold markup, and must show as text.
 *
 * `animate` false (a result from the cache, issue 13: on screen ≤ 50 ms after the request) draws the final
 * picture in the first frame: no grow-in, no morph from the previous result; the picture is the same. An
 * option that sets `animation` itself (a heatmap that never animates) keeps its own choice when animating.
 */
export function baseOption(
	option: EChartsCoreOption,
	palette: readonly string[],
	animate: boolean
): EChartsCoreOption {
	return {
		color: [...palette],
		animationDuration: ANIMATION_MS,
		textStyle: { fontFamily: 'system-ui, sans-serif' },
		...option,
		...(animate ? {} : { animation: false }),
		tooltip: { confine: true, ...(option.tooltip as object | undefined), renderMode: 'richText' }
	};
}

/** One line of a legend, px: ECharts' 14 px item with the space between lines. */
export const LEGEND_LINE = 24;
/** ECharts' legend defaults, px: item (icon) width, gap from icon to name, gap between items, padding. */
const ICON = 25;
const ICON_GAP = 5;
const ITEM_GAP = 10;
const PAD = 5;

type Legend = { type?: string; data?: unknown[]; show?: boolean } & Record<string, unknown>;

/**
 * The option a chart's PNG is drawn with: a paged legend (`type: 'scroll'`, which shows one line and arrows)
 * becomes a plain one, which wraps onto as many lines as its names need, so the picture names every series;
 * the plot moves down by the lines added, and the picture grows by as much (`extra`, px). `width`: the
 * chart's width (px); `measure`: a name's width at the legend's font (px). Legends at the top (ECharts'
 * default) only, as every chart here draws them; any other option is returned as it is.
 */
export function pngOption(
	option: EChartsCoreOption,
	width: number,
	measure: (text: string) => number
): { option: EChartsCoreOption; extra: number } {
	const legend = option.legend as Legend | undefined;
	if (!legend || Array.isArray(legend) || legend.type !== 'scroll' || legend.show === false)
		return { option, extra: 0 };
	const series = (Array.isArray(option.series) ? option.series : [option.series]) as { name?: unknown }[];
	const names = (legend.data ?? series.map((s) => s?.name)).map((n) =>
		typeof n === 'object' && n !== null ? (n as { name?: unknown }).name : n
	);
	let lines = 1;
	let x = 0;
	for (const name of names) {
		if (typeof name !== 'string' || name === '') continue;
		const item = ICON + ICON_GAP + measure(name);
		if (x > 0 && x + item > width - 2 * PAD) {
			lines++;
			x = 0;
		}
		x += item + ITEM_GAP;
	}
	const extra = (lines - 1) * LEGEND_LINE;
	const grid = option.grid as { top?: unknown } | undefined;
	const top = typeof grid?.top === 'number' ? grid.top : 60;
	return {
		option: {
			...option,
			legend: { ...legend, type: 'plain' },
			...(grid && !Array.isArray(grid) ? { grid: { ...grid, top: top + extra } } : {})
		},
		extra
	};
}
