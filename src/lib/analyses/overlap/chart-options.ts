/** The overlap matrix as an ECharts heatmap and as a table, pure (no DOM). */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { OverlapResult } from './spec.ts';

/**
 * Share of row segment i's users who are also in segment j: both[i][j] / size(i), 0..1; null when segment
 * i is empty. Row-wise, so the cell reads "of the Lapsed, 12 % are also Engaged" (the matrix is not
 * symmetric in shares, only in counts).
 */
export function overlapShare(result: OverlapResult, i: number, j: number): number | null {
	const size = result.both[i][i];
	return size === 0 ? null : result.both[i][j] / size;
}

type Cell = [number, number, number | null, number];

/**
 * Cells `[column j, row i, share % of row i (one decimal), users in both]`, coloured by share, labelled
 * with the share and the count; the tooltip names both segments and gives the share of each.
 */
export function overlapOption(result: OverlapResult): ChartOption {
	const names = result.segments.map((s) => s.name);
	// Labels on the darker half of the scale are drawn white, as the retention heatmap's table does.
	const data: { value: Cell; label?: { color: string } }[] = [];
	result.both.forEach((row, i) =>
		row.forEach((users, j) => {
			const s = overlapShare(result, i, j);
			const value: Cell = [j, i, s === null ? null : Math.round(s * 1000) / 10, users];
			data.push(s !== null && s > 0.5 ? { value, label: { color: '#ffffff' } } : { value });
		})
	);
	const pct = (s: number | null) => (s === null ? '—' : `${(s * 100).toFixed(1)}%`);
	const tooltip = (p: { data: { value: Cell } }) => {
		const [j, i, , users] = p.data.value;
		if (i === j) return `${names[i]}: ${users.toLocaleString('en')} users`;
		return [
			`${names[i]} and ${names[j]}: ${users.toLocaleString('en')} users`,
			`${pct(overlapShare(result, i, j))} of ${names[i]}`,
			`${pct(overlapShare(result, j, i))} of ${names[j]}`
		].join('\n');
	};
	return {
		grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
		tooltip: { position: 'top', formatter: tooltip },
		xAxis: {
			type: 'category',
			data: names,
			position: 'top',
			axisLabel: { interval: 0, rotate: names.length > 4 ? 30 : 0 }
		},
		yAxis: { type: 'category', data: names, inverse: true, axisLabel: { interval: 0 } },
		visualMap: {
			min: 0,
			max: 100,
			orient: 'horizontal',
			left: 'center',
			bottom: 4,
			itemHeight: 200,
			itemWidth: 10,
			text: ['100% of the row', '0%'],
			inRange: { color: ['#f3f7fc', '#9cc2e8', '#2f6db5', '#173a66'] },
			dimension: 2
		},
		series: [
			{
				name: 'Users in both',
				type: 'heatmap',
				data,
				progressive: 0,
				label: {
					show: names.length <= 12,
					fontSize: 11,
					lineHeight: 15,
					formatter: (p: { data: { value: Cell } }) => {
						const [, , share, users] = p.data.value;
						return `${share === null ? '—' : `${share}%`}\n${users.toLocaleString('en')}`;
					}
				},
				emphasis: { itemStyle: { borderColor: '#1b2430', borderWidth: 1 } }
			}
		]
	};
}

/** The matrix as table rows (what its CSV writes): one row per pair, with the share of each side. */
export function overlapTable(result: OverlapResult): {
	header: string[];
	rows: (string | number | null)[][];
} {
	const rows: (string | number | null)[][] = [];
	const names = result.segments.map((s) => s.name);
	for (let i = 0; i < names.length; i++)
		for (let j = i; j < names.length; j++) {
			const a = overlapShare(result, i, j);
			const b = overlapShare(result, j, i);
			rows.push([
				names[i],
				names[j],
				result.both[i][j],
				a === null ? null : +a.toFixed(4),
				b === null ? null : +b.toFixed(4)
			]);
		}
	return { header: ['segment', 'with', 'users in both', 'share of segment', 'share of with'], rows };
}
