/**
 * ECharts options of the retention screen, pure (no DOM): the cohort heatmap, the retention curves and one
 * period's retention across cohorts. Shares are drawn as percentages with one decimal.
 */
import type { ChartOption } from '../../components/charts/echarts.ts';
import { HATCH } from '../chart-style.ts';
import type { RetentionCohort, RetentionResult, RetentionSpec } from './spec.ts';
import { meanCurve, periodLabel, periodTrend, shares } from './view.ts';

const asPercent = (v: number | null) => (v == null ? null : +(v * 100).toFixed(2));

type Cell = [number, number, number | null, number | null];

const cohortLabel = (c: RetentionCohort) => c.cohort ?? '(none)';

/** Rows skipped between two row labels so that labels of about 14 px never overlap. */
export function labelInterval(rows: number, height = 320): number {
	const perRow = Math.max(1, height - 90) / Math.max(1, rows);
	return Math.max(0, Math.ceil(14 / perRow) - 1);
}

/**
 * Heatmap cells `[period, cohort row, share %, users]`; colours scale to the later periods. Cells from a
 * row's `incomplete` index on are hatched and say so in their tooltip.
 */
export function heatmapOption(
	shown: RetentionCohort[],
	labels: string[],
	opts: {
		showCounts: boolean;
		periods: number;
		incomplete?: (c: RetentionCohort) => number | null;
		/** Pixel height of the chart, so row labels can be thinned out instead of drawn over each other. */
		height?: number;
	}
): ChartOption {
	const data: { value: Cell; itemStyle?: object }[] = [];
	// Period 0 is always 100%: scale colours to the later periods so their differences show.
	let top = 0;
	shown.forEach((cohort, row) => {
		const s = shares(cohort);
		const cut = opts.incomplete?.(cohort) ?? null;
		cohort.values.forEach((v, k) => {
			if (v == null) return;
			const share = s[k] == null ? null : Math.round((s[k] as number) * 1000) / 10;
			const running = cut !== null && k >= cut;
			if (k > 0 && share != null && !running) top = Math.max(top, share);
			data.push(
				running ? { value: [k, row, share, v], itemStyle: { decal: HATCH } } : { value: [k, row, share, v] }
			);
		});
	});
	const tooltip = (p: { data: { value: Cell } }) => {
		const [k, row, share, users] = p.data.value;
		const cohort = shown[row];
		const cut = opts.incomplete?.(cohort) ?? null;
		return [
			`Cohort ${cohortLabel(cohort)} (${cohort.size.toLocaleString('en')} users)`,
			`${labels[k]}: ${share == null ? '' : `${share}% · `}${(users ?? 0).toLocaleString('en')} users`,
			...(cut !== null && k >= cut ? ['Still running when the data ends: may grow'] : [])
		].join('\n');
	};
	const max = Math.max(10, Math.ceil(top / 10) * 10);
	return {
		grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
		tooltip: { position: 'top', formatter: tooltip },
		xAxis: { type: 'category', data: labels, splitArea: { show: true }, position: 'top' },
		yAxis: {
			type: 'category',
			inverse: true,
			// Labels that would overlap (hundreds of daily cohorts) are thinned out: every n-th row is named.
			axisLabel: { interval: labelInterval(shown.length, opts.height), fontSize: 11 },
			data: shown.map((x) => `${cohortLabel(x)}  (${x.size.toLocaleString('en')})`)
		},
		visualMap: {
			min: 0,
			max,
			calculable: false,
			orient: 'horizontal',
			left: 'center',
			bottom: 4,
			itemHeight: 200,
			itemWidth: 10,
			text: [`≥ ${max}%`, '0%'],
			inRange: { color: ['#f3f7fc', '#9cc2e8', '#2f6db5', '#173a66'] },
			dimension: 2
		},
		series: [
			{
				name: 'Retained',
				type: 'heatmap',
				data,
				// Drawn in one pass: progressive rendering leaves large triangles half drawn for a moment.
				progressive: 0,
				label: {
					show: opts.periods <= 16 && shown.length <= 40,
					fontSize: 10,
					formatter: (p: { data: { value: Cell } }) =>
						opts.showCounts
							? String(p.data.value[3] ?? '')
							: p.data.value[2] == null
								? ''
								: `${p.data.value[2]}%`
				},
				emphasis: { itemStyle: { borderColor: '#1b2430', borderWidth: 1 } }
			}
		]
	};
}

/**
 * Retention curves: one line per breakdown value, or each cohort faint with the weighted mean on top. The
 * means leave out periods still running when the data ends (`incomplete`), which would read as a drop.
 * With `compare` (SEMANTICS §1b: a segment beside all users), the weighted mean of all users' cohorts is
 * drawn dashed beside the segment's, and the segment's mean is named after it.
 */
