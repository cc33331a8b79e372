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
import { addDays } from '../../spec/calendar.ts';
import { SpecError } from '../../spec/check.ts';
import type { Period, WeekStart } from '../../spec/types.ts';
import type { ActiveWindow, KpiSeries } from './spec.ts';

/** Rolling window lengths in days (PostHog's WAU and MAU: the 7 and 30 days ending each day). */
export const WINDOW_DAYS: Record<ActiveWindow, number> = { day: 1, week: 7, month: 30 };

/** What a series' SQL needs from the whole query. */
export interface SeriesContext {
	period: Period;
	weekStart: WeekStart;
	/** The range's days when known before the query (a date range); null: the data's own first and last day. */
	days: { from: string; to: string } | null;
	/** A condition keeping the segment's users, or TRUE. */
	segment: string;
	/** Original columns of `events` (value expressions name them). */
	columns: readonly string[];
	/** The spec path of the series, for messages. */
	path: string;
}

const local = ident(C.local);
const ukey = ident(C.ukey);
const E = ident(EVENTS);

function rowsOf(s: KpiSeries, ctx: SeriesContext, lookbackDays: number, users: boolean): string {
	const days = ctx.days ? { from: addDays(ctx.days.from, -lookbackDays), to: ctx.days.to } : null;
	return [
		`${local} IS NOT NULL`,
		...(users ? [`${ukey} IS NOT NULL`] : []),
		`coalesce(${eventRefSql({ event: s.event, where: s.where })}, FALSE)`,
		dateRangeSql(days),
		ctx.segment
	].join(' AND ');
}

/**
 * `<name>_cov(day, n)`: for every day from the range's first day − (L − 1) to its last, the users active on
 * at least one of the L days ending that day. Each user's active days merge into islands of coverage
 * [first day, last day + L − 1] (two days at most L apart share one), so the running sum of +1 at an
 * island's start and −1 after its end counts each user once: O(user-days), never user-days × L.
 */
function coverageSql(name: string, activeDays: string, L: number): string {
	return `${name}_ud AS (SELECT DISTINCT ${ukey} AS u, CAST(${local} AS DATE) AS day FROM ${E} WHERE ${activeDays}),
${name}_isl AS (
	SELECT u, day, sum(CASE WHEN prev IS NOT NULL AND day - prev <= ${L} THEN 0 ELSE 1 END)
		OVER (PARTITION BY u ORDER BY day ROWS UNBOUNDED PRECEDING) AS k
	FROM (SELECT u, day, lag(day) OVER (PARTITION BY u ORDER BY day) AS prev FROM ${name}_ud)
),
${name}_delta AS (
	SELECT day, sum(d) AS d FROM (
		SELECT min(day) AS day, 1 AS d FROM ${name}_isl GROUP BY u, k
		UNION ALL
		SELECT max(day) + ${L}, -1 FROM ${name}_isl GROUP BY u, k
	) GROUP BY day
),
${name}_cov AS (
	SELECT CAST(t.day AS DATE) AS day, sum(coalesce(x.d, 0)) OVER (ORDER BY t.day) AS n
	FROM bounds b, range(CAST(b.lo - ${L - 1} AS TIMESTAMP), CAST(b.hi AS TIMESTAMP) + INTERVAL '1 day', INTERVAL '1 day') AS t(day)
	LEFT JOIN ${name}_delta x ON x.day = CAST(t.day AS DATE)
)`;
}

/** Distinct users per calendar period, over the range's days. */
function distinctUsersSql(name: string, s: KpiSeries, ctx: SeriesContext): string {
	const bucket = calendarBucketSql(local, ctx.period, ctx.weekStart);
	return `${name} AS (
	SELECT ${bucket} AS period, CAST(count(DISTINCT ${ukey}) AS DOUBLE) AS value
	FROM ${E} WHERE ${rowsOf(s, ctx, 0, true)} GROUP BY 1
)`;
}

/**
 * True when the window is longer than the period, so a period's value is the window ending on its last day
 * (DAU on weeks is the week's distinct users, as PostHog says of WAU on weeks; MAU on months, the month's).
 */
export function isRolling(window: ActiveWindow, period: Period): boolean {
	const periodDays = { day: 1, week: 7, month: 31 }[period];
	return WINDOW_DAYS[window] > periodDays;
}

function activeUsersSql(name: string, s: KpiSeries, ctx: SeriesContext): string {
	const window = s.window ?? 'day';
	if (!isRolling(window, ctx.period)) return distinctUsersSql(name, s, ctx);
	const L = WINDOW_DAYS[window];
	return `${coverageSql(name, rowsOf(s, ctx, L - 1, true), L)},
${name} AS (SELECT p.period, CAST(c.n AS DOUBLE) AS value FROM pinfo p JOIN ${name}_cov c ON c.day = p.end_day)`;
}

function dauMauSql(name: string, s: KpiSeries, ctx: SeriesContext): string {
	const bucket = calendarBucketSql('c.day', ctx.period, ctx.weekStart);
	return `${coverageSql(name, rowsOf(s, ctx, 29, true), 30)},
${name}_dau AS (
	SELECT CAST(${local} AS DATE) AS day, count(DISTINCT ${ukey}) AS n FROM ${E} WHERE ${rowsOf(s, ctx, 0, true)} GROUP BY 1
),
${name} AS (
	SELECT ${bucket} AS period, avg(CASE WHEN c.n > 0 THEN coalesce(d.n, 0) / c.n END) AS value
	FROM ${name}_cov c CROSS JOIN bounds b LEFT JOIN ${name}_dau d ON d.day = c.day
	WHERE c.day >= b.lo AND c.day <= b.hi GROUP BY 1
)`;
}

function adoptionSql(name: string, s: KpiSeries, ctx: SeriesContext): string {
	const bucket = calendarBucketSql(local, ctx.period, ctx.weekStart);
	const any: KpiSeries = { ...s, event: null, where: [] };
	const feature = `coalesce(${eventRefSql({ event: s.event, where: s.where })}, FALSE)`;
	return `${name} AS (
	SELECT ${bucket} AS period,
		count(DISTINCT CASE WHEN ${feature} THEN ${ukey} END) / nullif(count(DISTINCT ${ukey}), 0) AS value
	FROM ${E} WHERE ${rowsOf(any, ctx, 0, true)} GROUP BY 1
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
	FROM ${E} WHERE ${rowsOf(s, ctx, 0, false)} GROUP BY 1
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
