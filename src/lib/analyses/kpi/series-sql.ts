/**
 * The SQL of one KPI series (SEMANTICS §6 `kpi`): a set of CTEs whose last, `<name>`, has one row per
 * period it has a value for: `period DATE, value DOUBLE`. Pure; every name through `ident()`, every value
 * through `literal()`.
 */
import { C, EVENTS } from '../../sql/schema.ts';
import { eventRefSql } from '../../sql/filters.ts';
import { ident, literal } from '../../sql/quote.ts';
import { calendarBucketSql } from '../../sql/periods.ts';
import { dateRangeSql } from '../../sql/scope.ts';
import { parseValueExpr, valueExprSql, ValueExprError } from '../../sql/value-expr.ts';
import { activeDaysSql, withLookback } from '../../sql/active-days.ts';
import { SpecError } from '../../spec/check.ts';
import type { EventRef, Period, WeekStart } from '../../spec/types.ts';
import type { ActiveWindow, KpiSeries } from './spec.ts';

/** Rolling window lengths in days (PostHog's WAU and MAU: the 7 and 30 days ending each day). */
export const WINDOW_DAYS: Record<ActiveWindow, number> = { day: 1, week: 7, month: 30 };

/** What a series' SQL needs from the whole query. */
export interface SeriesContext {
	period: Period;
	weekStart: WeekStart;
	/** The range's days when known before the query (a date range); null: the data's own first and last day. */
	days: { from: string; to: string } | null;
	/** A condition on `__ukey` keeping the segment's users, or TRUE. */
	segment: string;
	/** True when the dataset's `activity` table exists (it answers active days without `where` filters). */
	activity: boolean;
	/** Original columns of `events` (value expressions name them). */
	columns: readonly string[];
	/** The spec path of the series, for messages. */
	path: string;
}

const local = ident(C.local);
const E = ident(EVENTS);

/** The distinct (u, day) pairs of a reference over the range, widened by `lookback` days before it. */
function activeSql(ref: EventRef | null, ctx: SeriesContext, lookback = 0): string {
	return activeDaysSql(ref, {
		activity: ctx.activity,
		days: withLookback(ctx.days, lookback),
		users: ctx.segment
	});
}

/**
 * `<name>_cov(day, n)`: for every day from the range's first day − (L − 1) to its last, the users active on
 * at least one of the L days ending that day, from the (u, day) pairs of `<name>_ud`. A user's active day x
 * covers the days from x to the day before min(x + L, their next active day): these spans are disjoint and
 * together cover what the windows [x, x + L − 1] cover, so the running sum of +1 at each start and −1 after
 * each end counts every user once per day. O(user-days), never user-days × L.
 */
function coverageSql(name: string, L: number): string {
	return `${name}_next AS MATERIALIZED (
	SELECT day, coalesce(least(day + ${L}, lead(day) OVER (PARTITION BY u ORDER BY day)), day + ${L}) AS stop
	FROM ${name}_ud
),
${name}_delta AS (
	SELECT day, sum(d) AS d FROM (
		SELECT day, count(*) AS d FROM ${name}_next GROUP BY day
		UNION ALL
		SELECT stop, -count(*) FROM ${name}_next GROUP BY stop
	) GROUP BY day
),
${name}_days AS (
	SELECT CAST(t.day AS DATE) AS day
	FROM bounds b, range(CAST(b.lo - ${L - 1} AS TIMESTAMP), CAST(b.hi AS TIMESTAMP) + INTERVAL '1 day', INTERVAL '1 day') AS t(day)
),
${name}_cov AS (
	SELECT t.day, sum(coalesce(x.d, 0)) OVER (ORDER BY t.day) AS n
	FROM ${name}_days t LEFT JOIN ${name}_delta x ON x.day = t.day
)`;
}

/** Distinct users per calendar period of the (u, day) pairs of `<name>_ud`. */
function perPeriodSql(from: string, ctx: SeriesContext): string {
	return `SELECT ${calendarBucketSql('day', ctx.period, ctx.weekStart)} AS period, count(DISTINCT u) AS n FROM ${from} GROUP BY 1`;
}

/**
 * True when the window is longer than the period, so a period's value is the window ending on its last day
 * (DAU on weeks is the week's distinct users, as PostHog says of WAU on weeks; MAU on months, the month's).
 */
