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
