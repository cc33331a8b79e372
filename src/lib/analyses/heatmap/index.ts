import type { ExecuteAnalysis } from '../types.ts';
import { runHeatmap } from './run.ts';
import {
	heatmapColumns,
	parseHeatmap,
	type HeatmapResult,
	type HeatmapSpec,
	type HeatmapSpecInput
} from './spec.ts';

/** Click heatmaps with rage clicks, scroll depth and weekday × hour activity (SEMANTICS §7). */
export const heatmap: ExecuteAnalysis<'heatmap', HeatmapSpecInput, HeatmapSpec, HeatmapResult> = {
	kind: 'heatmap',
	version: 1,
	label: 'Heatmaps',
	description: 'Where people click on a page, how far they scroll, and when in the week they are active.',
	route: 'heatmaps',
	// Scroll depth is per pageview, a (user, session, page): `__session` comes with the sessions table.
	needs: ['sessions'],
	needsTime: true,
	parse: parseHeatmap,
	columns: heatmapColumns,
	execute: (engine, spec, ctx) => runHeatmap(engine, spec, ctx)
};
