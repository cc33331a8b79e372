/** The DBSCAN dashboard tile: the scatter of clusters when plotted, else the k-distance curve. */
import type { TileDraw } from '../tiles.ts';
import { count } from '../tiles.ts';
import { kDistanceOption, scatterOption } from './chart-options.ts';
import type { DbscanKDistanceResult, DbscanResult } from './spec.ts';

export function tile(result: DbscanResult | DbscanKDistanceResult): TileDraw {
	if (!('clusters' in result))
		return { option: kDistanceOption(result, null), headline: `${count(result.users)} users` };
	return {
		option: scatterOption(result),
		headline: `${result.clusters.length} clusters of ${count(result.users)} users`
	};
}
