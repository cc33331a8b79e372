import { DATASET_DEFAULTS, normaliseEventRef } from '../../spec/defaults.ts';
import type { EventRef, WeekStart } from '../../spec/types.ts';
import { ACTIVITY, C, EVENTS } from '../../sql/schema.ts';
import { eventRefSql } from '../../sql/filters.ts';
import { ident, literal } from '../../sql/quote.ts';
import {
	calendarAddSql,
	calendarBucketSql,
	calendarIndexSql,
	ROLLING_PERIOD_MICROS
} from '../../sql/periods.ts';
import type { RetentionSpec } from './spec.ts';
import { resolveDateRange, segmentUsers, type ScopeContext } from '../../sql/scope.ts';

export interface RetentionContext {
	weekStart: WeekStart;
	/** True when the dataset's `activity` table (engine/activity.ts) exists and is current. */
	activity?: boolean;
	/** The dataset facts the scope fields need (a `last N days` range, a segment rule). */
	scope?: ScopeContext;
}

/** True when the activity table answers the spec: it exists and both events are named without filters. */
export function retentionUsesActivity(spec: RetentionSpec, ctx: RetentionContext): boolean {
	if (!ctx.activity) return false;
	return [spec.startEvent, spec.returnEvent].every((ref) => !normaliseEventRef(ref)?.where);
}

/** Rows of the activity table for an event reference without filters. */
function activityEventSql(ref: EventRef | null): string {
	return ref === null || ref.event === null
		? 'any_event'
		: `NOT any_event AND ${ident(C.event)} = ${literal(ref.event)}`;
}

/**
 * SEMANTICS §2 as one DuckDB query over the canonical `events` table. Choices the contract leaves open:
 *
 * - Rows without a user (`__ukey` NULL, which the schema ties to `__user` NULL) or without a time take no
 *   part, not even as "the last event in the data". Users are joined and counted by `__ukey`.
 * - A user's start event is the earliest matching row by `__time`, ties broken by `__row` (file order).
 *   first_time: the user's first start event over all data, picked before `dateRange` applies, so a user
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
 * - `dateRange` keeps cohorts whose first day (the start event's calendar period) lies in its days, `to`
 *   included; `segment` keeps the users of the segment.
 * - Unobserved: period k of a cohort row is null when it had not begun for any of its users by the last
 *   event: calendar, when the earliest member's period-0 bucket plus k periods starts after the last
 *   `__local` (for period cohorts that is simply the cohort's period k); rolling, when the earliest
 *   member's t0 + k·L is after the last `__time`.
 *
 * Sources: with `ctx.activity` and both events named without `where` filters, the query reads the activity
 * table (engine/activity.ts) instead of the events, with the same result: a user's start is their earliest
 * activity row, its breakdown value is read from `events` at that instant (first row in file order), calendar
 * returns are the periods of their activity days, and rolling returns are the periods of each row's first and
 * last time, which are the only periods a row can reach (its events lie within 24 h). Otherwise it reads
 * `events`, grouping rolling returns the same way on the fly.
 *
 * Result, one row per (cohort row, period with returns), plus one row with NULL period_index for a cohort
 * row without returns: is_total (false for per-breakdown rows), breakdown, cohort (text; the period's first
 * day YYYY-MM-DD, or the property value), size, observed (periods shown, 1..periods), period_index (1..),
 * users.
 */
