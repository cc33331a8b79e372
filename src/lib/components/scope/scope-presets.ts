/** The date-range choices every analysis page offers (SEMANTICS §1b), and how a scope reads in words. */
import type { DateRange, Scope } from '../../spec/scope.ts';
import { resolveDateRange } from '../../sql/scope.ts';

export interface RangePreset {
	id: string;
	label: string;
	range: DateRange | null;
}

/** Counted back from the day of the last event in the data, never from today (SEMANTICS §1b). */
export const RANGE_PRESETS: readonly RangePreset[] = [
	{ id: 'all', label: 'All data', range: null },
	{ id: 'last7', label: 'Last 7 days', range: { last: 7, unit: 'day' } },
	{ id: 'last30', label: 'Last 30 days', range: { last: 30, unit: 'day' } },
	{ id: 'last90', label: 'Last 90 days', range: { last: 90, unit: 'day' } },
	{ id: 'last12m', label: 'Last 12 months', range: { last: 12, unit: 'month' } }
];

/** The preset a range is, or 'custom'. */
export function presetOf(range: DateRange | null): string {
	const same = (a: DateRange | null, b: DateRange | null) => JSON.stringify(a) === JSON.stringify(b);
	return RANGE_PRESETS.find((p) => same(p.range, range))?.id ?? 'custom';
}

/**
 * The scope in words for a chart's export and a tile's caption: "2025-03-25 to 2025-03-31 · Engaged (vs all
 * users)". `segmentName` names the saved segment the scope's rule came from, when there is one.
 */
export function describeScope(
	scope: Scope,
	data: { timezone: string; lastEventMs: number | null },
	segmentName?: string | null
): string {
	const parts: string[] = [];
	const days = resolveDateRange(scope.dateRange, data);
	parts.push(days ? `${days.from} to ${days.to}` : 'all data');
	if (scope.segment) {
		const name = segmentName ?? ('name' in scope.segment ? scope.segment.name : 'a segment');
		parts.push(scope.segment.compare ? `${name} vs all users` : name);
	} else parts.push('all users');
	return parts.join(' · ');
}
