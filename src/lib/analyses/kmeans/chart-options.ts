/** ECharts options of the clusters screen, pure (no DOM): the elbow, the PCA scatter, the profile heatmap. */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { KmeansElbowResult, KmeansResult } from './spec.ts';
import { LARGE_SCATTER } from '../chart-style.ts';
import { cut, estimate, wrap, type Measure } from './profile-labels.ts';

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

/** The profile's right and top margins, and the room of the colour scale below the x axis, px. */
const PROFILE_RIGHT = 24;
const PROFILE_TOP = 16;
const PROFILE_SCALE = 40;
/** The narrowest the profile is drawn (ClusterResult's two columns: 22rem), px; and its height, px. */
export const PROFILE_MIN_WIDTH = 352;
export const PROFILE_HEIGHT = 380;
/** One line of a 12 px label, px; the gap between an axis and its labels (ECharts' default margin), px. */
const LINE = 15;
const GAP = 8;
/** The most lines a feature's name is wrapped to upright; longer names stand vertical, cut to VERTICAL px. */
const UPRIGHT_LINES = 3;
const VERTICAL = 96;
/** The most of the width the clusters' names take, and the least, px. */
const LEFT_SHARE = 0.42;
const LEFT_MIN = 72;

/** Where the profile is drawn: the chart's width (px) and a text's width at the labels' 12 px font. */
export interface ProfileLayout {
	width: number;
	measure?: Measure;
}

/**
 * Each cluster's difference from the overall mean per feature, in standard deviations: a heatmap with
 * clusters as rows and features as columns, diverging around 0. `names`: the rows' names (DBSCAN's noise).
 * `layout`: the chart's real width (default the narrowest panel) and font measure (default `estimate`).
 *
 * Labels are wrapped at spaces by us (wrap(), never inside a word) and cut with an ellipsis where the room
 * ends; the left margin fits the clusters' names up to LEFT_SHARE of the width, each name's lines fit its
 * row; the features' names stand upright in their column when every word fits, else vertical. The tooltip
 * holds the full names. Walk-through: ECharts' own `overflow: 'break'` split "recen/cy" in Chromium.
 */
export function profileOption(
	r: Pick<KmeansResult, 'features' | 'clusters'>,
	names = r.clusters.map((c, i) => `${i + 1} · ${c.label}`),
	layout: ProfileLayout = { width: PROFILE_MIN_WIDTH }
): ChartOption {
	const measure = layout.measure ?? estimate;
	const width = Math.max(layout.width, PROFILE_MIN_WIDTH);
	const data = r.clusters.flatMap((c, y) => r.features.map((f, x) => [x, y, Number(c.diff[f].toFixed(2))]));
	const rows = r.clusters.map((c, i) => `${names[i]} (${c.size.toLocaleString('en')})`);

	const widest = Math.max(0, ...rows.map(measure));
	const left = Math.round(Math.min(Math.max(widest + GAP + 4, LEFT_MIN), width * LEFT_SHARE));
	const column = (width - left - PROFILE_RIGHT) / Math.max(1, r.features.length) - 6;
	const upright = r.features.map((f) => wrap(f, column, UPRIGHT_LINES, measure));
	const whole = (f: string) => f.split(/\s+/).filter(Boolean).join(' ');
	const fits = upright.every((lines, i) => lines.join(' ') === whole(r.features[i]));
	const xLabels = fits ? upright.map((l) => l.join('\n')) : r.features.map((f) => cut(f, VERTICAL, measure));
	const below = fits
		? Math.max(1, ...upright.map((l) => l.length)) * LINE
		: Math.max(0, ...xLabels.map(measure));
	const bottom = Math.ceil(below + GAP + PROFILE_SCALE);
	const values = Math.max(0, ...data.map((d) => measure(String(d[2]))));

	const band = (PROFILE_HEIGHT - PROFILE_TOP - bottom) / Math.max(1, rows.length);
	const yLines = Math.max(1, Math.floor((band - 2) / LINE));
	const yLabels = rows.map((t) => wrap(t, left - GAP - 4, yLines, measure).join('\n'));
	return {
		grid: { left, right: PROFILE_RIGHT, top: PROFILE_TOP, bottom },
		tooltip: {
			trigger: 'item',
			formatter: (p: { data: number[] }) =>
				`${rows[p.data[1]]}\n${r.features[p.data[0]]}: ${p.data[2]} standard deviations`
		},
		xAxis: {
			type: 'category',
			data: r.features,
			axisLabel: {
				interval: 0,
				lineHeight: LINE,
				rotate: fits ? 0 : 90,
				formatter: (_: string, i: number) => xLabels[i]
			}
		},
		yAxis: {
			type: 'category',
			inverse: true,
			data: rows,
			axisLabel: { interval: 0, lineHeight: LINE, formatter: (_: string, i: number) => yLabels[i] }
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
		// Each cell's value where its column holds the widest; else in the tooltip only (many features).
		series: [{ type: 'heatmap', data, label: { show: values <= column } }]
	};
}
