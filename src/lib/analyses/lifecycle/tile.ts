/** The lifecycle dashboard tile: new, returning, resurrecting and dormant users per period. */
import type { TileDraw } from '../tiles.ts';
import { lifecycleOption } from './chart-options.ts';
import type { LifecycleResult } from './spec.ts';

export function tile(result: LifecycleResult): TileDraw {
	return { option: lifecycleOption(result), headline: `${result.periods.length} ${result.period}s` };
}