export function compileRetention(spec: RetentionSpec, ctx: RetentionContext): string {
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
	const bdOf = (alias: string) =>
		spec.breakdown ? `CAST(${alias}${ident(spec.breakdown)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)';
	const recurring = spec.type === 'recurring';
	const on = spec.mode === 'on';

	// The scope (SEMANTICS §1b): cohorts whose first day lies in the date range, members in the segment.
	const rangeParts: string[] = [];
	const scope = { dateRange: spec.dateRange ?? null, segment: spec.segment ?? null };
	const scopeCtx = ctx.scope ?? { timezone: DATASET_DEFAULTS.timezone, lastEventMs: null, columns: [] };
	const days = resolveDateRange(scope.dateRange, scopeCtx);
	if (days) rangeParts.push(`c BETWEEN DATE ${literal(days.from)} AND DATE ${literal(days.to)}`);
	const users = segmentUsers(scope, scopeCtx);
	if (users) rangeParts.push(`u IN (${users})`);

	// The source CTEs: bounds (last_t, last_day: the latest time and local day of the data), firsts (u, t, bd,
	// c: each member's start time, breakdown value and calendar period), and the user's returns: rets (u, b:
	// calendar periods; or u, r: times) for mode "on", lastret (u, b or r) for "on_or_after".
	const ctes: string[] = [];
	if (retentionUsesActivity(spec, ctx)) {
		const A = ident(ACTIVITY);
		const u = ident(C.ukey);
		const start = activityEventSql(startRef);
		const ret = activityEventSql(returnRef);
		ctes.push(`bounds AS (SELECT max(last_t) AS last_t, max(day) AS last_day FROM ${A} WHERE any_event)`);
		// The start is the user's earliest activity row (per calendar period for recurring): no two of a user's
		// rows share an instant. Its breakdown value comes from the first event row, by file order, at that
		// instant.
		const perPeriod = recurring ? `, ${bucket('day')}` : '';
		const starts = `SELECT ${u} AS u, min(first_t) AS t, arg_min(day, first_t) AS d
		FROM ${A} WHERE ${start} GROUP BY ${u}${perPeriod}`;
		if (spec.breakdown) {
			const e = (c: string) => `e.${ident(c)}`;
			ctes.push(`firsts AS (
	SELECT s.u, s.t, arg_min_null(${bdOf('e.')}, ${e(C.row)}) AS bd, ${bucket('s.d')} AS c
	FROM (${starts}) s
	JOIN ${ident(EVENTS)} e ON ${e(C.ukey)} = s.u AND ${e(C.time)} = s.t AND ${e(C.local)} IS NOT NULL
		AND coalesce(${eventRefSql(startRef, 'e.')}, FALSE)
	GROUP BY s.u, s.t, s.d
)`);
		} else {
			ctes.push(`firsts AS (SELECT u, t, CAST(NULL AS VARCHAR) AS bd, ${bucket('d')} AS c FROM (${starts}))`);
		}
		if (on && rolling) {
			ctes.push(
				`rets AS (SELECT ${u} AS u, epoch_us(first_t) AS f, epoch_us(last_t) AS r FROM ${A} WHERE ${ret})`
			);
		} else if (on) {
			ctes.push(`rets AS (SELECT DISTINCT ${u} AS u, ${bucket('day')} AS b FROM ${A} WHERE ${ret})`);
		} else {
			const last = rolling ? 'max(epoch_us(last_t)) AS r' : `${bucket('max(day)')} AS b`;
			ctes.push(`lastret AS (SELECT ${u} AS u, ${last} FROM ${A} WHERE ${ret} GROUP BY ${u})`);
		}
	} else {
		ctes.push(`base AS (
	SELECT ${ident(C.ukey)} AS u, ${ident(C.time)} AS t, ${ident(C.local)} AS l, ${ident(C.row)} AS rn, ${bdOf('')} AS bd,
		coalesce(${eventRefSql(startRef)}, FALSE) AS is_start,
		coalesce(${eventRefSql(returnRef)}, FALSE) AS is_return
	FROM ${ident(EVENTS)}
	WHERE ${ident(C.ukey)} IS NOT NULL AND ${ident(C.time)} IS NOT NULL AND ${ident(C.local)} IS NOT NULL
)`);
		ctes.push(`bounds AS (SELECT max(t) AS last_t, CAST(max(l) AS DATE) AS last_day FROM base)`);
		// The first start event per user (per user and period for recurring) by (time, file order); a hash
		// aggregate over structs, several times faster in DuckDB-WASM than row_number() over a sort.
		const perPeriod = recurring ? `, ${bucket('l')}` : '';
		ctes.push(`firsts AS (
	SELECT u, f.t AS t, f.bd AS bd, ${bucket('f.l')} AS c
	FROM (
		SELECT u, arg_min({'t': t, 'l': l, 'bd': bd}, {'t': t, 'rn': rn}) AS f
		FROM base WHERE is_start GROUP BY u${perPeriod}
	)
)`);
		if (on && rolling) {
			// As in the activity table: a user's returns on one local day at one UTC offset lie within 24 h.
			ctes.push(`rets AS (
	SELECT u, epoch_us(min(t)) AS f, epoch_us(max(t)) AS r FROM base WHERE is_return
	GROUP BY u, CAST(l AS DATE), epoch_us(l) - epoch_us(t)
)`);
		} else if (on) {
			ctes.push(`rets AS (SELECT DISTINCT u, ${bucket('l')} AS b FROM base WHERE is_return)`);
		} else {
			const last = rolling ? 'max(epoch_us(t)) AS r' : `${bucket('max(l)')} AS b`;
			ctes.push(`lastret AS (SELECT u, ${last} FROM base WHERE is_return GROUP BY u)`);
		}
	}

	ctes.push(`members AS MATERIALIZED (
	SELECT u, ${byProperty ? 'bd' : 'CAST(c AS VARCHAR)'} AS ck, ${split ? 'bd' : 'CAST(NULL AS VARCHAR)'} AS bk,
		${rolling ? 'epoch_us(t)' : 'c'} AS a,
		row_number() OVER () AS mid
	FROM firsts${rangeParts.length > 0 ? ' WHERE ' + rangeParts.join(' AND ') : ''}
)`);

	// Each (member, k) the member returned in. Members carry a compact id so the wide keys stay out of the
	// big intermediate tables. first_time has one member per user, so joining on the user is linear in the
	// returns. Recurring members are many per user, and a user's members times their returns grows with the
	// square of their active periods; so returns are also matched on a block of W periods (W at least the
	// table's width), and each member looks only in its own block and the next.
	if (on) {
		const W = rolling ? `${P + 1} * ${L}` : String(period === 'week' ? 7 * P : P);
		const blockOf = (x: string) =>
			rolling
				? `(${x} // (${W}))`
				: `(date_diff('${period === 'month' ? 'month' : 'day'}', DATE '1970-01-01', ${x}) // ${W})`;
		const returns = recurring ? `(SELECT *, ${blockOf(rolling ? 'r' : 'b')} AS blk FROM rets)` : 'rets';
		const from = recurring
			? `(SELECT *, ${blockOf('a')} + o AS blk FROM members CROSS JOIN (VALUES (0), (1)) AS o(o)) m
		JOIN ${returns} r ON r.u = m.u AND r.blk = m.blk`
			: `members m JOIN rets r ON r.u = m.u`;
		if (rolling) {
			// A returns row's events lie within 24 h (f to r), so in the periods of its first and last event only.
			ctes.push(`hits AS (
	SELECT mid, k FROM (
		SELECT m.mid, unnest([(r.f - m.a) // ${L}, (r.r - m.a) // ${L}]) AS k
		FROM ${from} AND r.r >= m.a + ${L} AND r.f < m.a + ${P} * ${L}
	) WHERE k >= 1 AND k < ${P}
)`);
		} else {
			ctes.push(`hits AS (
	SELECT m.mid, ${calendarIndexSql('m.a', 'r.b', period)} AS k
	FROM ${from} AND r.b > m.a AND r.b < ${calendarAddSql('m.a', String(P), period)}
)`);
		}
	} else {
		if (rolling) {
			ctes.push(`reach AS (
	SELECT m.mid, (lr.r - m.a) // ${L} AS kmax
	FROM members m JOIN lastret lr ON lr.u = m.u AND lr.r >= m.a
)`);
		} else {
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
		: calendarIndexSql('s.amin', bucket('b.last_day'), period);

	return `WITH ${ctes.join(',\n')}
SELECT s.is_total, s.bk AS breakdown, s.ck AS cohort, s.size,
	CAST(least(${P}, ${lastIndex} + 1) AS INTEGER) AS observed,
	CAST(c.k AS INTEGER) AS period_index, c.users
FROM sizes s CROSS JOIN bounds b
LEFT JOIN cells c ON c.is_total = s.is_total AND c.ck IS NOT DISTINCT FROM s.ck AND c.bk IS NOT DISTINCT FROM s.bk
ORDER BY s.is_total DESC, breakdown NULLS LAST, cohort NULLS LAST, period_index`;
}
