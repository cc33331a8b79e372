/** ECharts options and table rows of the engagement screen, pure (no DOM). */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { EngagementBin, EngagementResult, EngagementUser } from './spec.ts';

const num = (v: number) => v.toLocaleString('en', { maximumFractionDigits: 6 });

/** A bin's label: "0–20", or "90–100" for the last rank bin, which holds 100 too. */
export function binLabel(b: EngagementBin): string {
	return `${num(b.from)}–${num(b.to)}`;
}

/** Users per bin of score (or of percentile rank), as bars. */
export function histogramOption(result: EngagementResult): ChartOption {
	return {
		grid: { left: 56, right: 16, top: 16, bottom: 56 },
		tooltip: { trigger: 'axis' },
		xAxis: {
			type: 'category',
			data: result.histogram.map(binLabel),
			name: result.scale === 'percentile' ? 'percentile rank' : 'score',
			nameLocation: 'middle',
			nameGap: 32
		},
		yAxis: { type: 'value', minInterval: 1, name: 'users' },
		series: [{ name: 'Users', type: 'bar', data: result.histogram.map((b) => b.users) }]
	};
}

/** Per-user rows as a table (what the CSV export writes): place, user, score, and rank when ranked. */
export function usersTable(users: readonly EngagementUser[], ranked: boolean) {
	return {
		header: ['place', 'user', 'score', ...(ranked ? ['percentile rank'] : [])],
		rows: users.map((u, i) => [i + 1, u.user, u.score, ...(ranked ? [u.rank ?? null] : [])])
	};
}
