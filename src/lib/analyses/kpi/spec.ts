/**
 * The KPI spec (SEMANTICS §6 `kpi`): one or more series on one chart (active users, DAU/MAU, adoption, sums
 * and averages of a value expression) per calendar period, with an optional moving average. Types, defaults
 * and checks; the meaning of each metric is in compile.ts and the README's "What the numbers mean".
 */
import {
	filterList,
	knownKeys,
	object,
	oneOf,
	show,
	SpecError,
	text,
	textOrNull,
	wholeNumber
} from '../../spec/check.ts';
import type { Period, RowFilter } from '../../spec/types.ts';
import { SCOPE_KEYS, scopeColumns, scopeOf, type Scope } from '../../spec/scope.ts';
import type { ColumnReference } from '../types.ts';

export const KPI_METRICS = ['active_users', 'dau_mau', 'adoption', 'sum', 'avg'] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];

/** The window of `active_users`: one day (DAU), 7 days (WAU) or 30 days (MAU), ending each day. */
export type ActiveWindow = 'day' | 'week' | 'month';

export interface KpiSeries {
	metric: KpiMetric;
	/**
	 * `active_users` and `dau_mau`: the event that makes a user active (null: any event). `adoption`: the
	 * feature event X (an event name, `where` filters, or both). `sum` and `avg`: the rows that carry the value.
	 */
	event: string | null;
	where: RowFilter[];
	/** `active_users` only: DAU, WAU or MAU. */
	window?: ActiveWindow;
	/** `sum` and `avg` only: a value expression (SEMANTICS §1), e.g. `Quantity * UnitPrice`. */
	value?: string;
	/** What the legend calls it; null for the default name. */
	label: string | null;
}

export interface KpiSpec extends Scope {
	kind: 'kpi';
	/** One to MAX_SERIES series, drawn on one chart (shares on their own axis). */
	series: KpiSeries[];
	/** Calendar periods in the dataset's time zone (weeks from `weekStart`). */
	period: Period;
	/** Trailing mean over this many periods (the current one included), or null for none. */
	movingAverage: number | null;
}

/** A series as a person writes it: the metric, the rest left to defaults. */
export type KpiSeriesInput = { metric: KpiMetric } & Partial<Omit<KpiSeries, 'metric'>>;
export type KpiSpecInput = { kind: 'kpi'; series: KpiSeriesInput[] } & Partial<
	Omit<KpiSpec, 'kind' | 'series'>
>;

export interface KpiPoint {
	/** The period's first day, `YYYY-MM-DD`. */
	period: string;
	/** Null where the metric is undefined: an average of no value, a share of no users. */
	value: number | null;
	/** The moving average ending at this period; only with `movingAverage`. */
	average?: number | null;
	/** True when the whole period lies in the range and on or before the last event's day. */
	complete: boolean;
}

export interface KpiHeadline {
	/** The last complete period and its value; null when no period is complete. */
	period: string | null;
	value: number | null;
	/** The period before it. */
	previousPeriod: string | null;
	previous: number | null;
	/** (value − previous) / |previous|; null when either is null or previous is 0. */
	change: number | null;
}

export interface KpiSeriesResult {
	label: string;
	metric: KpiMetric;
	/** How to read the values: counts of users, shares (0..1), or sums and averages of the expression. */
	unit: 'users' | 'share' | 'value';
	points: KpiPoint[];
	headline: KpiHeadline;
}

export interface KpiResult {
	period: Period;
	movingAverage: number | null;
	series: KpiSeriesResult[];
}

export const MAX_SERIES = 8;
export const MAX_MOVING_AVERAGE = 365;

export const KPI_DEFAULTS = { period: 'day', movingAverage: null, window: 'day' } as const;

const SERIES_KEYS = ['metric', 'event', 'where', 'window', 'value', 'label'] as const;
const KEYS = ['kind', 'series', 'period', 'movingAverage', ...SCOPE_KEYS] as const;

