/**
 * The compact chart of each analysis on a dashboard tile (issue 13), found by convention
 * (`<kind>/tile.ts`, exporting `tile`), so adding an analysis adds no line here. A kind without one shows
 * its headline-less tile with a link to the full analysis. Pure: each `tile` builds ECharts options from a
 * result with the analysis's own chart-options.
 */
import type { ChartOption } from '../components/charts/echarts.ts';
import { percentText } from './format.ts';

/** What a tile draws: its chart (null: none) and one line of the result's key number in words, or null. */
export interface TileDraw {
	option: ChartOption | null;
	headline: string | null;
}

/** A kind's tile: its result and parsed spec (as run, scope included) and the chart palette. */
export type TileFn = (result: never, spec: never, palette: readonly string[]) => TileDraw;

const tiles = import.meta.glob<{ tile: TileFn }>('./*/tile.ts', { eager: true });

/** The tile of `kind`, or null when the analysis has none. */
export function tileOf(
	kind: string
): ((result: unknown, spec: unknown, palette: readonly string[]) => TileDraw) | null {
	const t = tiles[`./${kind}/tile.ts`]?.tile;
	return t ? (t as (result: unknown, spec: unknown, palette: readonly string[]) => TileDraw) : null;
}

/** A count as a tile writes it: 12,345. */
export function count(n: number): string {
	return n.toLocaleString('en');
}

/** A share 0..1 as a tile writes it: 12.3%. */
export function percent(share: number | null): string {
	return share === null ? '–' : percentText(share);
}
