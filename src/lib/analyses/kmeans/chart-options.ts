/** ECharts options of the clusters screen, pure (no DOM): the elbow, the PCA scatter, the profile heatmap. */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { KmeansElbowResult, KmeansResult } from './spec.ts';
import { LARGE_SCATTER } from '../chart-style.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * Inertia (left axis, bars) and silhouette (right axis, line) per k drawn together, to help choose k: the
 * bend of the inertia and the highest silhouette. `chosen` marks the k in use.
 */
export function elbowOption(r: KmeansElbowResult, chosen: number | null): ChartOption {
	const ks = r.elbow.map((e) => String(e.k));
	return {
		grid: { left: 64, right: 56, top: 36, bottom: 40 },
		legend: { top: 0 },
		tooltip: { trigger: 'axis' },
		xAxis: { type: 'category', data: ks, name: 'k', nameLocation: 'middle', nameGap: 26 },
		yAxis: [
			{ type: 'value', name: 'inertia', scale: false },
			{ type: 'value', name: 'silhouette', min: -1, max: 1, splitLine: { show: false } }
		],
		series: [
			{
				name: 'Inertia',
				type: 'bar',
				data: r.elbow.map((e) => ({
					value: e.inertia,
					itemStyle: e.k === chosen ? { borderColor: '#222', borderWidth: 2 } : undefined
				}))
			},
			{
				name: r.silhouetteSample
					? `Silhouette (sample of ${r.silhouetteSample.toLocaleString('en')})`
					: 'Silhouette',
				type: 'line',
				yAxisIndex: 1,
				data: r.elbow.map((e) => e.silhouette)
			}
		]
	};
}

/**
 * Users on the first two principal components, one series per cluster ("1 · frequent, recent"), with the
 * share of variance each axis explains in its name.
 */
export function scatterOption(r: Pick<KmeansResult, 'plot' | 'clusters'>): ChartOption | null {
	const plot = r.plot;
	if (!plot) return null;
	const byCluster = r.clusters.map(() => [] as [number, number][]);
	plot.cluster.forEach((c, i) => byCluster[c].push([plot.x[i], plot.y[i]]));
	const big = plot.x.length > 20_000;
	return {
		grid: { left: 56, right: 24, top: 48, bottom: 48 },
		legend: { top: 0, type: 'scroll' },
		tooltip: { trigger: 'item' },
		xAxis: {
			type: 'value',
			name: `PC1 (${pct(plot.explained[0] ?? 0)})`,
			nameLocation: 'middle',
			nameGap: 28,
			scale: true
		},
		yAxis: {
			type: 'value',
			name: `PC2 (${pct(plot.explained[1] ?? 0)})`,
			nameLocation: 'middle',
			nameGap: 36,
			scale: true
		},
		series: r.clusters.map((c, i) => ({
			name: `${i + 1} · ${c.label}`,
			type: 'scatter',
			symbolSize: big ? 2 : 6,
			...LARGE_SCATTER,
			data: byCluster[i]
		}))
	};
}

/** The profile's left margin (the clusters' names) and right margin, px. */
const PROFILE_LEFT = 160;
const PROFILE_RIGHT = 24;
/** The narrowest the profile is drawn (ClusterResult's two columns: 22rem), px. */
export const PROFILE_MIN_WIDTH = 352;
/** Up to this many features the names stand upright (wrapped), beyond it they are rotated. */
const PROFILE_UPRIGHT = 4;

/**
 * Each cluster's difference from the overall mean per feature, in standard deviations: a heatmap with
 * clusters as rows and features as columns, diverging around 0. `names`: the rows' names (DBSCAN's noise).
 */
export function profileOption(
	r: Pick<KmeansResult, 'features' | 'clusters'>,
	names = r.clusters.map((c, i) => `${i + 1} · ${c.label}`)
): ChartOption {
	const data = r.clusters.flatMap((c, y) => r.features.map((f, x) => [x, y, Number(c.diff[f].toFixed(2))]));
	const rotate = r.features.length > PROFILE_UPRIGHT;
	return {
		grid: { left: PROFILE_LEFT, right: PROFILE_RIGHT, top: 16, bottom: rotate ? 72 : 88 },
		tooltip: { trigger: 'item' },
		xAxis: {
			type: 'category',
			data: r.features,
			// Upright names wrap within their column at the narrowest panel, else rotated: long feature names
			// ("Spending Score (1-100)") ran into each other.
			axisLabel: rotate
				? { interval: 0, rotate: 30 }
				: {
						interval: 0,
						width: Math.floor((PROFILE_MIN_WIDTH - PROFILE_LEFT - PROFILE_RIGHT) / r.features.length) - 4,
						overflow: 'break'
					}
		},
		yAxis: {
			type: 'category',
			inverse: true,
			data: r.clusters.map((c, i) => `${names[i]} (${c.size.toLocaleString('en')})`),
			// Cluster names ("3 · high Spending Score (1-100), high Annual Income (k$)") wrap within the left
			// margin: left whole, ECharts narrowed the heatmap to make room for them.
			axisLabel: {
				width: PROFILE_LEFT - 12,
				overflow: r.clusters.length > 6 ? 'truncate' : 'break'
			}
		},
		visualMap: {
			min: -2,
			max: 2,
			calculable: false,
			orient: 'horizontal',
			left: 'center',
			bottom: 0,
			inRange: { color: ['#2f6db5', '#f4f4f4', '#d1495b'] }
		},
		series: [{ type: 'heatmap', data, label: { show: true } }]
	};
}
