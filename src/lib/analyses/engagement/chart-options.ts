/** ECharts options and table rows of the engagement screen, pure (no DOM). */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { EngagementBin, EngagementResult, EngagementUser } from './spec.ts';

const num = (v: number) => v.toLocaleString('en', { maximumFractionDigits: 6 });

/** A bin's label: "0–20", or "90–100" for the last rank bin, which holds 100 too. */
export function binLabel(b: EngagementBin): string {
	return `${num(b.from)}–${num(b.to)}`;
}

const share = (users: number, total: number) => (total === 0 ? 0 : users / total);

/**
 * Users per bin of score (or of percentile rank), as bars. `asShare`: as a percentage of the users scored,
 * so a segment's histogram and all users' (SEMANTICS §1b `compare`), drawn side by side, read alike.
 */
export function histogramOption(result: EngagementResult, opts: { asShare?: boolean } = {}): ChartOption {
	const data = result.histogram.map((b) =>
		opts.asShare ? +(share(b.users, result.users) * 100).toFixed(2) : b.users
	);
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
		yAxis: opts.asShare
			? { type: 'value', name: '% of users', axisLabel: { formatter: '{value}%' } }
			: { type: 'value', minInterval: 1, name: 'users' },
		series: [{ name: opts.asShare ? '% of users' : 'Users', type: 'bar', data }]
	};
}

/** The histogram as a table: each bin, its users and their share (0..1) of the users scored. */
export function histogramTable(result: EngagementResult): { header: string[]; rows: (string | number)[][] } {
	return {
		header: [result.scale === 'percentile' ? 'percentile rank' : 'score', 'users', 'share'],
		rows: result.histogram.map((b) => [binLabel(b), b.users, +share(b.users, result.users).toFixed(6)])
	};
}

/** Per-user rows as a table (what the CSV export writes): place, user, score, and rank when ranked. */
export function usersTable(users: readonly EngagementUser[], ranked: boolean) {
	return {
		header: ['place', 'user', 'score', ...(ranked ? ['percentile rank'] : [])],
		rows: users.map((u, i) => [i + 1, u.user, u.score, ...(ranked ? [u.rank ?? null] : [])])
	};
}
