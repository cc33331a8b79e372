/** The cluster tree's dashboard tile: its dendrogram cut into k clusters. */
import type { TileDraw } from '../tiles.ts';
import { count } from '../tiles.ts';
import { dendrogramOption } from './chart-options.ts';
import type { HierarchicalResult } from './spec.ts';

export function tile(result: HierarchicalResult, _spec: unknown, palette: readonly string[]): TileDraw {
	return {
		option: dendrogramOption(result, palette),
		headline: `${result.k} clusters of ${count(result.users)} users`
	};
}
