/**
 * ECharts options of the RFM screen, pure (no DOM): the R × F grid as a heatmap coloured by users, and the
 * named segments as bars. Cells and bars carry what a click needs to select them.
 */
import type { ChartOption } from '../../components/charts/echarts.ts';
import { classLabel, classOf, RFM_CLASSES } from './classes.ts';
import type { RfmResult } from './spec.ts';
import type { RfmSelection } from './view.ts';

/** A number in a few characters: 1234 → "1.2k", 0.5 → "0.5". */
export function compact(v: number): string {
	const a = Math.abs(v);
	if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
	if (a >= 1e4) return `${Math.round(v / 1e3)}k`;
	if (a >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
	return `${+v.toFixed(a >= 100 ? 0 : a >= 1 ? 1 : 2)}`;
}

/** Heatmap datum: [F index, R index, users, average monetary]. */
export type GridDatum = [number, number, number, number];

/**
 * The R × F grid: F scores across (1 left), R scores up (the most recent, R = bins, on top); each cell's
 * colour is its users, its label the users and their average monetary; empty cells are left blank. The
 * selected cell gets a dark border.
 */
export function gridOption(result: RfmResult, selected: RfmSelection | null): ChartOption {
	const b = result.bins;
	const scores = Array.from({ length: b }, (_, i) => String(i + 1));
	const data = result.grid.map((c) => {
		const on = selected?.type === 'cell' && selected.r === c.r && selected.f === c.f;
		return {
			value: [c.f - 1, c.r - 1, c.users, c.avgMonetary] as GridDatum,
			...(on ? { itemStyle: { borderColor: '#1b2430', borderWidth: 3 } } : {})
		};
	});
	const max = Math.max(1, ...result.grid.map((c) => c.users));
	const tooltip = (p: { data: { value: GridDatum } }) => {
		const [f, r, users] = p.data.value;
		const cell = result.grid.find((c) => c.r === r + 1 && c.f === f + 1);
		if (!cell) return '';
		return [
			`R ${cell.r} · F ${cell.f}: ${classLabel(classOf(cell.r, cell.f, b))}`,
			`${users.toLocaleString('en')} users (${((users / Math.max(1, result.users)) * 100).toFixed(1)}%)`,
			`average monetary ${cell.avgMonetary.toLocaleString('en', { maximumFractionDigits: 2 })}`,
			`average recency ${cell.avgRecency.toFixed(1)} days · frequency ${cell.avgFrequency.toFixed(1)}`,
			'Click to select, then save as a segment'
		].join('\n');
	};
	return {
		grid: { left: 48, right: 16, top: 16, bottom: 72 },
		tooltip: { position: 'top', formatter: tooltip },
		xAxis: { type: 'category', data: scores, name: 'F (frequency)', nameLocation: 'middle', nameGap: 26 },
		yAxis: { type: 'category', data: scores, name: 'R (recency)', nameLocation: 'middle', nameGap: 30 },
		visualMap: {
			min: 0,
			max,
			calculable: false,
			dimension: 2,
			orient: 'horizontal',
			left: 'center',
			bottom: 0,
			itemHeight: 120,
			text: [`${max.toLocaleString('en')} users`, '0'],
			inRange: { color: ['#eef3fb', '#2f6db5'] }
		},
		series: [
			{
				type: 'heatmap',
				data,
				label: {
					show: true,
					formatter: (p: { data: { value: GridDatum } }) =>
						`${compact(p.data.value[2])}\n${compact(p.data.value[3])}`,
					fontSize: b > 7 ? 9 : 11,
					lineHeight: b > 7 ? 11 : 14
				},
				emphasis: { itemStyle: { borderColor: '#1b2430', borderWidth: 1 } }
			}
		]
	};
}

/** The named segments as horizontal bars, best first on top; the selected one in a darker colour. */
export function classesOption(result: RfmResult, selected: RfmSelection | null): ChartOption {
	const classes = result.classes;
	const labels = classes.map((c) => classLabel(c.key));
	const tooltip = (p: { dataIndex: number }) => {
		const c = classes[p.dataIndex];
		const about = RFM_CLASSES.find((x) => x.key === c.key)?.description ?? '';
		return [
			`${classLabel(c.key)}: ${about}`,
			`${c.users.toLocaleString('en')} users (${((c.users / Math.max(1, result.users)) * 100).toFixed(1)}%)`,
			c.avgMonetary === null
				? ''
				: `average monetary ${c.avgMonetary.toLocaleString('en', { maximumFractionDigits: 2 })}`,
			'Click to select, then save as a segment'
		]
			.filter(Boolean)
			.join('\n');
	};
	return {
		grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
		tooltip: { trigger: 'item', formatter: tooltip },
		xAxis: { type: 'value', minInterval: 1, name: 'users' },
		yAxis: { type: 'category', data: labels, inverse: true },
		series: [
			{
				type: 'bar',
				data: classes.map((c) => ({
					value: c.users,
					itemStyle: {
						color: selected?.type === 'class' && selected.key === c.key ? '#1d4a80' : '#5b8fd1'
					}
				})),
				label: { show: true, position: 'right', formatter: (p: { value: number }) => compact(p.value) }
			}
		]
	};
}
