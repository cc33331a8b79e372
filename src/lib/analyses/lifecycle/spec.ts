/** The lifecycle spec (SEMANTICS §6, PostHog's "Lifecycle" insight): its types, defaults and checks. */
import { filterList, knownKeys, object, oneOf, SpecError, textOrNull } from '../../spec/check.ts';
import type { Period, RowFilter } from '../../spec/types.ts';
import { SCOPE_KEYS, scopeColumns, scopeOf, type Scope } from '../../spec/scope.ts';
import type { ColumnReference } from '../types.ts';

export interface LifecycleSpec extends Scope {
	kind: 'lifecycle';
	/** The event that makes a user active in a period (null: any event), with optional row filters. */
	event: string | null;
	where: RowFilter[];
	/** Calendar periods in the dataset's time zone; weeks from `weekStart`. */
	period: Period;
}

export type LifecycleSpecInput = { kind: 'lifecycle' } & Partial<Omit<LifecycleSpec, 'kind'>>;

/** One period's users by status. `dormant` is counted negative (≤ 0), as PostHog draws it. */
export interface LifecyclePoint {
	/** The period's first day, `YYYY-MM-DD`, in the dataset's time zone. */
	period: string;
	new: number;
	returning: number;
	resurrecting: number;
	dormant: number;
}

export interface LifecycleResult {
	period: Period;
	/** Every period from the first to the last of the data (or of the date range), in order. */
	periods: LifecyclePoint[];
}

export const LIFECYCLE_STATUSES = ['new', 'returning', 'resurrecting', 'dormant'] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

export const LIFECYCLE_DEFAULTS = {
	event: null,
	where: [] as RowFilter[],
	period: 'week'
} as const;

const KEYS = ['kind', 'event', 'where', 'period', ...SCOPE_KEYS];

/** Checks a lifecycle spec at `path` and returns it with every default applied. Throws `SpecError`. */
export function parseLifecycle(input: unknown, path = 'analysis'): LifecycleSpec {
	const a = object(input, path, 'a lifecycle spec');
	knownKeys(a, KEYS, path, 'a lifecycle spec');
	if (a.kind !== 'lifecycle') throw new SpecError(`${path}.kind`, `${path}.kind must be "lifecycle"`);
	const D = LIFECYCLE_DEFAULTS;
	return {
		kind: 'lifecycle',
		event: a.event === undefined ? D.event : textOrNull(a.event, `${path}.event`),
		where: a.where === undefined || a.where === null ? [] : filterList(a.where, `${path}.where`),
		period: a.period === undefined ? D.period : oneOf(a.period, ['day', 'week', 'month'], `${path}.period`),
		...scopeOf(a, path)
	};
}

/** The data columns a lifecycle spec refers to: its `where` filters and the segment's. */
export function lifecycleColumns(spec: LifecycleSpec): ColumnReference[] {
	const out: ColumnReference[] = spec.where.map((f, i) => ({
		path: `analysis.where[${i}].column`,
		column: f.column
	}));
	return [...out, ...scopeColumns(spec, 'analysis')];
}
