/** The cluster tree's chart option and the k ↔ height sync, on a result written out by hand. */
import { describe, expect, it } from 'vitest';
import { dendrogramOption } from './chart-options.ts';
import { heightForK, kAtHeight, settingsLine } from './view.ts';
import { parseHierarchical, type HierarchicalResult } from './spec.ts';

// The hand-worked tree of ward.test.ts (rows 0, 1, 3, 7, 9), cut into 2.
const top = [Math.sqrt(320 / 3), Math.sqrt(25 / 3), 2, 1];
const result = {
	k: 2,
	height: (top[0] + top[1]) / 2,
	treeSample: null,
	topHeights: top,
	dendrogram: {
		leaves: [
			{ size: 1, cluster: 1 },
			{ size: 1, cluster: 1 },
			{ size: 3, cluster: 0 }
		],
		links: [
			{ x: [0, 1], y: [0, 0], height: 2, size: 2, cluster: 1 },
			{ x: [0.5, 2], y: [2, 0], height: top[0], size: 5, cluster: -1 }
		]
	}
} as unknown as HierarchicalResult;

describe('dendrogram option', () => {
	it('one ⊓ per merge, grey above the cut, the cut line across, leaves labelled by their users', () => {
		const o = dendrogramOption(result, ['#111', '#222']) as {
			series: { name: string; data: number[][]; lineStyle: { color: string } }[];
			xAxis: { axisLabel: { formatter: (v: number) => string } };
		};
		expect(o.series).toHaveLength(3);
		expect(o.series[0].data).toEqual([
			[0, 0],
			[0, 2],
			[1, 2],
			[1, 0]
		]);
		expect(o.series[0].lineStyle.color).toBe('#222');
		expect(o.series[1].lineStyle.color).toBe('#9a9a9a');
		expect(o.series[2].name).toBe('cut');
		expect(o.series[2].data.map((p) => p[1])).toEqual([result.height, result.height]);
		expect([0, 1, 2, 3, -1].map(o.xAxis.axisLabel.formatter)).toEqual(['1', '1', '3', '', '']);
	});
});

describe('k and height kept in step', () => {
	it('a height gives 1 + the merges above it; a k gives the middle of its gap', () => {
		expect(kAtHeight(top, 20)).toBe(1);
		expect(kAtHeight(top, 2.5)).toBe(3);
		expect(kAtHeight(top, 2)).toBe(3);
		expect(kAtHeight(top, 0.5)).toBe(5);
		for (let k = 1; k <= 5; k++) expect(kAtHeight(top, heightForK(top, k)!)).toBe(k);
		expect(heightForK(top, 6)).toBeNull();
		expect(kAtHeight(new Array(30).fill(1), 0.5)).toBeNull();
	});

	it('the settings line says how the tree was cut', () => {
		const byK = parseHierarchical({ kind: 'hierarchical', features: [{ agg: 'count' }], k: 2 });
		expect(settingsLine(byK, result, null)).toMatch(/^Ward linkage · cut into 2 clusters \(height 6\.6\d\)/);
		const byH = parseHierarchical({ kind: 'hierarchical', features: [{ agg: 'count' }], height: 3 });
		expect(settingsLine(byH, null, 'x.csv')).toBe(
			'Ward linkage · cut at height 3 · 1 feature: count · no scaling · x.csv'
		);
	});
});
