/** The segment overlap dashboard tile: the matrix of users each pair of segments shares. */
import type { TileDraw } from '../tiles.ts';
import { overlapOption } from './chart-options.ts';
import type { OverlapResult } from './spec.ts';

export function tile(result: OverlapResult): TileDraw {
	return { option: overlapOption(result), headline: `${result.segments.length} segments` };
}
