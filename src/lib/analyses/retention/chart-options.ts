/**
 * ECharts options of the retention screen, pure (no DOM): the cohort heatmap, the retention curves and one
 * period's retention across cohorts. Shares are drawn as percentages with one decimal.
 */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { RetentionCohort, RetentionResult } from './spec.ts';
import { meanCurve, periodLabel, periodTrend, shares } from './view.ts';

const asPercent = (v: number | null) => (v == null ? null : +(v * 100).toFixed(2));

/** Heatmap cells `[period, cohort row, share %, users]`; colours scale to the later periods. */
export function heatmapOption(
	shown: RetentionCohort[],
	labels: string[],
	opts: { showCounts: boolean; periods: number }
): ChartOption {
	const data: [number, number, number | null, number | null][] = [];
	// Period 0 is always 100%: scale colours to the later periods so their differences show.
	let top = 0;
	shown.forEach((cohort, row) => {
		const s = shares(cohort);
		cohort.values.forEach((v, k) => {
			if (v == null) return;
			const share = s[k] == null ? null : Math.round((s[k] as number) * 1000) / 10;
			if (k > 0 && share != null) top = Math.max(top, share);
			data.push([k, row, share, v]);
		});
	});
	const max = Math.max(10, Math.ceil(top / 10) * 10);
	return {
		grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
		tooltip: { position: 'top' },
		xAxis: { type: 'category', data: labels, splitArea: { show: true }, position: 'top' },
		yAxis: {
			type: 'category',
			inverse: true,
			data: shown.map((x) => `${x.cohort ?? '(none)'}  (${x.size.toLocaleString('en')})`)
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
				label: {
					show: opts.periods <= 16 && shown.length <= 40,
					fontSize: 10,
					formatter: (p: { data: [number, number, number | null, number | null] }) =>
						opts.showCounts ? String(p.data[3] ?? '') : p.data[2] == null ? '' : `${p.data[2]}%`
				},
				emphasis: { itemStyle: { borderColor: '#1b2430', borderWidth: 1 } }
			}
		]
	};
}

/** Retention curves: one line per breakdown value, or each cohort faint with the weighted mean on top. */
export function curvesOption(
	groups: { value: string | null; cohorts: RetentionCohort[] }[],
	shown: RetentionCohort[],
	labels: string[],
	periods: number
): ChartOption {
	const series: object[] = [];
	if (groups.length > 0) {
		for (const g of groups.slice(0, 10)) {
			series.push({
				name: g.value ?? '(none)',
				type: 'line',
				data: meanCurve(g.cohorts, periods).map(asPercent)
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
			name: 'All cohorts (weighted mean)',
			type: 'line',
			color: '#2f6db5',
			lineStyle: { width: 3 },
			data: meanCurve(shown, periods).map(asPercent),
			z: 5
		});
	}
	return {
		grid: { left: 48, right: 16, top: 36, bottom: 28 },
		tooltip: { trigger: groups.length > 0 ? 'axis' : 'item' },
		legend: groups.length > 0 ? { top: 0, type: 'scroll' } : { show: false },
		xAxis: { type: 'category', data: labels, boundaryGap: false },
		yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
		series
	};
}

/** Retention at period `n` across cohorts, in cohort order: how "week 1 retention" moves over time. */
export function periodTrendOption(
	shown: RetentionCohort[],
	n: number,
	period: RetentionResult['period']
): ChartOption {
	const pts = periodTrend(shown, n);
	return {
		grid: { left: 48, right: 16, top: 16, bottom: 40 },
		tooltip: { trigger: 'axis' },
		xAxis: { type: 'category', data: pts.map((p) => p.cohort) },
		yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
		series: [
			{
				name: `${periodLabel(period, n)} retention`,
				type: 'line',
				connectNulls: false,
				data: pts.map((p) => asPercent(p.share))
			}
		]
	};
}
