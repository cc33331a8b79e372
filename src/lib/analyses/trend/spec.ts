/** The trend spec (SEMANTICS §10, PostHog's "Trends" insight): its types, defaults and checks. */
import { filterList, knownKeys, object, oneOf, SpecError, textOrNull } from '../../spec/check.ts';
import type { Period, RowFilter } from '../../spec/types.ts';
import { SCOPE_KEYS, scopeColumns, scopeOf, type Scope } from '../../spec/scope.ts';
import type { ColumnReference } from '../types.ts';

export interface TrendSpec extends Scope {
	kind: 'trend';
	/** An event name, or null for any event. */
	event: string | null;
	/** Row filters (SEMANTICS §1), ANDed. */
	where: RowFilter[];
	/** `events` counts rows; `users` counts distinct users (rows without a user do not count). */
	measure: 'events' | 'users';
	period: Period;
	/** A column: one series per value (the 10 largest, the rest as "other"), or null for one series. */
	breakdown: string | null;
}

export type TrendSpecInput = { kind: 'trend' } & Partial<Omit<TrendSpec, 'kind'>>;

export interface TrendPoint {
	/** The period's first day, `YYYY-MM-DD`, in the dataset's time zone. */
	period: string;
	value: number;
}

export interface TrendSeries {
	/** The breakdown value as text (null: rows where the column is empty), or null without a breakdown. */
	key: string | null;
	/** True on the series that sums every breakdown value beyond the 10 largest (its key is "other"). */
	other?: true;
	/** Every period from the dataset's first event to its last, 0 where nothing happened. */
	points: TrendPoint[];
}

export interface TrendResult {
	period: Period;
	measure: TrendSpec['measure'];
	series: TrendSeries[];
}

export const TREND_DEFAULTS = {
	event: null,
	where: [] as RowFilter[],
	measure: 'events',
	period: 'week',
	breakdown: null
} as const;

/** Breakdown values kept as series of their own (SEMANTICS §10); the rest are summed as "other". */
export const TREND_MAX_SERIES = 10;

const KEYS = ['kind', 'event', 'where', 'measure', 'period', 'breakdown', ...SCOPE_KEYS] as const;

/** Checks a trend spec at `path` and returns it with every default applied. Throws `SpecError`. */
export function parseTrend(input: unknown, path = 'analysis'): TrendSpec {
	const a = object(input, path, 'a trend spec');
	knownKeys(a, KEYS, path, 'a trend spec');
	if (a.kind !== 'trend') throw new SpecError(`${path}.kind`, `${path}.kind must be "trend"`);
	const D = TREND_DEFAULTS;
	return {
		kind: 'trend',
		event: a.event === undefined ? D.event : textOrNull(a.event, `${path}.event`),
		where: a.where === undefined || a.where === null ? [] : filterList(a.where, `${path}.where`),
		measure: a.measure === undefined ? D.measure : oneOf(a.measure, ['events', 'users'], `${path}.measure`),
		period: a.period === undefined ? D.period : oneOf(a.period, ['day', 'week', 'month'], `${path}.period`),
		breakdown: a.breakdown === undefined ? D.breakdown : textOrNull(a.breakdown, `${path}.breakdown`),
		...scopeOf(a, path)
	};
}

/** The data columns a trend spec refers to: its `where` filters and its breakdown. */
export function trendColumns(spec: TrendSpec): ColumnReference[] {
	const out: ColumnReference[] = spec.where.map((f, i) => ({
		path: `analysis.where[${i}].column`,
		column: f.column
	}));
	if (spec.breakdown) out.push({ path: 'analysis.breakdown', column: spec.breakdown });
	return [...out, ...scopeColumns(spec, 'analysis')];
}
