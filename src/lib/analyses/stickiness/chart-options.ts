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

/**
 * The result as a table (what the CSV export writes): one row per count, plain and cumulative; shares are
 * 0..1 and `percent` marks their columns. With a `baseline` (all users beside a segment, SEMANTICS §1b
 * `compare`), the same four columns for all users follow, their headers starting with `allLabel`.
 */
export function stickinessTable(
	result: StickinessResult,
	baseline: StickinessResult | null = null,
	allLabel = 'All users'
): { header: string[]; rows: (string | number)[][]; percent: boolean[] } {
	const columns = (r: StickinessResult, i: number) => {
		const plain = stickinessValues(r, false);
		const cum = stickinessValues(r, true);
		return [
			plain.users[i] ?? 0,
			+(plain.shares[i] ?? 0).toFixed(6),
			cum.users[i] ?? 0,
			+(cum.shares[i] ?? 0).toFixed(6)
		];
	};
	const names = ['users', 'share', 'users (this many or more)', 'share (this many or more)'];
	return {
		header: ['active days', ...names, ...(baseline ? names.map((n) => `${allLabel}: ${n}`) : [])],
		rows: result.counts.map((c, i) => [
			c.days,
			...columns(result, i),
			...(baseline ? columns(baseline, i) : [])
		]),
		percent: [false, ...(baseline ? [0, 1] : [0]).flatMap(() => [false, true, false, true])]
	};
}
