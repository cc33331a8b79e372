/** The KPI dashboard tile: its lines, and the first series's latest value as its headline card shows it. */
import type { TileDraw } from '../tiles.ts';
import { formatKpi, kpiOption } from './chart-options.ts';
import type { KpiResult } from './spec.ts';

export function tile(result: KpiResult, _spec: unknown, palette: readonly string[]): TileDraw {
	const s = result.series[0];
	return {
		option: kpiOption(result, { palette }),
		headline: s ? `${s.label}: ${formatKpi(s.headline.value, s.unit)}` : null
	};
}
