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
