/** The stickiness dashboard tile: users per number of active days, and the users active in the range. */
import type { TileDraw } from '../tiles.ts';
import { count } from '../tiles.ts';
import { stickinessOption } from './chart-options.ts';
import type { StickinessResult } from './spec.ts';

export function tile(result: StickinessResult): TileDraw {
	return {
		option: stickinessOption(result, { cumulative: false }),
		headline: `${count(result.users)} active users`
	};
}
