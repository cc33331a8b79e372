/** The retention spec (SEMANTICS §2): its types, defaults and checks. */
import { eventRef, knownKeys, object, oneOf, SpecError, textOrNull, wholeNumber } from '../../spec/check.ts';
import { fillDefaults, normaliseEventRef } from '../../spec/defaults.ts';
import type { EventRef, Period } from '../../spec/types.ts';
import { SCOPE_KEYS, scopeColumns, scopeOf, type DateRange, type SegmentRef } from '../../spec/scope.ts';
import type { ColumnReference } from '../types.ts';

export interface RetentionSpec {
	kind: 'retention';
	startEvent: string | EventRef | null;
	returnEvent: string | EventRef | null;
	type: 'first_time' | 'recurring';
	period: Period;
	periods: number;
	mode: 'on' | 'on_or_after';
	window: 'calendar' | 'rolling';
	breakdown: string | null;
	/**
	 * Cohort by a property value at the user's first start event instead of by period (acquisition channel).
	 * The property is the `breakdown` column, so `cohortBy: 'property'` needs `breakdown` set.
	 */
	cohortBy?: 'period' | 'property';
	/** Cohorts whose first day lies in these days (SEMANTICS §1b); first-time cohorts still over all data. */
	dateRange?: DateRange | null;
	/** Only these users (SEMANTICS §1b). */
	segment?: SegmentRef | null;
}

/** A retention spec as written by a person or a file: everything but `kind` may be left to the defaults. */
export type RetentionSpecInput = { kind: 'retention' } & Partial<Omit<RetentionSpec, 'kind'>>;

/**
 * A retention spec with every default applied: event references are objects or null, `where` lists are
 * non-empty when present, and the optional fields are explicit.
 */
export type ResolvedRetentionSpec = Omit<RetentionSpec, 'startEvent' | 'returnEvent'> & {
	startEvent: EventRef | null;
	returnEvent: EventRef | null;
	cohortBy: 'period' | 'property';
	dateRange: DateRange | null;
	segment: SegmentRef | null;
};

/** One cohort row of a retention table. */
export interface RetentionCohort {
	/**
	 * The cohort's first day, `YYYY-MM-DD`; with `cohortBy: 'property'` the property value as text, and null
	 * for users whose value was missing.
	 */
	cohort: string | null;
	size: number;
	/** `periods` entries; [0] is the size; null where the period had not started by the end of the data. */
	values: (number | null)[];
}

export interface RetentionResult {
	period: Period;
	cohorts: RetentionCohort[];
	/** Present when `breakdown` is set and cohorts are periods: the same table per breakdown value (as text). */
	breakdowns?: { value: string | null; cohorts: RetentionCohort[] }[];
}

export const RETENTION_DEFAULTS = {
	startEvent: null,
	returnEvent: null,
	type: 'first_time',
	period: 'week',
	// SEMANTICS §2's example; PostHog's default of 8 weeks would hide a quarter's churn.
	periods: 12,
	mode: 'on',
	window: 'calendar',
	breakdown: null,
	cohortBy: 'period',
	dateRange: null,
	segment: null
} as const;

export const MAX_PERIODS = 400;

const KEYS = [
	'kind',
	'startEvent',
	'returnEvent',
	'type',
	'period',
	'periods',
	'mode',
	'window',
	'breakdown',
	'cohortBy',
	...SCOPE_KEYS
] as const;

/** Checks a retention spec at `path` and returns it with every default applied. Throws `SpecError`. */
export function parseRetention(input: unknown, path = 'analysis'): ResolvedRetentionSpec {
	const a = object(input, path, 'a retention spec');
	knownKeys(a, KEYS, path, 'a retention spec');
	if (a.kind !== 'retention') throw new SpecError(`${path}.kind`, `${path}.kind must be "retention"`);
	const out: RetentionSpecInput = { kind: 'retention' };
	if (a.startEvent !== undefined) out.startEvent = eventRef(a.startEvent, `${path}.startEvent`);
	if (a.returnEvent !== undefined) out.returnEvent = eventRef(a.returnEvent, `${path}.returnEvent`);
	if (a.type !== undefined) out.type = oneOf(a.type, ['first_time', 'recurring'], `${path}.type`);
	if (a.period !== undefined) out.period = oneOf(a.period, ['day', 'week', 'month'], `${path}.period`);
	if (a.periods !== undefined) out.periods = wholeNumber(a.periods, `${path}.periods`, 1, MAX_PERIODS);
	if (a.mode !== undefined) out.mode = oneOf(a.mode, ['on', 'on_or_after'], `${path}.mode`);
	if (a.window !== undefined) out.window = oneOf(a.window, ['calendar', 'rolling'], `${path}.window`);
	if (a.breakdown !== undefined) out.breakdown = textOrNull(a.breakdown, `${path}.breakdown`);
	if (a.cohortBy !== undefined) out.cohortBy = oneOf(a.cohortBy, ['period', 'property'], `${path}.cohortBy`);
	if (out.cohortBy === 'property' && !out.breakdown)
		throw new SpecError(
			`${path}.breakdown`,
			`${path}.breakdown must name the property column when ${path}.cohortBy is "property"`
		);
	const scope = scopeOf(a, path);
	out.dateRange = scope.dateRange;
	out.segment = scope.segment;
	return withRetentionDefaults(out);
}

/** Fills every default of a retention spec (no checks: `parseRetention` checks first). */
export function withRetentionDefaults(a: RetentionSpecInput): ResolvedRetentionSpec {
	type Filled = Omit<ResolvedRetentionSpec, 'kind' | 'startEvent' | 'returnEvent'>;
	const { startEvent: _s, returnEvent: _r, ...defaults } = RETENTION_DEFAULTS;
	return {
		kind: 'retention',
		startEvent: normaliseEventRef(a.startEvent),
		returnEvent: normaliseEventRef(a.returnEvent),
		...fillDefaults<Filled>(a, defaults)
	};
}

/** The data columns a retention spec refers to: `where` filters of both events, and the breakdown. */
export function retentionColumns(a: ResolvedRetentionSpec): ColumnReference[] {
	const out: ColumnReference[] = [];
	const refs = [
		['startEvent', a.startEvent],
		['returnEvent', a.returnEvent]
	] as const;
	for (const [name, ref] of refs)
		ref?.where?.forEach((f, i) =>
			out.push({ path: `analysis.${name}.where[${i}].column`, column: f.column })
		);
	if (a.breakdown) out.push({ path: 'analysis.breakdown', column: a.breakdown });
	return [...out, ...scopeColumns(a, 'analysis')];
}
