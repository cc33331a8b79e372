/** ECharts options, table rows and headline text of the KPI screen, pure (no DOM). */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { AnomalyPoint } from './anomalies.ts';
import type { KpiHeadline, KpiResult, KpiSeriesResult } from './spec.ts';

/** A value as the screen shows it: users whole, shares as percentages, amounts with up to 2 decimals. */
export function formatKpi(value: number | null | undefined, unit: KpiSeriesResult['unit']): string {
	if (value === null || value === undefined) return '–';
	if (unit === 'share') return `${(value * 100).toFixed(1)}%`;
	return value.toLocaleString('en', { maximumFractionDigits: unit === 'users' ? 1 : 2 });
}

/** The relative change as "+12.5%" or "−3.0%", or null when there is none to show. */
export function formatChange(h: KpiHeadline): string | null {
	if (h.change === null) return null;
	const pct = (h.change * 100).toFixed(1);
	return h.change > 0 ? `+${pct}%` : h.change < 0 ? `−${pct.slice(1)}%` : '±0.0%';
}

const plot = (v: number | null | undefined, unit: KpiSeriesResult['unit']) =>
	v === null || v === undefined ? null : unit === 'share' ? +(v * 100).toFixed(3) : v;

/**
 * One line per series over every period. Counts and amounts use the left axis, shares (adoption, DAU/MAU)
 * the right one in percent. With a moving average, each series is drawn faint and its average bold.
 * Points of periods the range or the data cut short are hollow. With a `baseline` (all users beside a
 * segment), each series of the baseline is drawn dashed under the same name plus "(all users)", and the
 * segment's under its name plus the segment's (`segment`) when given. With a
 * `palette`, a series, its average and its baseline share the series' colour. With `anomalies` (per series,
 * anomalies.ts), each series' flagged periods are drawn as red points, a series of their own named
 * "<label> anomalies".
 */
export function kpiOption(
	result: KpiResult,
	opts: {
		baseline?: KpiResult | null;
		palette?: readonly string[];
		segment?: string;
		anomalies?: readonly (readonly AnomalyPoint[])[] | null;
	} = {}
): ChartOption {
	const periods = result.series[0]?.points.map((p) => p.period) ?? [];
	const shares = result.series.some((s) => s.unit === 'share');
	const counts = result.series.some((s) => s.unit !== 'share');
	const many = periods.length > 60;
	const lines = (r: KpiResult, suffix: string, dashed: boolean): Record<string, unknown>[] =>
		r.series.flatMap((s, i): Record<string, unknown>[] => {
			const axis = s.unit === 'share' && counts ? 1 : 0;
			const color = opts.palette?.length ? opts.palette[i % opts.palette.length] : undefined;
			const data = s.points.map((p) => {
				const value = plot(p.value, s.unit);
				return p.complete ? value : { value, symbol: 'emptyCircle' };
			});
			const base = {
				name: s.label + suffix,
				type: 'line',
				yAxisIndex: axis,
				showSymbol: !many,
				connectNulls: false,
				...(color ? { color } : {}),
				lineStyle: dashed ? { type: 'dashed' } : {}
			};
			if (!r.movingAverage) return [{ ...base, data }];
			return [
				{
					...base,
					data,
					lineStyle: { ...base.lineStyle, opacity: 0.35, width: 1 },
					itemStyle: { opacity: 0.35 }
				},
				{
					...base,
					name: `${s.label}${suffix} (${r.movingAverage}-period average)`,
					showSymbol: false,
					lineStyle: { ...base.lineStyle, width: 2.5 },
					data: s.points.map((p) => plot(p.average, s.unit))
				}
			];
		});
	const series = [
		...lines(result, opts.baseline && opts.segment ? ` (${opts.segment})` : '', false),
		...(opts.baseline ? lines(opts.baseline, ' (all users)', true) : []),
		...(opts.anomalies ?? []).flatMap((flags, i) => {
			const s = result.series[i];
			if (!s || flags.length === 0) return [];
			const data: (number | null)[] = periods.map(() => null);
			for (const f of flags) data[f.index] = plot(f.value, s.unit);
			return [
				{
					name: `${s.label} anomalies`,
					type: 'line',
					yAxisIndex: s.unit === 'share' && counts ? 1 : 0,
					data,
					showSymbol: true,
					symbolSize: 10,
					lineStyle: { width: 0 },
					itemStyle: { color: '#d62728' },
					z: 5
				}
			];
		})
	];
	const yAxis = [];
	if (counts) yAxis.push({ type: 'value', scale: false });
	if (shares)
		yAxis.push({ type: 'value', axisLabel: { formatter: '{value}%' }, splitLine: { show: !counts } });
	return {
		grid: { left: 64, right: shares && counts ? 56 : 16, top: 36, bottom: many ? 48 : 32 },
		tooltip: { trigger: 'axis' },
		legend: { top: 0, type: 'scroll' },
		xAxis: { type: 'category', data: periods, boundaryGap: periods.length === 1 },
		yAxis,
		dataZoom: many ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 4 }] : [],
		series
	};
}

/** A segment's KPIs beside all users' (SEMANTICS §1b `compare`), with the names to show them under. */
export interface KpiCompare {
	baseline: KpiResult;
	segment: string;
	all: string;
}

/**
 * The result as a table (what the CSV export writes): one row per period; per series its value and, with a
 * moving average, the average; a last column says whether the period is complete. Shares stay 0..1. With
 * `compare`, each series' columns are named after the segment and followed by the same columns for all users
 * (matched by period). `units` gives each column's unit for display (null: period and complete).
 */
export function kpiTable(
	result: KpiResult,
	compare: KpiCompare | null = null
): {
	header: string[];
	rows: (string | number | null)[][];
	units: (KpiSeriesResult['unit'] | null)[];
} {
	const ma = result.movingAverage;
	const groups: { r: KpiResult; s: KpiSeriesResult; i: number; name: string }[] = result.series.flatMap(
		(s, i) => {
			if (!compare) return [{ r: result, s, i, name: s.label }];
			const all = compare.baseline.series[i];
			return [
				{ r: result, s, i, name: `${s.label} (${compare.segment})` },
				...(all ? [{ r: compare.baseline, s: all, i, name: `${all.label} (${compare.all})` }] : [])
			];
		}
	);
	const periods = result.series[0]?.points ?? [];
	const at = new Map(groups.map((g) => [g, new Map(g.s.points.map((p) => [p.period, p]))] as const));
	return {
		header: [
			'period',
			...groups.flatMap((g) => (ma ? [g.name, `${g.name} (${ma}-period average)`] : [g.name])),
			'complete'
		],
		rows: periods.map((p) => [
			p.period,
			...groups.flatMap((g) => {
				const q = at.get(g)!.get(p.period);
				return ma ? [q?.value ?? null, q?.average ?? null] : [q?.value ?? null];
			}),
			p.complete ? 'yes' : 'no'
		]),
		units: [null, ...groups.flatMap((g) => (ma ? [g.s.unit, g.s.unit] : [g.s.unit])), null]
	};
}
