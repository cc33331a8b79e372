/** ECharts options of the cluster tree screen, pure (no DOM): the dendrogram with its cut line. */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { HierarchicalResult } from './spec.ts';

const ABOVE_CUT = '#9a9a9a';

/**
 * The top of Ward's tree (SciPy's truncated dendrogram): one ⊓ line per drawn merge, coloured by the cluster
 * it lies in (grey above the cut), the collapsed subtrees as leaves labelled by their users, and the cut as a
 * dashed line at the result's height. x: leaf positions; y: merge height in the scaled space. `palette`: the
 * charts' series colours (the Chart component's), so cluster i has the colour of the scatter's series i.
 */
export function dendrogramOption(r: HierarchicalResult, palette: readonly string[]): ChartOption {
	const { leaves, links } = r.dendrogram;
	const users = (n: number) => n.toLocaleString('en');
	const series: Record<string, unknown>[] = links.map((l) => ({
		type: 'line',
		name: l.cluster < 0 ? 'above the cut' : `cluster ${l.cluster + 1}`,
		data: [
			[l.x[0], l.y[0]],
			[l.x[0], l.height],
			[l.x[1], l.height],
			[l.x[1], l.y[1]]
		],
		showSymbol: false,
		silent: true,
		animation: false,
		lineStyle: { width: 1.5, color: l.cluster < 0 ? ABOVE_CUT : palette[l.cluster % palette.length] }
	}));
	series.push({
		type: 'line',
		name: 'cut',
		data: [
			[-1, r.height],
			[leaves.length, r.height]
		],
		showSymbol: false,
		silent: true,
		animation: false,
		lineStyle: { type: 'dashed', color: '#222', width: 1 },
		endLabel: { show: true, formatter: `cut: ${r.k} cluster${r.k === 1 ? '' : 's'}`, color: '#222' }
	});
	return {
		grid: { left: 64, right: 96, top: 24, bottom: 56 },
		xAxis: {
			type: 'value',
			// Whole-number ticks, one per leaf, so each leaf's label sits under it.
			min: -1,
			max: leaves.length,
			interval: 1,
			splitLine: { show: false },
			axisTick: { show: false },
			name: r.treeSample ? 'users under each branch (tree on a sample)' : 'users under each branch',
			nameLocation: 'middle',
			nameGap: 36,
			axisLabel: {
				interval: 0,
				rotate: leaves.length > 20 ? 60 : 0,
				fontSize: 10,
				formatter: (v: number) => (Number.isInteger(v) && leaves[v] ? users(leaves[v].size) : '')
			}
		},
		// The y axis at the grid's left edge: by default it crosses the x axis at x = 0, which here is leaf 0,
		// and drew a full-height line through it.
		yAxis: { type: 'value', name: 'height', min: 0, axisLine: { onZero: false } },
		series
	};
}
