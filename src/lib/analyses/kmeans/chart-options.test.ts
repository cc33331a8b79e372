/** The clusters screen's chart options and tables, on results written out by hand. */
import { describe, expect, it } from 'vitest';
import * as echarts from 'echarts/core';
import { HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { getWidth } from 'zrender/lib/contain/text.js';
import {
	elbowOption,
	PROFILE_HEIGHT,
	PROFILE_MIN_WIDTH,
	profileOption,
	scatterOption
} from './chart-options.ts';
import { guessFeatures, labelsTable, profileTable, settingsLine } from './view.ts';
import { parseKmeans, type KmeansResult } from './spec.ts';

const result: KmeansResult = {
	k: 2,
	users: 4,
	skipped: 1,
	features: ['income', 'score'],
	inertia: 2,
	silhouette: 0.5,
	silhouetteSample: null,
	daviesBouldin: 0.4,
	iterations: 2,
	startRows: 4,
	overall: { mean: { income: 2, score: 5 }, std: { income: 1, score: 2 } },
	clusters: [
		{
			size: 3,
			centroid: { income: 1, score: 4 },
			diff: { income: -1, score: -0.5 },
			label: 'low income, low score'
		},
		{
			size: 1,
			centroid: { income: 5, score: 8 },
			diff: { income: 3, score: 1.5 },
			label: 'high income, high score'
		}
	],
	plot: {
		explained: [0.75, 0.25],
		components: [
			[1, 0],
			[0, 1]
		],
		x: [1, 2, 3, 4],
		y: [0, 0, 1, 1],
		cluster: [0, 1, 0, 0],
		sampled: false
	},
	rows: [
		{ user: 'a', cluster: 0 },
		{ user: '=b', cluster: 1 }
	]
};

describe('clusters chart options', () => {
	it('the elbow draws inertia as bars and silhouette on its own axis, saying when it is sampled', () => {
		const o = elbowOption(
			{
				users: 20_000,
				skipped: 0,
				silhouetteSample: 10_000,
				elbow: [
					{ k: 1, inertia: 10, silhouette: null, daviesBouldin: null },
					{ k: 2, inertia: 4, silhouette: 0.6, daviesBouldin: 0.5 }
				]
			},
			2
		) as { series: { name: string; data: unknown[]; yAxisIndex?: number }[]; xAxis: { data: string[] } };
		expect(o.xAxis.data).toEqual(['1', '2']);
		expect(o.series[0].data).toEqual([
			{ value: 10, itemStyle: undefined },
			{ value: 4, itemStyle: { borderColor: '#222', borderWidth: 2 } }
		]);
		expect(o.series[1]).toMatchObject({
			name: 'Silhouette (sample of 10,000)',
			yAxisIndex: 1,
			data: [null, 0.6]
		});
	});

	it('the scatter has one series per cluster, its points, and the variance each axis explains', () => {
		const o = scatterOption(result) as {
			series: { name: string; data: number[][] }[];
			xAxis: { name: string };
		};
		expect(o.series.map((s) => s.name)).toEqual(['1 · low income, low score', '2 · high income, high score']);
		expect(o.series[0].data).toEqual([
			[1, 0],
			[3, 1],
			[4, 1]
		]);
		expect(o.series[1].data).toEqual([[2, 0]]);
		expect(o.xAxis.name).toBe('PC1 (75.0 %)');
		expect(scatterOption({ ...result, plot: undefined })).toBeNull();
	});

	it('the profile heatmap holds each difference at (feature, cluster)', () => {
		const o = profileOption(result) as { series: { data: number[][] }[] };
		expect(o.series[0].data).toEqual([
			[0, 0, -1],
			[1, 0, -0.5],
			[0, 1, 3],
			[1, 1, 1.5]
		]);
	});
});

describe('clusters tables and guesses', () => {
	it('profiles and labels tables number clusters from 1', () => {
		expect(profileTable(result).rows[1]).toEqual([2, 'high income, high score', 1, 0.25, 5, 3, 8, 1.5]);
		expect(labelsTable(result).rows).toEqual([
			['a', 1, 'low income, low score'],
			['=b', 2, 'high income, high score']
		]);
	});

	it('a customer table clusters on its numeric columns; events on activity and spend', () => {
		const cols = [
			{ name: 'CustomerID', type: 'VARCHAR', role: 'user' },
			{ name: 'Gender', type: 'VARCHAR', role: null },
			{ name: 'Age', type: 'BIGINT', role: null },
			{ name: 'Annual Income (k$)', type: 'BIGINT', role: null },
			{ name: 'store_id', type: 'BIGINT', role: null }
		];
		expect(guessFeatures(cols, false)).toEqual([
			{ agg: 'first', column: 'Age', name: 'Age' },
			{ agg: 'first', column: 'Annual Income (k$)', name: 'Annual Income (k$)' }
		]);
		const events = guessFeatures([{ name: 'revenue', type: 'DOUBLE', role: null }], true);
		expect(events.map((f) => f.agg)).toEqual(['count', 'active_days', 'recency_days', 'sum']);
	});

	it('the settings line names every parameter', () => {
		const spec = parseKmeans({
			kind: 'kmeans',
			features: [{ agg: 'count', log: true }],
			scale: 'zscore',
			k: 4
		});
		expect(settingsLine(spec, result, 'shop.csv')).toBe(
			'k = 4 · 1 feature: count · z-scored · log of count · seed 0, best of 10 · 1 user without every feature left out · shop.csv'
		);
	});
});

describe('profile heatmap as drawn', () => {
	// The Mall customers run (k = 4, z-scored Age, income and score): its features and cluster labels.
	const features = ['Age', 'Annual Income (k$)', 'Spending Score (1-100)'];
	const labels = [
		'high Age',
		'low Age, low Annual Income (k$)',
		'high Spending Score (1-100), high Annual Income (k$)',
		'low Spending Score (1-100), high Annual Income (k$)'
	];
	const mall = {
		features,
		clusters: labels.map((label, i) => ({
			label,
			size: 65 - 9 * i,
			diff: Object.fromEntries(features.map((f, j) => [f, (i - j) / 2]))
		}))
	} as unknown as KmeansResult;

	/** A wider font than Node's metrics, as Chromium's DejaVu Sans is: labels laid out and boxed with it. */
	const WIDE = 1.3;
	const wide = (text: string) => getWidth(text, '12px sans-serif') * WIDE;

	/** Every text of the picture as a box [left, top, right, bottom] in px, its lines measured with `wide`. */
	function textBoxes(option: object, width: number): number[][] {
		echarts.use([HeatmapChart, GridComponent, VisualMapComponent, TooltipComponent, SVGRenderer]);
		const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: PROFILE_HEIGHT });
		chart.setOption({ ...option, animation: false });
		const svg = chart.renderToSVGString();
		chart.dispose();
		return [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map(([, attrs, text]) => {
			const size = Number(/font-size:(\d+)px/.exec(attrs)![1]);
			const turned = /matrix\(0,-1,1,0,([\d.-]+),([\d.-]+)\)/.exec(attrs);
			const [, x, y] = (turned ?? /translate\(([\d.-]+) ([\d.-]+)\)/.exec(attrs)!).map(Number);
			const top = y + Number(/ y="([\d.-]+)"/.exec(attrs)?.[1] ?? 0) - size / 2;
			const w = wide(text.trimEnd());
			const anchor = /text-anchor="(\w+)"/.exec(attrs)![1];
			const left = anchor === 'end' ? x - w : anchor === 'middle' ? x - w / 2 : x;
			// A label turned a quarter (many features), anchored at its end, reads upwards to the axis.
			if (turned && anchor === 'end') return [x - size / 2, y, x + size / 2, y + w];
			return [left, top, left + w, top + size];
		});
	}

	const overlapping = (boxes: number[][]) =>
		boxes.flatMap((a, i) =>
			boxes
				.slice(i + 1)
				.filter((b) => a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5)
				.map((b) => [a, b])
		);

	it.each([PROFILE_MIN_WIDTH, 540])(
		'regression, Mall customers: no two labels overlap and none leaves the chart (%i px wide)',
		(width) => {
			const boxes = textBoxes(profileOption(mall, undefined, { width, measure: wide }), width);
			expect(boxes.length).toBeGreaterThan(features.length + labels.length + features.length * 4 - 1);
			expect(overlapping(boxes)).toEqual([]);
			expect(boxes.filter((b) => b[0] < 0 || b[2] > width || b[1] < 0 || b[3] > PROFILE_HEIGHT)).toEqual([]);
		}
	);

	/** `k` clusters with long names over `n` long features: the worst the screens draw. */
	function many(k: number, n: number): KmeansResult {
		const fs = Array.from({ length: n }, (_, j) => `sum of price on purchase events ${j + 1}`);
		return {
			features: fs,
			clusters: Array.from({ length: k }, (_, i) => ({
				label: 'frequent, high sum price, recent, low active days, high recency days',
				size: 1735 + i,
				diff: Object.fromEntries(fs.map((f, j) => [f, (i - j) / 4]))
			}))
		} as unknown as KmeansResult;
	}

	it.each([
		[2, 2, PROFILE_MIN_WIDTH],
		[4, 4, 540],
		[10, 3, PROFILE_MIN_WIDTH],
		[10, 10, 540]
	])('%i clusters, %i features, %i px: labels stay inside the chart, apart', (k, n, width) => {
		const boxes = textBoxes(profileOption(many(k, n), undefined, { width, measure: wide }), width);
		expect(overlapping(boxes)).toEqual([]);
		expect(boxes.filter((b) => b[0] < 0 || b[2] > width || b[1] < 0 || b[3] > PROFILE_HEIGHT)).toEqual([]);
	});

	type Axis = { data: string[]; axisLabel: { formatter: (v: string, i: number) => string } & object };
	type Profile = {
		grid: { left: number };
		xAxis: Axis;
		yAxis: Axis;
		tooltip: { formatter: (p: { data: number[] }) => string };
	};

	it('wraps names at spaces only, sizes the margin from the width given, and names all in the tooltip', () => {
		const names = labels.map((l, i) => `${i + 1} · ${l} (${65 - 9 * i})`);
		const at = (width: number) =>
			profileOption(mall, undefined, { width, measure: wide }) as unknown as Profile;
		const narrow = at(PROFILE_MIN_WIDTH);
		const broad = at(540);
		expect(JSON.stringify(broad)).not.toContain('breakAll');
		// The names are wider than 42 % of either width: the margin takes that share of the width given.
		expect(Math.min(...names.map(wide))).toBeLessThan(PROFILE_MIN_WIDTH * 0.42);
		expect(Math.max(...names.map(wide))).toBeGreaterThan(540 * 0.42);
		expect(narrow.grid.left).toBe(Math.round(PROFILE_MIN_WIDTH * 0.42));
		expect(broad.grid.left).toBe(Math.round(540 * 0.42));
		for (const o of [narrow, broad])
			for (const axis of [o.xAxis, o.yAxis])
				axis.data.forEach((name, i) => {
					const words = axis.axisLabel.formatter(name, i).split(/\s+/);
					// Every word drawn is a whole word of the name, or a cut one ending in an ellipsis.
					for (const w of words)
						expect(
							name
								.split(' ')
								.some((n) => n === w || (w.endsWith('…') && n.startsWith(w.slice(0, -1))) || w === '…')
						).toBe(true);
				});
		expect(broad.yAxis.axisLabel.formatter(names[0], 0)).toBe(names[0]);
		expect(narrow.yAxis.axisLabel.formatter(names[2], 2)).toContain('\n');
		expect(narrow.tooltip.formatter({ data: [2, 2, 0.5] })).toBe(
			`${names[2]}\nSpending Score (1-100): 0.5 standard deviations`
		);
	});
});
