/** ECharts options and table rows of the trend screen, pure (no DOM). */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { TrendPoint, TrendResult, TrendSeries, TrendSpec } from './spec.ts';

/** The label a series is shown under: its breakdown value, "(none)" for an empty value, or the measure. */
export function seriesName(s: TrendSeries, result: Pick<TrendResult, 'measure'>): string {
	if (s.other) return 'other';
	if (s.key !== null) return s.key;
	return s.points.length && result.measure === 'users' ? 'Users' : 'Events';
}

/**
 * "This segment vs everyone" (SEMANTICS §1b `compare`): the same trend for all users, and the names the
 * two are shown under.
 */
export interface TrendCompare {
	baseline: TrendResult;
	segment: string;
	all?: string;
}

/** One line of the chart and column of the table. `baseline`: a line of all users beside a segment's. */
export interface TrendLine {
	name: string;
	points: TrendPoint[];
	baseline: boolean;
	/** Lines of the same breakdown value share it, so a segment's line and everyone's pair up by colour. */
	pair: number;
}

function names(result: TrendResult, breakdown: string | null): string[] {
	return result.series.map((s) =>
		breakdown && s.key === null && !s.other ? '(none)' : seriesName(s, result)
	);
}

/**
 * The lines to draw: the result's series, and with `compare` each followed by the same series for all
 * users (by breakdown value), named "<segment>" and "All users", or "<segment> · <value>" and "All users
 * · <value>" with a breakdown. Everyone's points are aligned on the segment's periods (both span the same
 * periods, SEMANTICS §10); a value only everyone has is left out, since the segment has no line to pair.
 */
export function trendLines(
	result: TrendResult,
	breakdown: string | null,
	compare?: TrendCompare | null
): TrendLine[] {
	const own = names(result, breakdown);
	if (!compare)
		return result.series.map((s, i) => ({ name: own[i], points: s.points, baseline: false, pair: i }));
	const all = compare.all ?? 'All users';
	const theirs = new Map(names(compare.baseline, breakdown).map((n, i) => [n, compare.baseline.series[i]]));
	const lines: TrendLine[] = [];
	result.series.forEach((s, i) => {
		const label = (who: string) => (breakdown ? `${who} · ${own[i]}` : who);
		lines.push({ name: label(compare.segment), points: s.points, baseline: false, pair: i });
		const b = theirs.get(own[i]);
		if (!b) return;
		const byPeriod = new Map(b.points.map((p) => [p.period, p.value]));
		const points = s.points.map((p) => ({ period: p.period, value: byPeriod.get(p.period) ?? 0 }));
		lines.push({ name: label(all), points, baseline: true, pair: i });
	});
	return lines;
}

/**
 * One line per series over every period (SEMANTICS §10: all periods present, 0 where nothing happened);
 * bars when there is a single period, where a line would be a dot. With `compare`, everyone's line is
 * dashed beside the segment's, in the same colour (`colors`, by pair).
 */
export function trendOption(
	result: TrendResult,
	breakdown: string | null,
	compare?: TrendCompare | null,
	colors: readonly string[] = []
): ChartOption {
	const periods = result.series[0]?.points.map((p) => p.period) ?? [];
	const type = periods.length === 1 ? 'bar' : 'line';
	const lines = trendLines(result, breakdown, compare);
	const legend = Boolean(breakdown || compare);
	return {
		grid: { left: 56, right: 16, top: legend ? 36 : 16, bottom: 40 },
		tooltip: { trigger: 'axis' },
		legend: legend ? { top: 0, type: 'scroll' } : { show: false },
		xAxis: { type: 'category', data: periods, boundaryGap: type === 'bar' },
		yAxis: { type: 'value', minInterval: 1, name: result.measure === 'users' ? 'users' : 'events' },
		dataZoom: periods.length > 60 ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 4 }] : [],
		series: lines.map((l) => ({
			name: l.name,
			type,
			showSymbol: periods.length <= 60,
			...(compare && colors.length ? { color: colors[l.pair % colors.length] } : {}),
			...(l.baseline ? { lineStyle: { type: 'dashed' }, itemStyle: { opacity: 0.6 } } : {}),
			data: l.points.map((p) => p.value)
		}))
	};
}

/** The result as a table: one row per period, one column per line (what the CSV export writes). */
export function trendTable(
	result: TrendResult,
	breakdown: string | null,
	compare?: TrendCompare | null
): { header: string[]; rows: (string | number)[][] } {
	const lines = trendLines(result, breakdown, compare);
	const periods = result.series[0]?.points.map((p) => p.period) ?? [];
	return {
		header: ['period', ...lines.map((l) => l.name)],
		rows: periods.map((period, i) => [period, ...lines.map((l) => l.points[i].value)])
	};
}

/**
 * The trend's chart of a result alone, without the screen's controls (result-charts.ts: an imported
 * workspace's carried results). A point blanked under k (null) is a gap in its line.
 */
export function resultChart(result: TrendResult, spec: Pick<TrendSpec, 'breakdown'>): ChartOption {
	return trendOption(result, spec.breakdown ?? null);
}