export function curvesOption(
	groups: { value: string | null; cohorts: RetentionCohort[] }[],
	shown: RetentionCohort[],
	labels: string[],
	periods: number,
	incomplete: (c: RetentionCohort) => number | null = () => null,
	compare: { cohorts: RetentionCohort[]; segment: string; all: string } | null = null
): ChartOption {
	const series: object[] = [];
	const compared = compare !== null && groups.length === 0;
	if (groups.length > 0) {
		for (const g of groups.slice(0, 10)) {
			series.push({
				name: g.value ?? '(none)',
				type: 'line',
				data: meanCurve(g.cohorts, periods, incomplete).map(asPercent)
			});
		}
	} else {
		for (const cohort of shown) {
			series.push({
				name: cohort.cohort ?? '(none)',
				type: 'line',
				showSymbol: false,
				color: '#9aa5b1',
				lineStyle: { width: 1, opacity: 0.35 },
				emphasis: { focus: 'series', lineStyle: { width: 2, opacity: 1 } },
				data: shares(cohort).map(asPercent),
				z: 1
			});
		}
		series.push({
			name: compared ? `${compare.segment} (weighted mean)` : 'All cohorts (weighted mean)',
			type: 'line',
			color: '#2f6db5',
			lineStyle: { width: 3 },
			data: meanCurve(shown, periods, incomplete).map(asPercent),
			z: 5
		});
		if (compared)
			series.push({
				name: `${compare.all} (weighted mean)`,
				type: 'line',
				color: '#f2a33a',
				lineStyle: { width: 3, type: 'dashed' },
				data: meanCurve(compare.cohorts, periods, incomplete).map(asPercent),
				z: 4
			});
	}
	const legend = groups.length > 0 || compared;
	return {
		grid: { left: 48, right: 16, top: 36, bottom: 28 },
		tooltip: { trigger: groups.length > 0 ? 'axis' : 'item' },
		legend: legend
			? {
					top: 0,
					type: 'scroll',
					...(compared ? { data: series.slice(-2).map((x) => (x as { name: string }).name) } : {})
				}
			: { show: false },
		xAxis: { type: 'category', data: labels, boundaryGap: false },
		yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
		series
	};
}

/**
 * Retention at period `n` across cohorts, in cohort order: how "week 1 retention" moves over time. With
 * `compare`, all users' retention at period n is drawn dashed beside the segment's, cohort by cohort.
 */
export function periodTrendOption(
	shown: RetentionCohort[],
	n: number,
	period: RetentionResult['period'],
	incomplete: (c: RetentionCohort) => number | null = () => null,
	compare: { cohorts: RetentionCohort[]; segment: string; all: string } | null = null
): ChartOption {
	// A cohort whose period n is still running has no settled value for it yet.
	const settled = (cohorts: RetentionCohort[]) =>
		periodTrend(cohorts, n).map((p, i) => {
			const cut = incomplete(cohorts[i]);
			return cut !== null && n >= cut ? { ...p, share: null } : p;
		});
	const pts = settled(shown);
	const name = `${periodLabel(period, n)} retention`;
	const series: object[] = [
		{
			name: compare ? compare.segment : name,
			type: 'line',
			connectNulls: false,
			data: pts.map((p) => asPercent(p.share))
		}
	];
	if (compare) {
		const all = new Map(settled(compare.cohorts).map((p) => [p.cohort, p.share]));
		series.push({
			name: compare.all,
			type: 'line',
			connectNulls: false,
			lineStyle: { type: 'dashed' },
			data: pts.map((p) => asPercent(all.get(p.cohort) ?? null))
		});
	}
	return {
		grid: { left: 48, right: 16, top: compare ? 36 : 16, bottom: 40 },
		tooltip: { trigger: 'axis' },
		legend: compare ? { top: 0 } : { show: false },
		xAxis: { type: 'category', data: pts.map((p) => p.cohort) },
		yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
		series
	};
}

/**
 * The retention heatmap of a result alone, without the screen's controls (result-charts.ts: an imported
 * workspace's carried results). A cohort blanked whole under k (size null) has no row; a blanked period of
 * a cohort shown is an empty cell.
 */
export function resultChart(result: RetentionResult, spec: Pick<RetentionSpec, 'period'>): ChartOption {
	const shown = result.cohorts.filter((c) => c.size !== null);
	const periods = Math.max(0, ...shown.map((c) => c.values.length));
	const labels = Array.from({ length: periods }, (_, k) => periodLabel(spec.period, k));
	return heatmapOption(shown, labels, { showCounts: false, periods, height: shown.length * 20 + 90 });
}
