/** The engagement dashboard tile: the histogram of scores, and the users scored. */
import type { TileDraw } from '../tiles.ts';
import { count } from '../tiles.ts';
import { histogramOption } from './chart-options.ts';
import type { EngagementResult } from './spec.ts';

export function tile(result: EngagementResult): TileDraw {
	return { option: histogramOption(result), headline: `${count(result.users)} users scored` };
}
