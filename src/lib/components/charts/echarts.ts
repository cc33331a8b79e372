import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, SankeyChart, ScatterChart } from 'echarts/charts';
import {
	DataZoomComponent,
	GraphicComponent,
	GridComponent,
	LegendComponent,
	MarkLineComponent,
	TitleComponent,
	TooltipComponent,
	VisualMapComponent
} from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';
import LRU from 'zrender/lib/core/LRU.js';

echarts.use([
	BarChart,
	HeatmapChart,
	LineChart,
	SankeyChart,
	ScatterChart,
	DataZoomComponent,
	GraphicComponent,
	GridComponent,
	LegendComponent,
	MarkLineComponent,
	TitleComponent,
	TooltipComponent,
	VisualMapComponent,
	// `labelLayout: { hideOverlap }`: a chart may drop labels that would overlap (small Sankey nodes).
	LabelLayout,
	CanvasRenderer
]);

/**
 * zrender caches text widths in an LRU keyed by the text itself, held in a plain object. A label reading
 * "__proto__" (an event name or user id from a file) found Object.prototype there and linked it into the
 * cache's list, which gave every object of the page enumerable `prev` and `next` properties, and the page
 * then failed (Svelte walks property descriptors with for…in). The caches' dictionaries are made objects
 * without a prototype, so every key is just a key.
 */
type Cache = { _map: object } & Record<'get' | 'put' | 'clear', (...args: unknown[]) => unknown>;
const lru = LRU.prototype as unknown as Cache;
for (const method of ['get', 'put', 'clear'] as const) {
	const original = lru[method];
	lru[method] = function (this: Cache, ...args: unknown[]) {
		if (Object.getPrototypeOf(this._map) !== null) this._map = Object.assign(Object.create(null), this._map);
		return original.apply(this, args);
	};
}

export { echarts };
export type { EChartsCoreOption as ChartOption } from 'echarts/core';

/** Colours shared by every chart so a series means the same thing across screens. */
export const palette = [
	'#2f6db5',
	'#f2a33a',
	'#3aa57a',
	'#d1495b',
	'#7b5ea7',
	'#5bc0be',
	'#8c6d46',
	'#e377c2'
];
