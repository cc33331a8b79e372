/** The churn dashboard tile: the histogram of the current users' risk. */
import type { TileDraw } from '../tiles.ts';
import { histogramOption } from './chart-options.ts';
import type { ChurnResult } from './result.ts';

export function tile(result: ChurnResult): TileDraw {
	return { option: histogramOption(result), headline: null };
}
