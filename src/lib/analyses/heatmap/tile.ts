/**
 * The heatmap dashboard tile: the weekday × hour grid of events, or the scroll-depth lines of the top pages.
 * A click heatmap needs its page's screenshot and width to read, so its tile links to it instead.
 */
import type { TileDraw } from '../tiles.ts';
import { count } from '../tiles.ts';
import { activityOption, scrollOption } from './chart-options.ts';
import type { HeatmapResult } from './spec.ts';

/** Top pages drawn on a scroll tile, as on the full screen. */
const SCROLL_LINES = 8;

export function tile(result: HeatmapResult): TileDraw {
	if (result.type === 'activity') return { option: activityOption(result, 'events'), headline: null };
	if (result.type === 'scroll')
		return {
			option: result.pages.length ? scrollOption(result.pages.slice(0, SCROLL_LINES)) : null,
			headline: `${count(result.pages.length)} pages`
		};
	return { option: null, headline: `${count(result.cells.length)} cells clicked` };
}
