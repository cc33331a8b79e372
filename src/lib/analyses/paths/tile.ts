/** The paths dashboard tile: the Sankey of its paths, and how many session paths it counts. */
import type { TileDraw } from '../tiles.ts';
import { count } from '../tiles.ts';
import { pathsOption } from './chart-options.ts';
import type { PathsResult } from './spec.ts';

export function tile(result: PathsResult, _spec: unknown, palette: readonly string[]): TileDraw {
	return { option: pathsOption(result, palette), headline: `${count(result.paths)} paths` };
}
