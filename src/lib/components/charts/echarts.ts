import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
	DataZoomComponent,
	GridComponent,
	LegendComponent,
	MarkLineComponent,
	TitleComponent,
	TooltipComponent,
	VisualMapComponent
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
	BarChart,
	HeatmapChart,
	LineChart,
	ScatterChart,
	DataZoomComponent,
	GridComponent,
	LegendComponent,
	MarkLineComponent,
	TitleComponent,
	TooltipComponent,
	VisualMapComponent,
	CanvasRenderer
]);

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
