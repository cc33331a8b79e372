// Warm timings of the analyses of issues 9, 10 and 11 on the bench file (PostHog-style columns of the demo
// generator): what `npm run bench` prints after retention, each the fastest and the median of 5 warm runs,
// engine + Arrow decode.
import type { EngineCore } from '../../src/lib/engine/core.ts';
import type { AnalysisSpecInput } from '../../src/lib/analyses/registry.ts';

const weights = [
	{ event: 'product_viewed', weight: 1 },
	{ event: 'added_to_cart', weight: 3 },
	{ event: 'order_completed', weight: 10 }
];

const didTwice = { did: 'order_completed', count: { '>=': 2 }, within: { last: 30, unit: 'day' } };
const nested = {
	all: [
		didTwice,
		{
			any: [
				{ property: 'utm_source', op: '=', value: 'google' },
				{ not: { percentile: { of: 'events', top: 10 } } }
			]
		}
	]
};

const funnelSteps = ['$pageview', 'product_viewed', 'added_to_cart', 'checkout_started', 'order_completed'];
const five = { kind: 'funnel', steps: funnelSteps } as const;
const searched = { exclusions: [{ event: 'search', where: [], fromStep: 1, toStep: 2 }] };

/** Issue 10's funnels: 2, 3 and 5 steps from `$pageview`, each order, with an exclusion and a breakdown. */
const FUNNEL_VARIANTS: Record<string, AnalysisSpecInput> = {
	'funnel, two steps': { kind: 'funnel', steps: funnelSteps.slice(0, 2) },
	'funnel, three steps': { kind: 'funnel', steps: funnelSteps.slice(0, 3) },
	'funnel, five steps': five,
	'funnel, five steps, exclusion': { ...five, ...searched },
	'funnel, five steps, breakdown by utm_source': { ...five, breakdown: 'utm_source' },
	'funnel, five steps, breakdown and exclusion': { ...five, ...searched, breakdown: 'utm_source' },
	'funnel, three steps, strict': { kind: 'funnel', steps: funnelSteps.slice(0, 3), order: 'strict' },
	'funnel, five steps, strict': { ...five, order: 'strict' },
	'funnel, five steps, strict, exclusion and breakdown': {
		...five,
		...searched,
		order: 'strict',
		breakdown: 'utm_source'
	},
	'funnel, three steps, any order': { kind: 'funnel', steps: funnelSteps.slice(0, 3), order: 'any' },
	'funnel, five steps, any order': { ...five, order: 'any' },
	'funnel, five steps, any order, exclusion and breakdown': {
		...five,
		...searched,
		order: 'any',
		breakdown: 'utm_source'
	}
};

