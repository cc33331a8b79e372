/** The k-means dashboard tile: the scatter of clusters when plotted, else the elbow of a k range. */
import type { TileDraw } from '../tiles.ts';
import { count } from '../tiles.ts';
import { elbowOption, scatterOption } from './chart-options.ts';
import type { KmeansElbowResult, KmeansResult } from './spec.ts';

export function tile(result: KmeansResult | KmeansElbowResult): TileDraw {
	if ('elbow' in result)
		return { option: elbowOption(result, null), headline: `${count(result.users)} users` };
	return {
		option: scatterOption(result),
		headline: `${result.k} clusters of ${count(result.users)} users`
	};
}
