/** ECharts options and table rows of the trend screen, pure (no DOM). */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { TrendResult, TrendSeries } from './spec.ts';

/** The label a series is shown under: its breakdown value, "(none)" for an empty value, or the measure. */
export function seriesName(s: TrendSeries, result: Pick<TrendResult, 'measure'>): string {
	if (s.other) return 'other';
	if (s.key !== null) return s.key;
	return s.points.length && result.measure === 'users' ? 'Users' : 'Events';
}

/**
 * One line per series over every period (SEMANTICS §10: all periods present, 0 where nothing happened);
 * bars when there is a single period, where a line would be a dot.
 */
export function trendOption(result: TrendResult, breakdown: string | null): ChartOption {
	const periods = result.series[0]?.points.map((p) => p.period) ?? [];
	const type = periods.length === 1 ? 'bar' : 'line';
	return {
		grid: { left: 56, right: 16, top: breakdown ? 36 : 16, bottom: 40 },
		tooltip: { trigger: 'axis' },
		legend: breakdown ? { top: 0, type: 'scroll' } : { show: false },
		xAxis: { type: 'category', data: periods, boundaryGap: type === 'bar' },
		yAxis: { type: 'value', minInterval: 1, name: result.measure === 'users' ? 'users' : 'events' },
		dataZoom: periods.length > 60 ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 4 }] : [],
		series: result.series.map((s) => ({
			name: breakdown && s.key === null && !s.other ? '(none)' : seriesName(s, result),
			type,
			showSymbol: periods.length <= 60,
			data: s.points.map((p) => p.value)
		}))
	};
}

/** The result as a table: one row per period, one column per series (what the CSV export writes). */
export function trendTable(
	result: TrendResult,
	breakdown: string | null
): { header: string[]; rows: (string | number)[][] } {
	const names = result.series.map((s) =>
		breakdown && s.key === null && !s.other ? '(none)' : seriesName(s, result)
	);
	const periods = result.series[0]?.points.map((p) => p.period) ?? [];
	return {
		header: ['period', ...names],
		rows: periods.map((period, i) => [period, ...result.series.map((s) => s.points[i].value)])
	};
}
