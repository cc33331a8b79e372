/** The density clusters screen's pure parts: the scatter keeps noise apart, the tables and names. */
import { describe, expect, it } from 'vitest';
import { kDistanceOption, NOISE_COLOR, scatterOption } from './chart-options.ts';
import type { DbscanResult } from './spec.ts';
import { labelsTable, profileTable, segmentName, settingsLine } from './view.ts';
import { parseDbscan } from './spec.ts';

const cluster = (size: number, label: string, x: number) => ({
	size,
	label,
	centroid: { x },
	diff: { x: x / 10 }
});

const result: DbscanResult = {
	eps: 0.4123,
	epsSuggested: true,
	minPts: 5,
	users: 10,
	skipped: 0,
	features: ['x'],
	core: 6,
	clusters: [cluster(5, 'high x', 8), cluster(3, 'low x', -8)],
	noise: cluster(2, 'noise', 30),
	silhouette: 0.5,
	silhouetteSample: null,
	overall: { mean: { x: 0 }, std: { x: 10 } },
	plot: {
		explained: [1, 0],
		components: [[1], [0]],
		x: [1, 2, 3, 4],
		y: [0, 0, 0, 0],
		cluster: [0, -1, 1, -1],
		sampled: false
	},
	rows: [
		{ user: 'a', cluster: 0 },
		{ user: 'b', cluster: -1 },
		{ user: '=c', cluster: 1 }
	]
};

describe('density clusters view', () => {
	it('the scatter draws each cluster, then the noise in grey', () => {
		const series = scatterOption(result)!.series as {
			name: string;
			data: number[][];
			itemStyle?: { color: string };
		}[];
		expect(series.map((s) => s.name)).toEqual(['1 · high x', '2 · low x', 'noise (2)']);
		expect(series.map((s) => s.data)).toEqual([
			[[1, 0]],
			[[3, 0]],
			[
				[2, 0],
				[4, 0]
			]
		]);
		expect(series[2].itemStyle?.color).toBe(NOISE_COLOR);
	});

	it('the labels CSV numbers clusters from 1 and writes noise as "noise"', () => {
		expect(labelsTable(result).rows).toEqual([
			['a', 1, 'high x'],
			['b', 'noise', 'noise'],
			['=c', 2, 'low x']
		]);
		expect(profileTable(result).rows.map((r) => r.slice(0, 4))).toEqual([
			[1, 'high x', 5, 0.5],
			[2, 'low x', 3, 0.3],
			['noise', 'noise', 2, 0.2]
		]);
	});

	it('names and the settings line carry the parameters', () => {
		expect(segmentName(result, 1)).toBe('Density cluster 2: low x');
		expect(segmentName(result, -1)).toBe('Density noise (outliers)');
		const spec = parseDbscan({ kind: 'dbscan', features: [{ agg: 'count', name: 'x' }] });
		expect(settingsLine(spec, result, null)).toBe(
			'eps = 0.412 (suggested: the k-distance knee) · minPts 5 · 1 feature: x · z-scored'
		);
		expect(settingsLine({ ...spec, eps: 0.3, minPts: 4 }, result, 'shop.csv')).toBe(
			'eps = 0.3 · minPts 4 · 1 feature: x · z-scored · shop.csv'
		);
	});

	it('the k-distance chart marks the suggested eps and, when different, the eps in use', () => {
		const kd = {
			users: 3,
			skipped: 0,
			k: 2,
			curve: [{ rank: 1, distance: 1 }],
			knee: { rank: 1, distance: 1 }
		};
		const marks = (eps: number | null) =>
			(
				kDistanceOption(kd, eps).series as { markLine?: { data: { name: string }[] } }[]
			)[0].markLine!.data.map((l) => l.name);
		expect(marks(null)).toEqual(['suggested eps 1']);
		expect(marks(1)).toEqual(['suggested eps 1']);
		expect(marks(0.5)).toEqual(['suggested eps 1', 'eps in use 0.5']);
	});
});
