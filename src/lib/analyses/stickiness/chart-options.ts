/** ECharts options and table rows of the stickiness screen, pure (no DOM). */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { StickinessResult } from './spec.ts';

/**
 * Users with at least `days` active days: each count plus every higher one (PostHog's and Amplitude's
 * "cumulative" stickiness), so the first entry is every (user, interval) pair.
 */
export function cumulative(values: readonly number[]): number[] {
	const out = new Array<number>(values.length);
	let running = 0;
	for (let i = values.length - 1; i >= 0; i--) {
		running += values[i];
		out[i] = running;
	}
	return out;
}

/** The label of a count: "3 days", or "3+ days" when cumulative. */
export function daysLabel(days: number, isCumulative: boolean): string {
	return `${days}${isCumulative ? '+' : ''} day${days === 1 && !isCumulative ? '' : 's'}`;
}

/** The users of each count, cumulative or not, and as shares of all (user, interval) pairs (0..1). */
export function stickinessValues(result: StickinessResult, isCumulative: boolean) {
	const counts = result.counts.map((c) => c.users);
	const users = isCumulative ? cumulative(counts) : counts;
	return { users, shares: users.map((u) => (result.total === 0 ? 0 : u / result.total)) };
}

/**
 * Bars of users per number of active days. With a `baseline` (all users beside a segment), both are drawn
 * as shares of their own total, so groups of different sizes compare.
 */
export function stickinessOption(
	result: StickinessResult,
	opts: { cumulative: boolean; baseline?: StickinessResult | null; segmentLabel?: string }
): ChartOption {
	const labels = result.counts.map((c) => daysLabel(c.days, opts.cumulative));
	const asShare = Boolean(opts.baseline);
	const bar = (r: StickinessResult, name: string) => {
		const v = stickinessValues(r, opts.cumulative);
		return {
			name,
			type: 'bar',
			data: asShare ? v.shares.map((s) => +(s * 100).toFixed(2)) : v.users
		};
	};
	const series = [bar(result, opts.segmentLabel ?? 'Users')];
	if (opts.baseline) series.push(bar(opts.baseline, 'All users'));
	return {
		grid: { left: 56, right: 16, top: asShare ? 36 : 16, bottom: 40 },
		tooltip: { trigger: 'axis' },
		legend: asShare ? { top: 0 } : { show: false },
		xAxis: { type: 'category', data: labels, axisLabel: { interval: 'auto' } },
		yAxis: asShare
			? { type: 'value', name: '% of users', axisLabel: { formatter: '{value}%' } }
			: { type: 'value', minInterval: 1, name: 'users' },
		series
	};
}

/** The result as a table (what the CSV export writes): one row per count, plain and cumulative. */
export function stickinessTable(result: StickinessResult): { header: string[]; rows: (string | number)[][] } {
	const plain = stickinessValues(result, false);
	const cum = stickinessValues(result, true);
	return {
		header: ['active days', 'users', 'share', 'users (this many or more)', 'share (this many or more)'],
		rows: result.counts.map((c, i) => [
			c.days,
			plain.users[i],
			+plain.shares[i].toFixed(6),
			cum.users[i],
			+cum.shares[i].toFixed(6)
		])
	};
}
