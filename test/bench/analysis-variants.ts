// Warm timings of the analyses of issue 9 on the bench file (PostHog-style columns of the demo generator):
// what `npm run bench` prints after retention, each the minimum of 5 warm runs, engine + Arrow decode.
import type { EngineCore } from '../../src/lib/engine/core.ts';
import type { AnalysisSpecInput } from '../../src/lib/analyses/registry.ts';

const weights = [
	{ event: 'product_viewed', weight: 1 },
	{ event: 'added_to_cart', weight: 3 },
	{ event: 'order_completed', weight: 10 }
];

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
	'funnel, five steps': {
		kind: 'funnel',
		steps: ['$pageview', 'product_viewed', 'added_to_cart', 'checkout_started', 'order_completed']
	},
	'segment, top 10% by engagement': {
		kind: 'segment',
		rule: { percentile: { of: 'engagement', weights, top: 10 } }
	}
};

/** Each variant run six times; the first (cold: derived tables, caches) is dropped, the fastest kept, in ms. */
export async function warmTimes(
	core: EngineCore,
	variants: Record<string, AnalysisSpecInput> = ANALYSIS_VARIANTS
): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const [name, spec] of Object.entries(variants)) {
		const times: number[] = [];
		for (let i = 0; i < 6; i++) {
			const t = performance.now();
			await core.result(spec);
			times.push(performance.now() - t);
		}
		out[name] = Math.round(Math.min(...times.slice(1)));
	}
	return out;
}
