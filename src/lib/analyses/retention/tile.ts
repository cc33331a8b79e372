/** The retention dashboard tile: the mean retention curve of its cohorts (the Curves tab's), and their count. */
import type { TileDraw } from '../tiles.ts';
import { count } from '../tiles.ts';
import { curvesOption } from './chart-options.ts';
import { cohortsShown, periodLabel } from './view.ts';
import type { RetentionResult, RetentionSpec } from './spec.ts';

export function tile(result: RetentionResult, spec: RetentionSpec): TileDraw {
	const shown = cohortsShown(result, null);
	const periods = Math.max(spec.periods, ...shown.map((c) => c.values.length));
	const labels = Array.from({ length: periods }, (_, k) => periodLabel(result.period, k));
	return {
		option: curvesOption([], shown, labels, periods),
		headline: `${count(shown.length)} cohorts`
	};
}
