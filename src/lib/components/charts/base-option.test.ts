import { describe, expect, it } from 'vitest';
import * as echarts from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { getWidth } from 'zrender/lib/contain/text.js';
import { ANIMATION_MS, baseOption, LEGEND_LINE, pngOption } from './base-option.ts';
import { scatterOption } from '../../analyses/kmeans/chart-options.ts';
import type { KmeansResult } from '../../analyses/kmeans/spec.ts';

const palette = ['#111111', '#222222'];
const line = {
	xAxis: { type: 'category', data: ['Mon', 'Tue'] },
	yAxis: { type: 'value' },
	series: [{ type: 'line', data: [3, 5] }],
	tooltip: { trigger: 'axis' }
};

describe('baseOption', () => {
	it('a fresh result grows in over ANIMATION_MS, with the palette, font and the analysis option as given', () => {
		const o = baseOption(line, palette, true);
		expect(o.animation).toBeUndefined();
		expect(o.animationDuration).toBe(300);
		expect(ANIMATION_MS).toBe(300);
		expect(o.color).toEqual(['#111111', '#222222']);
		expect(o.textStyle).toEqual({ fontFamily: 'system-ui, sans-serif' });
		expect(o.series).toBe(line.series);
		expect(o.xAxis).toBe(line.xAxis);
	});

	it('a result from the cache is drawn without animation, the rest of the option unchanged', () => {
		const still = baseOption(line, palette, false);
		const moving = baseOption(line, palette, true);
		expect(still.animation).toBe(false);
		const { animation: _a, ...rest } = still;
		const { animation: _b, ...restMoving } = moving;
		expect(rest).toEqual(restMoving);
	});

	it("an option that never animates (heatmap's animation: false) keeps it when a fresh result animates", () => {
		expect(baseOption({ ...line, animation: false }, palette, true).animation).toBe(false);
		expect(baseOption({ ...line, animation: false }, palette, false).animation).toBe(false);
	});

	it('the tooltip is always drawn as rich text on the canvas, never HTML, even when an option asks for HTML', () => {
		const o = baseOption({ ...line, tooltip: { trigger: 'item', renderMode: 'html' } }, palette, true);
		expect(o.tooltip).toEqual({ trigger: 'item', confine: true, renderMode: 'richText' });
		expect(baseOption({ series: [] }, palette, false).tooltip).toEqual({
			confine: true,
			renderMode: 'richText'
		});
	});

	it('an option may let its tooltip leave the chart (confine: false)', () => {
		const o = baseOption({ ...line, tooltip: { confine: false } }, palette, true);
		expect(o.tooltip).toEqual({ confine: false, renderMode: 'richText' });
	});
});

describe('pngOption: the exported picture names every series', () => {
	// The k-means map of Mall customers (k = 4): its paged legend showed page 1 of 3 on the screen and in the PNG.
	const mall = scatterOption({
		clusters: [
			'high Age',
			'low Age, low Annual Income (k$)',
			'high Spending Score (1-100), high Annual Income (k$)',
			'low Spending Score (1-100), high Annual Income (k$)'
		].map((label) => ({ label })),
		plot: { x: [0, 1, 2, 3], y: [0, 1, 0, 1], cluster: [0, 1, 2, 3], explained: [0.44, 0.33], sampled: false }
	} as unknown as KmeansResult)!;
	const names = (mall.series as { name: string }[]).map((s) => s.name);
	const measure = (text: string) => getWidth(text, '12px sans-serif');

	/**
	 * The texts of the picture drawn at `width` × `height` (ECharts SSR, SVG) that lie inside it: a paged
	 * legend draws its other items past the edge, clipped.
	 */
	function texts(option: object, width: number, height: number): string[] {
		echarts.use([ScatterChart, GridComponent, LegendComponent, SVGRenderer]);
		const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
		chart.setOption({ ...option, animation: false });
		const svg = chart.renderToSVGString();
		chart.dispose();
		return [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].flatMap(([, attrs, raw]) => {
			const text = raw.replace(/&amp;/g, '&');
			const x = Number(/ x="([\d.-]+)"/.exec(attrs)?.[1] ?? 0);
			const at = Number(/translate\(([\d.-]+) /.exec(attrs)?.[1] ?? 0);
			const starts = /text-anchor="start"/.test(attrs);
			return !starts || (at + x >= 0 && at + x + measure(text) <= width) ? [text] : [];
		});
	}

	it('regression: the paged legend hid clusters; the plain one shows them all, the plot moved down by its lines', () => {
		const width = 540;
		expect(names.filter((n) => !texts(mall, width, 380).includes(n)).length).toBeGreaterThan(0);
		const { option, extra } = pngOption(mall, width, measure);
		expect(option.legend).toMatchObject({ type: 'plain', top: 0 });
		expect(extra % LEGEND_LINE).toBe(0);
		expect(extra).toBeGreaterThan(0);
		expect((option.grid as { top: number }).top).toBe((mall.grid as { top: number }).top + extra);
		expect(names.filter((n) => !texts(option, width, 380 + extra).includes(n))).toEqual([]);
	});

	it('a chart whose legend fits on one line, or has none, is exported as drawn', () => {
		expect(pngOption(mall, 4000, measure)).toMatchObject({ extra: 0 });
		expect(pngOption(line, 540, measure)).toEqual({ option: line, extra: 0 });
	});
});