function parseSeries(x: unknown, path: string): KpiSeries {
	const s = object(x, path, 'a KPI series { "metric", ... }');
	knownKeys(s, SERIES_KEYS, path, 'a KPI series');
	const metric = oneOf(s.metric, KPI_METRICS, `${path}.metric`);
	const out: KpiSeries = {
		metric,
		event: s.event === undefined ? null : textOrNull(s.event, `${path}.event`),
		where: s.where === undefined || s.where === null ? [] : filterList(s.where, `${path}.where`),
		label: s.label === undefined || s.label === null || s.label === '' ? null : text(s.label, `${path}.label`)
	};
	if (s.window !== undefined && metric !== 'active_users')
		throw new SpecError(`${path}.window`, `${path}.window belongs to "active_users" only`);
	if (s.value !== undefined && metric !== 'sum' && metric !== 'avg')
		throw new SpecError(`${path}.value`, `${path}.value belongs to "sum" and "avg" only`);
	if (metric === 'active_users')
		out.window =
			s.window === undefined
				? KPI_DEFAULTS.window
				: oneOf(s.window, ['day', 'week', 'month'], `${path}.window`);
	if (metric === 'sum' || metric === 'avg') {
		if (s.value === undefined)
			throw new SpecError(
				`${path}.value`,
				`${path}.value is required: the value expression to ${metric === 'sum' ? 'sum' : 'average'}, e.g. "Quantity * UnitPrice"`
			);
		out.value = text(s.value, `${path}.value`).trim();
		if (out.value === '') throw new SpecError(`${path}.value`, `${path}.value must not be empty`);
	}
	if (metric === 'adoption' && out.event === null && out.where.length === 0)
		throw new SpecError(
			`${path}.event`,
			`${path}.event is required for "adoption": the feature event whose users are counted (every active user did "any event")`
		);
	return out;
}

/** Checks a KPI spec at `path` and returns it with every default applied. Throws `SpecError`. */
export function parseKpi(input: unknown, path = 'analysis'): KpiSpec {
	const a = object(input, path, 'a KPI spec');
	knownKeys(a, KEYS, path, 'a KPI spec');
	if (a.kind !== 'kpi') throw new SpecError(`${path}.kind`, `${path}.kind must be "kpi"`);
	const list = a.series;
	if (!Array.isArray(list) || list.length === 0 || list.length > MAX_SERIES)
		throw new SpecError(
			`${path}.series`,
			`${path}.series must be a list of 1 to ${MAX_SERIES} series such as { "metric": "active_users" }, got ${show(list)}`
		);
	const ma = a.movingAverage;
	return {
		kind: 'kpi',
		series: list.map((s, i) => parseSeries(s, `${path}.series[${i}]`)),
		period:
			a.period === undefined
				? KPI_DEFAULTS.period
				: oneOf(a.period, ['day', 'week', 'month'], `${path}.period`),
		movingAverage:
			ma === undefined || ma === null
				? null
				: wholeNumber(ma, `${path}.movingAverage`, 2, MAX_MOVING_AVERAGE),
		...scopeOf(a, path)
	};
}

const WINDOW_NAMES: Record<ActiveWindow, string> = {
	day: 'Daily active users',
	week: 'Weekly active users',
	month: 'Monthly active users'
};

/** The name a series is shown under: its label, else one made from its metric and event. */
export function seriesLabel(s: KpiSeries): string {
	if (s.label) return s.label;
	const what = s.event ?? (s.where.length > 0 ? 'events' : null);
	const filtered = s.where.length > 0 ? ', filtered' : '';
	const suffix = what ? ` (${what}${filtered})` : '';
	switch (s.metric) {
		case 'active_users':
			return WINDOW_NAMES[s.window ?? 'day'] + suffix;
		case 'dau_mau':
			return `DAU / MAU${suffix}`;
		case 'adoption':
			return `Adoption of ${what}${filtered}`;
		case 'sum':
			return `Sum of ${s.value}${suffix}`;
		case 'avg':
			return `Average of ${s.value}${suffix}`;
	}
}

/** How a metric's values read: users, a share 0..1, or a value of the expression. */
export function unitOf(metric: KpiMetric): KpiSeriesResult['unit'] {
	return metric === 'active_users'
		? 'users'
		: metric === 'dau_mau' || metric === 'adoption'
			? 'share'
			: 'value';
}

/** The data columns a KPI spec refers to: each series' `where` filters, and its segment's. */
export function kpiColumns(spec: KpiSpec): ColumnReference[] {
	return [
		...spec.series.flatMap((s, i) =>
			s.where.map((f, j) => ({ path: `analysis.series[${i}].where[${j}].column`, column: f.column }))
		),
		...scopeColumns(spec, 'analysis')
	];
}
