/**
 * ECharts options and the table of the lifecycle screen, pure (no DOM). As PostHog draws it: one stacked bar
 * per period, new, returning and resurrecting users above zero and dormant users below.
 */
import type { ChartOption } from '../../components/charts/echarts.ts';
import { HATCH } from '../chart-style.ts';
import { addDays, addPeriods, localDay } from '../../spec/calendar.ts';
import { LIFECYCLE_STATUSES, type LifecycleResult, type LifecycleStatus } from './spec.ts';

/** Where the data ends: the last event (ISO-8601 UTC) and the dataset's zone, whose calendar periods are. */
export interface DataEnd {
	lastTime: string;
	timezone: string;
}

/**
 * Whether each period (by its first day) was still running when the data ends: its last day in the dataset's
 * zone comes after the last event's day. Its users are counted (a lifecycle counts whole periods, even past a
 * date range's end) but can still change: more new, returning and resurrecting users, fewer dormant ones. The
 * rule is retention's calendar `incompleteFrom` (SEMANTICS §6, PostHog draws such periods hatched).
 */
export function runningPeriods(result: LifecycleResult, end: DataEnd | null): (period: string) => boolean {
	if (!end) return () => false;
	const lastDay = localDay(end.lastTime, end.timezone);
	return (p) => p <= lastDay && addDays(addPeriods(p, 1, result.period), -1) > lastDay;
}

/** Colour and label of each status (PostHog's order: new, returning, resurrecting, dormant). */
export const STATUS_STYLE: Record<LifecycleStatus, { label: string; color: string; about: string }> = {
	new: { label: 'New', color: '#2f6db5', about: 'first event ever in this period' },
	returning: { label: 'Returning', color: '#3aa57a', about: 'active in this and the previous period' },
	resurrecting: {
		label: 'Resurrecting',
		color: '#7b5ea7',
		about: 'active again after missing the previous period'
	},
	dormant: { label: 'Dormant', color: '#d1495b', about: 'active in the previous period, not in this one' }
};

/**
 * Stacked bars per period; dormant (negative) hangs below the axis. Zoom appears past 60 periods. Periods
 * `running` says were still running when the data ends are hatched and say so in their tooltip.
 */
export function lifecycleOption(
	result: LifecycleResult,
	running: (period: string) => boolean = () => false
): ChartOption {
	const periods = result.periods.map((p) => p.period);
	const tooltip = (items: { dataIndex: number }[]) => {
		const p = result.periods[items[0]?.dataIndex ?? 0];
		if (!p) return '';
		const active = p.new + p.returning + p.resurrecting;
		return [
			`${result.period} of ${p.period}: ${active.toLocaleString('en')} active users`,
			...LIFECYCLE_STATUSES.map((s) => `${STATUS_STYLE[s].label}: ${p[s].toLocaleString('en')}`),
			...(running(p.period) ? ['Still running when the data ends: these counts can change'] : [])
		].join('\n');
	};
	return {
		grid: { left: 56, right: 16, top: 36, bottom: periods.length > 60 ? 56 : 40 },
		tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: tooltip },
		legend: { top: 0, data: LIFECYCLE_STATUSES.map((s) => STATUS_STYLE[s].label) },
		xAxis: { type: 'category', data: periods },
		yAxis: { type: 'value', minInterval: 1, name: 'users' },
		dataZoom: periods.length > 60 ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 4 }] : [],
		series: LIFECYCLE_STATUSES.map((s) => ({
			name: STATUS_STYLE[s].label,
			type: 'bar',
			stack: 'lifecycle',
			// Same-sign stacking: the positive statuses pile up from zero, dormant goes down from it.
			stackStrategy: 'samesign',
			itemStyle: { color: STATUS_STYLE[s].color },
			data: result.periods.map((p) =>
				running(p.period) ? { value: p[s], itemStyle: { decal: HATCH, opacity: 0.75 } } : p[s]
			)
		}))
	};
}

/**
 * One row per period (what the table shows and the CSV export writes); dormant stays negative; `complete`
 * is "no" for a period still running when the data ends (`running`).
 */
export function lifecycleTable(
	result: LifecycleResult,
	running: (period: string) => boolean = () => false
): { header: string[]; rows: (string | number)[][] } {
	return {
		header: ['period', ...LIFECYCLE_STATUSES, 'active', 'complete'],
		rows: result.periods.map((p) => [
			p.period,
			...LIFECYCLE_STATUSES.map((s) => p[s]),
			p.new + p.returning + p.resurrecting,
			running(p.period) ? 'no' : 'yes'
		])
	};
}
