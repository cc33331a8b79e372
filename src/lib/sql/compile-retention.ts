import { normaliseEventRef } from '../spec/defaults.ts';
import type { EventRef, Period, RetentionSpec, WeekStart } from '../spec/types.ts';
import { C, EVENTS } from '../engine/schema.ts';
import { filterSql } from './filters.ts';
import { ident, literal } from './quote.ts';

export interface RetentionContext {
	weekStart: WeekStart;
}

/** Rolling period lengths in microseconds: 24 h, 7 × 24 h, 30 × 24 h (SEMANTICS §2). */
export const ROLLING_PERIOD_MICROS: Record<Period, number> = {
	day: 86_400_000_000,
	week: 7 * 86_400_000_000,
	month: 30 * 86_400_000_000
};

/** The calendar period (a DATE, its first day) holding a wall-clock TIMESTAMP expression. */
export function calendarBucketSql(x: string, period: Period, weekStart: WeekStart): string {
	const d = `CAST(${x} AS DATE)`;
	switch (period) {
		case 'day':
			return d;
		case 'month':
			return `CAST(date_trunc('month', ${d}) AS DATE)`;
		case 'week':
			// date_trunc('week') is ISO (Monday). A Sunday week is the ISO week of the next day, moved back one day.
			return weekStart === 'monday'
				? `CAST(date_trunc('week', ${d}) AS DATE)`
				: `(CAST(date_trunc('week', ${d} + 1) AS DATE) - 1)`;
	}
}

/** How many whole periods bucket `b` lies after bucket `a` (both first days of periods, b >= a). */
function calendarIndexSql(a: string, b: string, period: Period): string {
	switch (period) {
		case 'day':
			return `date_diff('day', ${a}, ${b})`;
		case 'week':
			return `(date_diff('day', ${a}, ${b}) // 7)`;
		case 'month':
			return `date_diff('month', ${a}, ${b})`;
	}
}

/** The first day of the period k periods after bucket `a`. */
function calendarAddSql(a: string, k: string, period: Period): string {
	switch (period) {
		case 'day':
			return `(${a} + CAST(${k} AS INTEGER))`;
		case 'week':
			return `(${a} + CAST(7 * ${k} AS INTEGER))`;
		case 'month':
			return `CAST(${a} + to_months(CAST(${k} AS INTEGER)) AS DATE)`;
	}
}

function eventSql(ref: EventRef | null): string {
	if (ref === null) return 'TRUE';
	const parts: string[] = [];
	if (ref.event !== null) parts.push(`${ident(C.event)} = ${literal(ref.event)}`);
	if (ref.where && ref.where.length > 0) parts.push(filterSql(ref.where));
	return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}

/**
 * SEMANTICS §2 as one DuckDB query over the canonical `events` table. Choices the contract leaves open:
 *
 * - Rows without a user (`__ukey` NULL, which the schema ties to `__user` NULL) or without a time take no
 *   part, not even as "the last event in the data". Users are joined and counted by `__ukey`.
 * - A user's start event is the earliest matching row by `__time`, ties broken by `__row` (file order).
 *   first_time: the user's first start event over all data, picked before `range` is applied, so a user
 *   who started before the range is left out rather than moved to a later cohort. recurring: the user's
 *   first start event in each calendar period in which they did one.
 * - Calendar periods bucket `__local` (the dataset's wall clock); rolling periods measure `__time` (UTC)
 *   from that start event, so a 24 h rolling day across a DST change is still 24 h. The cohort label of a
 *   rolling cohort is the calendar period of the start event.
 * - A return at exactly t0 + k·L is in period k. Returns before the cohort's period 0 never count. In
 *   `on_or_after` a user's last return over all data decides, capped at the table's width.
 * - breakdown: the value of the column on the user's start event (first_time: their first-ever one;
 *   recurring: their first one in that cohort period), as text, NULL being a value of its own.
 * - cohortBy 'property': the `breakdown` value at the start event is the cohort, and each user's periods
 *   count from their own start event (their calendar period, or t0 for rolling).
 * - `range` keeps cohorts whose period-0 bucket (the start event's calendar period) lies in [from, to).
 * - Unobserved: period k of a cohort row is null when it had not begun for any of its users by the last
 *   event: calendar, when the earliest member's period-0 bucket plus k periods starts after the last
 *   `__local` (for period cohorts that is simply the cohort's period k); rolling, when the earliest
 *   member's t0 + k·L is after the last `__time`.
 *
 * Result, one row per (cohort row, period with returns), plus one row with NULL period_index for a cohort
 * row without returns: is_total (false for per-breakdown rows), breakdown, cohort (text; the period's first
 * day YYYY-MM-DD, or the property value), size, observed (periods shown, 1..periods), period_index (1..),
 * users.
 */
