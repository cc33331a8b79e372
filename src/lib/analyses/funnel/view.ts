/** The funnel's step table, for its CSV (exact numbers, units in the header) and for the screen (pure). */
import { elapsedText, percentText } from '../format.ts';
import type { FunnelResult, FunnelStepResult } from './result.ts';

export interface FunnelTable {
	header: string[];
	rows: (string | number | null)[][];
}

/**
 * Rows for all users then each breakdown value ("(none)" for the empty one), one per step: breakdown, step
 * number, event, optional, users, then `rest` of the step.
 */
function stepRows(
	result: FunnelResult,
	rest: (s: FunnelStepResult) => (string | number | null)[]
): (string | number | null)[][] {
	const rows = (value: string, steps: FunnelStepResult[]) =>
		steps.map((s, i) => [value, i + 1, s.event, s.optional ? 'yes' : 'no', s.users, ...rest(s)]);
	return [
		...rows('all users', result.steps),
		...result.breakdowns.flatMap((b) => rows(b.value ?? '(none)', b.steps))
	];
}

/**
 * What the CSV writes: counts, both conversions as shares 0..1 (the header says so), drop-off and the
 * median seconds from the previous step (SEMANTICS §3), exact as computed.
 */
export function funnelTable(result: FunnelResult): FunnelTable {
	return {
		header: [
			'breakdown',
			'step',
			'event',
			'optional',
			'users',
			'conversion from start (0-1)',
			'conversion from previous (0-1)',
			'dropped',
			'median seconds from previous'
		],
		rows: stepRows(result, (s) => [
			s.conversionFromStart,
			s.conversionFromPrevious,
			s.dropped,
			s.medianSecondsFromPrevious
		])
	};
}

/**
 * The same table as the screen shows it, beside a chart in % and durations: conversions as "36.7%", the
 * median time as "2 h 5 min" (format.ts; in days when the data has dates only, `onlyDates`), empty for step 1
 * and where no user converted.
 */
export function funnelScreenTable(result: FunnelResult, onlyDates = false): FunnelTable {
	return {
		header: [
			'Breakdown',
			'Step',
			'Event',
			'Optional',
			'Users',
			'Conversion from start',
			'Conversion from previous',
			'Dropped',
			'Median time from previous'
		],
		rows: stepRows(result, (s) => [
			percentText(s.conversionFromStart),
			percentText(s.conversionFromPrevious),
			s.dropped,
			s.medianSecondsFromPrevious === null ? null : elapsedText(s.medianSecondsFromPrevious, onlyDates)
		])
	};
}

/** The screen table's right-aligned columns: step, users, conversions, dropped and time (numbers to compare). */
export function funnelNumericColumn(i: number): boolean {
	return i === 1 || i >= 4;
}
