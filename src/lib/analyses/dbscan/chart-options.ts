/** ECharts options of the density clusters screen, pure (no DOM): the k-distance curve and the PCA scatter. */
import type { ChartOption } from '../../components/charts/echarts.ts';
import { NOISE_LABEL, type DbscanKDistanceResult, type DbscanResult } from './spec.ts';
import { formatEps } from './view.ts';
import { LARGE_SCATTER } from '../chart-style.ts';

/** Noise is drawn grey and small, apart from the clusters' palette colours. */
export const NOISE_COLOR = '#9aa0a6';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * Users ranked by the distance to their k-th nearest user (k = minPts), ascending, with dashed lines at the
 * suggested eps (the knee) and at the eps in use: users left of where the eps line crosses the curve are core users.
 */
export function kDistanceOption(r: DbscanKDistanceResult, eps: number | null): ChartOption {
	const lines: { name: string; yAxis: number; lineStyle: { color: string } }[] = [];
	if (r.knee)
		lines.push({
			name: `suggested eps ${formatEps(r.knee.distance)}`,
			yAxis: r.knee.distance,
			lineStyle: { color: '#d1495b' }
		});
	if (eps !== null && (!r.knee || formatEps(eps) !== formatEps(r.knee.distance)))
		lines.push({ name: `eps in use ${formatEps(eps)}`, yAxis: eps, lineStyle: { color: '#222' } });
	return {
		grid: { left: 64, right: 24, top: 24, bottom: 44 },
		tooltip: { trigger: 'axis' },
		xAxis: {
			type: 'value',
			name: 'users, by distance',
			nameLocation: 'middle',
			nameGap: 26,
			min: 1,
			max: r.users
		},
		yAxis: { type: 'value', name: `distance to nearest no. ${r.k}` },
		series: [
			{
				name: `${r.k}-distance`,
				type: 'line',
				showSymbol: false,
				data: r.curve.map((p) => [p.rank, p.distance]),
				markLine: {
					symbol: 'none',
					label: { formatter: '{b}', position: 'insideStartTop' },
					lineStyle: { type: 'dashed' },
					data: lines
				}
			},
			// The knee as a dot of its own (the screen registers markLine, not markPoint).
			{
				name: 'knee',
				type: 'scatter',
				symbolSize: 10,
				itemStyle: { color: '#d1495b' },
				data: r.knee ? [[r.knee.rank, r.knee.distance]] : []
			}
		]
	};
}

/**
 * Users on the first two principal components, one series per cluster ("1 · frequent, recent") and the noise
 * last in grey, with the share of variance each axis explains in its name.
 */
export function scatterOption(r: DbscanResult): ChartOption | null {
	const plot = r.plot;
	if (!plot) return null;
	const byCluster = r.clusters.map(() => [] as [number, number][]);
	const noise: [number, number][] = [];
	plot.cluster.forEach((c, i) => (c === NOISE_LABEL ? noise : byCluster[c]).push([plot.x[i], plot.y[i]]));
	const big = plot.x.length > 20_000;
	const series: Record<string, unknown>[] = r.clusters.map((c, i) => ({
		name: `${i + 1} · ${c.label}`,
		type: 'scatter',
		symbolSize: big ? 2 : 6,
		...LARGE_SCATTER,
		data: byCluster[i]
	}));
	series.push({
		name: `noise (${r.noise.size.toLocaleString('en')})`,
		type: 'scatter',
		symbolSize: big ? 2 : 4,
		...LARGE_SCATTER,
		itemStyle: { color: NOISE_COLOR },
		data: noise
	});
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
		series
	};
}
