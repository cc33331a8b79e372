/** Chart styles shared by the analyses' chart options, pure data (no ECharts import). */

/**
 * Diagonal hatching (an ECharts `itemStyle.decal`) for a bar or cell whose period was still running when the
 * data ends, so its count can still change (PostHog draws them so).
 */
export const HATCH = {
	symbol: 'rect',
	symbolSize: 1,
	dashArrayX: [1, 0],
	dashArrayY: [3, 5],
	rotation: -Math.PI / 4,
	color: 'rgba(27, 36, 48, 0.28)'
};

/**
 * A scatter series drawn as one path (ECharts' large mode, whatever its size) instead of one element per
 * point: the few thousand users of a cluster map draw in milliseconds, not a few hundred (issue 13: a
 * cached result on screen ≤ 50 ms). A hovered point still shows its tooltip; it is not enlarged.
 */
export const LARGE_SCATTER = { large: true, largeThreshold: 0 } as const;
