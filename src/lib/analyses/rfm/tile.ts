/** The RFM dashboard tile: users per class, and the users scored. */
import type { TileDraw } from '../tiles.ts';
import { count } from '../tiles.ts';
import { classesOption } from './chart-options.ts';
import type { RfmResult } from './spec.ts';

export function tile(result: RfmResult): TileDraw {
	return { option: classesOption(result, null), headline: `${count(result.users)} users scored` };
}
