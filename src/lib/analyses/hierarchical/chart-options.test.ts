/** The cluster tree's chart option and the k ↔ height sync, on a result written out by hand. */
import { describe, expect, it } from 'vitest';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
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

describe('dendrogram as drawn', () => {
	it('regression, the stray line: no vertical line but the merges’ legs (the y axis sat on leaf 0, x = 0)', () => {
		echarts.use([LineChart, GridComponent, SVGRenderer]);
		const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 360 });
		chart.setOption({ ...dendrogramOption(result, ['#111', '#222']), animation: false });
		const px = (x: number, y: number) => chart.convertToPixel({ gridIndex: 0 }, [x, y]);
		const legs = result.dendrogram.links.flatMap((l) =>
			[0, 1].map((i) => [px(l.x[i], l.y[i]), px(l.x[i], l.height)])
		);
		const left = px(-1, 0)[0];
		// Every vertical stroke of the picture, as [x, from y, to y] in pixels.
		const vertical = [...chart.renderToSVGString().matchAll(/<path d="([^"]+)"/g)].flatMap(([, d]) => {
			const points = [...d.matchAll(/[ML]([\d.-]+) ([\d.-]+)/g)].map((m) => [+m[1], +m[2]]);
			return points.slice(1).flatMap((b, i) => {
				const a = points[i];
				return Math.abs(a[0] - b[0]) < 1 && Math.abs(a[1] - b[1]) >= 1 ? [[a[0], a[1], b[1]]] : [];
			});
		});
		chart.dispose();
		const inside = vertical.filter(([x]) => Math.abs(x - left) >= 1);
		const near = (p: number, q: number) => Math.abs(p - q) < 1;
		// A leg is drawn up on a merge's left and down on its right.
		const isLeg = ([x, y0, y1]: number[]) =>
			legs.some(
				([a, b]) =>
					near(a[0], x) && ((near(a[1], y0) && near(b[1], y1)) || (near(a[1], y1) && near(b[1], y0)))
			);
		expect(inside.length).toBe(legs.length);
		expect(inside.filter((v) => !isLeg(v))).toEqual([]);
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
