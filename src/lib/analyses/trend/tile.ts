/** The trend's dashboard tile: its lines, and the events counted over the range (or the latest period's users). */
import type { TileDraw } from '../tiles.ts';
import { count } from '../tiles.ts';
import { trendOption } from './chart-options.ts';
import type { TrendResult, TrendSpec } from './spec.ts';

/**
 * Events are summed over every period; unique users are not additive across periods, so the headline
 * gives the last period's instead (SEMANTICS §10).
 */
export function tile(result: TrendResult, spec: TrendSpec, palette: readonly string[]): TileDraw {
	const option = trendOption(result, spec.breakdown, null, palette);
	const points = result.series.flatMap((s) => s.points);
	if (points.length === 0) return { option, headline: null };
	if (result.measure === 'events')
		return { option, headline: `${count(points.reduce((s, p) => s + p.value, 0))} events` };
	const periods = result.series[0].points;
	const last = periods[periods.length - 1];
	const users = result.series.reduce((s, x) => s + (x.points[x.points.length - 1]?.value ?? 0), 0);
	return { option, headline: `${count(users)} users in ${last.period}` };
}