export const ANALYSIS_VARIANTS: Record<string, AnalysisSpecInput> = {
	'RFM, revenue, 5 bins': { kind: 'rfm', monetary: 'revenue', bins: 5 },
	'RFM, purchases only': { kind: 'rfm', monetary: 'revenue', bins: 5, event: 'order_completed' },
	'lifecycle, weekly': { kind: 'lifecycle', period: 'week' },
	'lifecycle, daily': { kind: 'lifecycle', period: 'day' },
	'stickiness, days per week': { kind: 'stickiness' },
	'stickiness, days per month of one event': {
		kind: 'stickiness',
		interval: 'month',
		event: 'product_viewed'
	},
	'KPI, DAU per day': { kind: 'kpi', series: [{ metric: 'active_users' }] },
	'KPI, WAU per day': { kind: 'kpi', series: [{ metric: 'active_users', window: 'week' }] },
	'KPI, MAU per day': { kind: 'kpi', series: [{ metric: 'active_users', window: 'month' }] },
	'KPI, DAU/MAU per day': { kind: 'kpi', series: [{ metric: 'dau_mau' }] },
	'KPI, adoption per week': {
		kind: 'kpi',
		series: [{ metric: 'adoption', event: 'order_completed' }],
		period: 'week'
	},
	'KPI, revenue per day, 7-day average': {
		kind: 'kpi',
		series: [{ metric: 'sum', value: 'revenue' }],
		movingAverage: 7
	},
	'KPI, four series pinned, last 30 days': {
		kind: 'kpi',
		series: [
			{ metric: 'active_users', window: 'month' },
			{ metric: 'dau_mau' },
			{ metric: 'adoption', event: 'order_completed' },
			{ metric: 'sum', value: 'revenue' }
		],
		dateRange: { last: 30, unit: 'day' }
	},
	'engagement, scores': { kind: 'engagement', weights },
	'engagement, percentile ranks': { kind: 'engagement', weights, scale: 'percentile' },
	...FUNNEL_VARIANTS,
	'segment, top 10% by engagement': {
		kind: 'segment',
		rule: { percentile: { of: 'engagement', weights, top: 10 } }
	},
	// The segment screen's size while a rule is edited: each edit is a new spec, so each run is a miss of the
	// result cache on warm tables. The nested rule grows as a user builds it, one condition per edit.
	'segment size, did order_completed ≥ 2 in 30 days': { kind: 'segment', rule: didTwice },
	'segment size, + property utm_source = google': {
		kind: 'segment',
		rule: { all: [didTwice, { property: 'utm_source', op: '=', value: 'google' }] }
	},
	'segment size, nested: did AND (property OR NOT top 10% by events)': { kind: 'segment', rule: nested },
	'segment size, nested with top 10% by active days, last 90 days': {
		kind: 'segment',
		rule: {
			all: [
				didTwice,
				{
					any: [
						{ property: 'device_type', op: '=', value: 'mobile' },
						{ percentile: { of: 'active_days', top: 10, within: { last: 90, unit: 'day' } } }
					]
				}
			]
		}
	},
	'segment size, nested with top 10% by revenue': {
		kind: 'segment',
		rule: { all: [didTwice, { percentile: { of: 'revenue', top: 10 } }] }
	},
	// Click heatmaps need pointer columns this file lacks: test/bench/heatmap.ts times them on a click file.
	'heatmap, activity by weekday and hour': { kind: 'heatmap', type: 'activity' },
	'paths, depth 5 from $pageview': { kind: 'paths', startEvent: '$pageview', depth: 5 },
	'paths, depth 5 from each session start': { kind: 'paths', depth: 5 },
	'paths, depth 5 back from order_completed': { kind: 'paths', endEvent: 'order_completed', depth: 5 }
};

/** A warm timing in ms: wall clock, and the CPU time of this process (user + system) over the same run. */
export interface WarmTime {
	/** Fastest warm wall time. */
	ms: number;
	/** Fastest warm CPU time. */
	cpuMs: number;
	/** Median warm wall time. */
	medianMs: number;
	/** Median warm CPU time. */
	medianCpuMs: number;
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Each variant run six times; the first (cold: derived tables, caches) is dropped, and of the five warm runs
 * the fastest and the median wall and CPU times kept, in ms. Under Node DuckDB-WASM runs on this thread, so
 * the CPU time is the engine's; on a loaded machine it is the steadier figure (the wall time also counts
 * waiting for a core).
 */
export async function warmTimes(
	core: EngineCore,
	variants: Record<string, AnalysisSpecInput> = ANALYSIS_VARIANTS
): Promise<Record<string, WarmTime>> {
	const out: Record<string, WarmTime> = {};
	for (const [name, spec] of Object.entries(variants)) {
		const walls: number[] = [];
		const cpus: number[] = [];
		for (let i = 0; i < 6; i++) {
			const t = performance.now();
			const c = process.cpuUsage();
			await core.result(spec);
			const used = process.cpuUsage(c);
			walls.push(performance.now() - t);
			cpus.push((used.user + used.system) / 1000);
		}
		out[name] = {
			ms: Math.round(Math.min(...walls.slice(1))),
			cpuMs: Math.round(Math.min(...cpus.slice(1))),
			medianMs: Math.round(median(walls.slice(1))),
			medianCpuMs: Math.round(median(cpus.slice(1)))
		};
	}
	return out;
}