export function compileRetention(spec: RetentionSpec, ctx: RetentionContext): string {
	if (spec.segment) throw new Error('Retention by segment is not supported yet (analysis.segment)');
	const P = spec.periods;
	if (!Number.isInteger(P) || P < 1) throw new Error(`periods must be a whole number from 1, got ${P}`);
	const period = spec.period;
	const rolling = spec.window === 'rolling';
	const byProperty = spec.cohortBy === 'property';
	if (byProperty && !spec.breakdown) throw new Error('cohortBy "property" needs a breakdown column');
	const split = !byProperty && spec.breakdown != null;
	const L = ROLLING_PERIOD_MICROS[period];
	const bucket = (x: string) => calendarBucketSql(x, period, ctx.weekStart);

	const startRef = normaliseEventRef(spec.startEvent);
	const returnRef = normaliseEventRef(spec.returnEvent);
	const bd = spec.breakdown ? `CAST(${ident(spec.breakdown)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)';

	const rangeParts: string[] = [];
	if (spec.range?.from) rangeParts.push(`c >= CAST(${literal(spec.range.from)} AS DATE)`);
	if (spec.range?.to) rangeParts.push(`c < CAST(${literal(spec.range.to)} AS DATE)`);

	const ctes: string[] = [];
	ctes.push(`base AS (
	SELECT ${ident(C.ukey)} AS u, ${ident(C.time)} AS t, ${ident(C.local)} AS l, ${ident(C.row)} AS rn, ${bd} AS bd,
		coalesce(${eventSql(startRef)}, FALSE) AS is_start,
		coalesce(${eventSql(returnRef)}, FALSE) AS is_return
	FROM ${ident(EVENTS)}
	WHERE ${ident(C.ukey)} IS NOT NULL AND ${ident(C.time)} IS NOT NULL AND ${ident(C.local)} IS NOT NULL
)`);
	ctes.push(`bounds AS (SELECT max(t) AS last_t, max(l) AS last_l FROM base)`);
	// The first start event per user (per user and period for recurring) by (time, file order); a hash
	// aggregate over structs, several times faster in DuckDB-WASM than row_number() over a sort.
	const perPeriod = spec.type === 'recurring' ? `, ${bucket('l')}` : '';
	ctes.push(`firsts AS (
	SELECT u, f.t AS t, f.bd AS bd, ${bucket('f.l')} AS c
	FROM (
		SELECT u, arg_min({'t': t, 'l': l, 'bd': bd}, {'t': t, 'rn': rn}) AS f
		FROM base WHERE is_start GROUP BY u${perPeriod}
	)
)`);
	ctes.push(`members AS MATERIALIZED (
	SELECT u, ${byProperty ? 'bd' : 'CAST(c AS VARCHAR)'} AS ck, ${split ? 'bd' : 'CAST(NULL AS VARCHAR)'} AS bk,
		${rolling ? 'epoch_us(t)' : 'c'} AS a,
		row_number() OVER () AS mid
	FROM firsts${rangeParts.length > 0 ? ' WHERE ' + rangeParts.join(' AND ') : ''}
)`);

	// Each (member, k) the member returned in. Members carry a compact id so the wide keys stay out of the
	// big intermediate tables. first_time has one member per user, so joining on the user is linear in the
	// returns; recurring members are many per user, so each probes its own k periods instead.
	if (spec.mode === 'on') {
		if (rolling) {
			ctes.push(`rets AS (SELECT DISTINCT u, epoch_us(t) AS r FROM base WHERE is_return)`);
			ctes.push(`hits AS (
	SELECT m.mid, (r.r - m.a) // ${L} AS k
	FROM members m JOIN rets r ON r.u = m.u AND r.r >= m.a + ${L} AND r.r < m.a + ${P} * ${L}
)`);
		} else if (spec.type === 'first_time') {
			ctes.push(`rets AS (SELECT DISTINCT u, ${bucket('l')} AS b FROM base WHERE is_return)`);
			ctes.push(`hits AS (
	SELECT m.mid, ${calendarIndexSql('m.a', 'r.b', period)} AS k
	FROM members m JOIN rets r ON r.u = m.u AND r.b > m.a AND r.b < ${calendarAddSql('m.a', String(P), period)}
)`);
		} else {
			ctes.push(`rets AS (SELECT DISTINCT u, ${bucket('l')} AS b FROM base WHERE is_return)`);
			ctes.push(`slots AS (
	SELECT m.mid, m.u, p.k, ${calendarAddSql('m.a', 'p.k', period)} AS b
	FROM members m CROSS JOIN range(1, ${P}) AS p(k)
)`);
			ctes.push(`hits AS (SELECT s.mid, s.k FROM slots s JOIN rets r ON r.u = s.u AND r.b = s.b)`);
		}
	} else {
		if (rolling) {
			ctes.push(`lastret AS (SELECT u, max(epoch_us(t)) AS r FROM base WHERE is_return GROUP BY u)`);
			ctes.push(`reach AS (
	SELECT m.mid, (lr.r - m.a) // ${L} AS kmax
	FROM members m JOIN lastret lr ON lr.u = m.u AND lr.r >= m.a
)`);
		} else {
			ctes.push(`lastret AS (SELECT u, ${bucket('max(l)')} AS b FROM base WHERE is_return GROUP BY u)`);
			ctes.push(`reach AS (
	SELECT m.mid, ${calendarIndexSql('m.a', 'lr.b', period)} AS kmax
	FROM members m JOIN lastret lr ON lr.u = m.u AND lr.b >= m.a
)`);
		}
		ctes.push(`hits AS (SELECT r.mid, p.k FROM reach r JOIN range(1, ${P}) AS p(k) ON p.k <= r.kmax)`);
	}
	ctes.push(`cellusers AS (SELECT m.u, m.ck, m.bk, h.k FROM hits h JOIN members m ON m.mid = h.mid)`);

	const level = split ? 'grouping(bk) = 1' : 'TRUE';
	const groups = (extra: string) =>
		split ? `GROUPING SETS ((ck, bk${extra}), (ck${extra}))` : `ck, bk${extra}`;
	ctes.push(`sizes AS (
	SELECT ck, bk, ${level} AS is_total, count(DISTINCT u) AS size, min(a) AS amin
	FROM members GROUP BY ${groups('')}
)`);
	ctes.push(`cells AS (
	SELECT ck, bk, ${level} AS is_total, k, count(DISTINCT u) AS users
	FROM cellusers GROUP BY ${groups(', k')}
)`);

	const lastIndex = rolling
		? `((epoch_us(b.last_t) - s.amin) // ${L})`
		: calendarIndexSql('s.amin', bucket('b.last_l'), period);

	return `WITH ${ctes.join(',\n')}
SELECT s.is_total, s.bk AS breakdown, s.ck AS cohort, s.size,
	CAST(least(${P}, ${lastIndex} + 1) AS INTEGER) AS observed,
	CAST(c.k AS INTEGER) AS period_index, c.users
FROM sizes s CROSS JOIN bounds b
LEFT JOIN cells c ON c.is_total = s.is_total AND c.ck IS NOT DISTINCT FROM s.ck AND c.bk IS NOT DISTINCT FROM s.bk
ORDER BY s.is_total DESC, breakdown NULLS LAST, cohort NULLS LAST, period_index`;
}
