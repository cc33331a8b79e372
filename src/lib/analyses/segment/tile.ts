/** The segment's dashboard tile: its size, in users and as a share of all users (no chart). */
import type { TileDraw } from '../tiles.ts';
import { count, percent } from '../tiles.ts';
import type { SegmentResult } from './spec.ts';

export function tile(result: SegmentResult): TileDraw {
	return { option: null, headline: `${count(result.users)} users (${percent(result.share)} of all)` };
}