export function isRolling(window: ActiveWindow, period: Period): boolean {
	const periodDays = { day: 1, week: 7, month: 31 }[period];
	return WINDOW_DAYS[window] > periodDays;
}

const refOf = (s: KpiSeries): EventRef | null =>
	s.event === null && s.where.length === 0 ? null : { event: s.event, where: s.where };

function activeUsersSql(name: string, s: KpiSeries, ctx: SeriesContext): string {
	const window = s.window ?? 'day';
	if (!isRolling(window, ctx.period))
		return `${name}_ud AS (${activeSql(refOf(s), ctx)}),
${name} AS (SELECT period, CAST(n AS DOUBLE) AS value FROM (${perPeriodSql(`${name}_ud`, ctx)}))`;
	const L = WINDOW_DAYS[window];
	return `${name}_ud AS (${activeSql(refOf(s), ctx, L - 1)}),
${coverageSql(name, L)},
${name} AS (SELECT p.period, CAST(c.n AS DOUBLE) AS value FROM pinfo p JOIN ${name}_cov c ON c.day = p.end_day)`;
}

function dauMauSql(name: string, s: KpiSeries, ctx: SeriesContext): string {
	const bucket = calendarBucketSql('c.day', ctx.period, ctx.weekStart);
	return `${name}_ud AS MATERIALIZED (${activeSql(refOf(s), ctx, 29)}),
${coverageSql(name, 30)},
${name}_dau AS (SELECT day, count(*) AS n FROM ${name}_ud GROUP BY day),
${name} AS (
	SELECT ${bucket} AS period, avg(CASE WHEN c.n > 0 THEN coalesce(d.n, 0) / c.n END) AS value
	FROM ${name}_cov c CROSS JOIN bounds b LEFT JOIN ${name}_dau d ON d.day = c.day
	WHERE c.day >= b.lo AND c.day <= b.hi GROUP BY 1
)`;
}

function adoptionSql(name: string, s: KpiSeries, ctx: SeriesContext): string {
	return `${name}_any AS (${perPeriodSql(`(${activeSql(null, ctx)})`, ctx)}),
${name}_did AS (${perPeriodSql(`(${activeSql(refOf(s), ctx)})`, ctx)}),
${name} AS (
	SELECT a.period, coalesce(d.n, 0) / nullif(a.n, 0) AS value
	FROM ${name}_any a LEFT JOIN ${name}_did d ON d.period = a.period
)`;
}

function aggregateSql(name: string, s: KpiSeries, ctx: SeriesContext): string {
	let value: string;
	try {
		value = valueExprSql(parseValueExpr(s.value ?? '', ctx.columns));
	} catch (e) {
		if (e instanceof ValueExprError)
			throw new SpecError(`${ctx.path}.value`, `${ctx.path}.value ${JSON.stringify(s.value)}: ${e.message}`);
		throw e;
	}
	const bucket = calendarBucketSql(local, ctx.period, ctx.weekStart);
	// Rows without a user still carry a value (revenue is revenue); a segment keeps only its users' rows.
	return `${name} AS (
	SELECT ${bucket} AS period, ${s.metric === 'sum' ? 'sum' : 'avg'}(${value}) AS value
	FROM ${E}
	WHERE ${local} IS NOT NULL AND coalesce(${eventRefSql(refOf(s))}, FALSE) AND ${dateRangeSql(ctx.days)}
		AND ${ctx.segment}
	GROUP BY 1
)`;
}

/**
 * The CTEs of one series, the last named `name`. Reads `bounds(lo, hi)` (the range's first and last day)
 * and `pinfo(period, end_day)` (each period and its last day within the range) from the enclosing query.
 * Throws `SpecError` (at `<path>.value`) when a value expression does not parse against the data's columns.
 */
export function seriesSql(name: string, s: KpiSeries, ctx: SeriesContext): string {
	switch (s.metric) {
		case 'active_users':
			return activeUsersSql(name, s, ctx);
		case 'dau_mau':
			return dauMauSql(name, s, ctx);
		case 'adoption':
			return adoptionSql(name, s, ctx);
		case 'sum':
		case 'avg':
			return aggregateSql(name, s, ctx);
	}
}

/** What a period without any row shows: 0 for counts and sums, nothing (null) for averages and shares. */
export function emptyValueSql(s: KpiSeries): string {
	return s.metric === 'active_users' || s.metric === 'sum' ? literal(0) : 'NULL';
}
