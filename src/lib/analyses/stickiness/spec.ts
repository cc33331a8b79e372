/** The stickiness spec (SEMANTICS §6, PostHog's and Amplitude's "Stickiness"): types, defaults, checks. */
import { filterList, knownKeys, object, oneOf, SpecError, textOrNull } from '../../spec/check.ts';
import type { RowFilter } from '../../spec/types.ts';
import { SCOPE_KEYS, scopeColumns, scopeOf, type Scope } from '../../spec/scope.ts';
import type { ColumnReference } from '../types.ts';

export type StickinessInterval = 'week' | 'month';

export interface StickinessSpec extends Scope {
	kind: 'stickiness';
	/** The event that makes a day active, or null for any event. */
	event: string | null;
	/** Row filters (SEMANTICS §1) on that event, ANDed. */
	where: RowFilter[];
	/** Calendar weeks (from the dataset's `weekStart`) or calendar months, in the dataset's time zone. */
	interval: StickinessInterval;
}

export type StickinessSpecInput = { kind: 'stickiness' } & Partial<Omit<StickinessSpec, 'kind'>>;

export interface StickinessCount {
	/** Active days in one interval: 1..7 for weeks, 1..31 for months. */
	days: number;
	/** (user, interval) pairs with exactly that many active days: a user counts once per interval. */
	users: number;
}

export interface StickinessResult {
	interval: StickinessInterval;
	/** Every count from 1 to 7 (weeks) or 31 (months), 0 where no user had it. */
	counts: StickinessCount[];
	/** Sum of `counts[].users`: the (user, interval) pairs with at least one active day. */
	total: number;
	/** Distinct users with at least one active day in the range. */
	users: number;
	/** The range's first and last day, `YYYY-MM-DD` (the data's first and last day without a date range). */
	from: string | null;
	to: string | null;
	/** Calendar intervals the range touches. */
	intervals: number;
	/** First days of the intervals the range cuts (it starts after their first day or ends before their last). */
	partial: string[];
}

export const STICKINESS_DEFAULTS = { event: null, where: [] as RowFilter[], interval: 'week' } as const;

/** The most active days an interval can hold. */
export const MAX_DAYS: Record<StickinessInterval, number> = { week: 7, month: 31 };

const KEYS = ['kind', 'event', 'where', 'interval', ...SCOPE_KEYS] as const;

/** Checks a stickiness spec at `path` and returns it with every default applied. Throws `SpecError`. */
export function parseStickiness(input: unknown, path = 'analysis'): StickinessSpec {
	const a = object(input, path, 'a stickiness spec');
	knownKeys(a, KEYS, path, 'a stickiness spec');
	if (a.kind !== 'stickiness') throw new SpecError(`${path}.kind`, `${path}.kind must be "stickiness"`);
	const D = STICKINESS_DEFAULTS;
	return {
		kind: 'stickiness',
		event: a.event === undefined ? D.event : textOrNull(a.event, `${path}.event`),
		where: a.where === undefined || a.where === null ? [] : filterList(a.where, `${path}.where`),
		interval:
			a.interval === undefined ? D.interval : oneOf(a.interval, ['week', 'month'], `${path}.interval`),
		...scopeOf(a, path)
	};
}

/** The data columns a stickiness spec refers to: its `where` filters and its segment's. */
export function stickinessColumns(spec: StickinessSpec): ColumnReference[] {
	return [
		...spec.where.map((f, i) => ({ path: `analysis.where[${i}].column`, column: f.column })),
		...scopeColumns(spec, 'analysis')
	];
}
