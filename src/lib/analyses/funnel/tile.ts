/** The funnel's dashboard tile: its bars of converted and dropped users, and the overall conversion. */
import type { TileDraw } from '../tiles.ts';
import { count, percent } from '../tiles.ts';
import { funnelOption } from './chart-options.ts';
import type { FunnelResult } from './result.ts';

/** The headline is the last step's share of step-1 users and the users who entered (SEMANTICS, funnels). */
export function tile(result: FunnelResult): TileDraw {
	const first = result.steps[0];
	const last = result.steps[result.steps.length - 1];
	return {
		option: funnelOption(result),
		headline: first ? `${percent(last.conversionFromStart)} of ${count(first.users)} users convert` : null
	};
}
