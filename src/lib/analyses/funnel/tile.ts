/** The funnel's dashboard tile: its bars of converted and dropped users, and the overall conversion. */
import type { TileDraw } from '../tiles.ts';
import { count, percent } from '../tiles.ts';
import { funnelOption } from './chart-options.ts';
import type { FunnelResult } from './result.ts';

/**
 * Width of the narrowest tile's chart in CSS pixels: a 26rem column of the dashboard grid less the card's
 * 1rem padding each side (routes/dashboard/+page.svelte, app.css `.card`). Wider tiles only get more room.
 */
export const TILE_CHART_PX = 384;
/** The tile's plot margins: room for the user counts on the left, one line of step names below. */
export const TILE_GRID = { left: 44, right: 12, top: 36, bottom: 28 };
/** Space kept between two step names (px). */
const LABEL_GAP = 6;

/**
 * The x-axis labels of a tile of `steps` steps: every step named (interval 0), on one line, each cut to the
 * width of its own bar slot with an ellipsis (ECharts `width` + `overflow: 'truncate'`), so neighbours never
 * overlap however long the event names; the full name stays in the tooltip. Rotating instead would take the
 * height a 200 px tile needs for its bars.
 */
export function tileAxisLabel(steps: number) {
	const plot = TILE_CHART_PX - TILE_GRID.left - TILE_GRID.right;
	return {
		interval: 0,
		rotate: 0,
		width: Math.max(12, Math.floor(plot / Math.max(1, steps)) - LABEL_GAP),
		overflow: 'truncate' as const,
		ellipsis: '…'
	};
}

/** The headline is the last step's share of step-1 users and the users who entered (SEMANTICS, funnels). */
export function tile(result: FunnelResult): TileDraw {
	const first = result.steps[0];
	const last = result.steps[result.steps.length - 1];
	const full = funnelOption(result);
	return {
		option: {
			...full,
			// Above the plot: at the foot it would sit on the step names.
			legend: { ...(full.legend as object), top: 0 },
			grid: TILE_GRID,
			xAxis: { ...(full.xAxis as object), axisLabel: tileAxisLabel(result.steps.length) }
		},
		headline: first ? `${percent(last.conversionFromStart)} of ${count(first.users)} users convert` : null
	};
}
