import { ACTIVITY, C, EVENTS, USERS } from '../../sql/schema.ts';
import { eventRefSql } from '../../sql/filters.ts';
import { ident, literal } from '../../sql/quote.ts';
import { calendarAddSql, calendarBucketSql } from '../../sql/periods.ts';
import { resolveDateRange, segmentUsers, type ScopeContext } from '../../sql/scope.ts';
import type { WeekStart } from '../../spec/types.ts';
import type { LifecycleSpec } from './spec.ts';

const STEP = { day: "INTERVAL '1 day'", week: "INTERVAL '7 days'", month: "INTERVAL '1 month'" } as const;

export interface LifecycleContext extends ScopeContext {
	weekStart: WeekStart;
	/** True when the `activity` table exists: without `where` filters it stands in for `events`. */
	activity: boolean;
}

/**
 * SEMANTICS §6 `lifecycle` as one query, PostHog's definitions (its LifecycleQueryRunner): a user is active
 * in a calendar period (of `__local`, the dataset's wall clock; weeks from `weekStart`) when they did the
 * event there. For each period a user is active in: `new` when it is the period of their first event ever
 * (any event, over all the data, whatever the date range: PostHog's person `created_at`), else `returning`
 * when they were active in the period before, else `resurrecting`. `dormant` counts, in the period after
 * one a user was active in, those not active in it; it is returned negative.
 *
 * Periods: every period from the one holding the first event to the one holding the last (of the data, or
 * of the date range's days); as PostHog does, a range counts whole periods (those it touches), and the
 * period before the first is read, so the first period has its returning and dormant users. Only the
 * segment's users count.
 *
 * Result columns: period (VARCHAR, YYYY-MM-DD), new, returning, resurrecting, dormant (BIGINT, dormant ≤ 0),
 * one row per period in order.
 */
export function compileLifecycle(spec: LifecycleSpec, ctx: LifecycleContext): string {
	const bucket = (x: string) => calendarBucketSql(x, spec.period, ctx.weekStart);
	const add = (x: string, k: number) => calendarAddSql(x, String(k), spec.period);
	const [ukey, local] = [C.ukey, C.local].map(ident);
	const days = resolveDateRange(spec.dateRange, ctx);
	const span = days
		? `SELECT ${bucket(`DATE ${literal(days.from)}`)} AS lo, ${bucket(`DATE ${literal(days.to)}`)} AS hi`
		: `SELECT ${bucket(`min(${local})`)} AS lo, ${bucket(`max(${local})`)} AS hi FROM ${ident(EVENTS)}`;
	const users = segmentUsers(spec, ctx);
	const inSegment = users ? ` AND ${ukey} IN (${users})` : '';
	// The activity table holds one row per user, event and local day: the same active periods, read from
	// far fewer rows, when no row filter needs the events themselves.
	const active =
		ctx.activity && spec.where.length === 0
			? `SELECT ${ukey} AS u, ${bucket('day')} AS p FROM ${ident(ACTIVITY)}
		WHERE ${spec.event === null ? 'any_event' : `NOT any_event AND ${ident(C.event)} = ${literal(spec.event)}`}${inSegment}`
			: `SELECT ${ukey} AS u, ${bucket(local)} AS p FROM ${ident(EVENTS)}
		WHERE ${ukey} IS NOT NULL AND ${local} IS NOT NULL AND ${ident(C.time)} IS NOT NULL
			AND coalesce(${eventRefSql({ event: spec.event, where: spec.where })}, FALSE)${inSegment}`;
	const lo = '(SELECT lo FROM bounds)';
	const hi = '(SELECT hi FROM bounds)';
	return `WITH bounds AS MATERIALIZED (${span}),
periods AS (
	SELECT CAST(t.p AS DATE) AS period
	FROM bounds, range(CAST(lo AS TIMESTAMP), CAST(hi AS TIMESTAMP) + INTERVAL '1 day', ${STEP[spec.period]}) AS t(p)
),
act AS MATERIALIZED (
	SELECT DISTINCT u, p FROM (${active}) a WHERE p >= ${add(lo, -1)} AND p <= ${hi}
),
seq AS MATERIALIZED (
	SELECT u, p, lag(p) OVER w AS prev, lead(p) OVER w AS next FROM act WINDOW w AS (PARTITION BY u ORDER BY p)
),
status AS (
	SELECT s.p AS period,
		CASE WHEN s.p = ${bucket('f.first_seen_local')} THEN 'new'
			WHEN s.prev IS NOT NULL AND ${add('s.prev', 1)} = s.p THEN 'returning'
			ELSE 'resurrecting' END AS status
	FROM seq s JOIN ${ident(USERS)} f ON f.${ukey} = s.u
	UNION ALL
	SELECT ${add('p', 1)}, 'dormant' FROM seq WHERE next IS NULL OR next <> ${add('p', 1)}
),
counts AS (
	SELECT period, count(*) FILTER (WHERE status = 'new') AS n_new,
		count(*) FILTER (WHERE status = 'returning') AS n_returning,
		count(*) FILTER (WHERE status = 'resurrecting') AS n_resurrecting,
		count(*) FILTER (WHERE status = 'dormant') AS n_dormant
	FROM status GROUP BY period
)
SELECT strftime(p.period, '%Y-%m-%d') AS period, CAST(coalesce(n_new, 0) AS BIGINT) AS new,
	CAST(coalesce(n_returning, 0) AS BIGINT) AS returning, CAST(coalesce(n_resurrecting, 0) AS BIGINT) AS resurrecting,
	CAST(-coalesce(n_dormant, 0) AS BIGINT) AS dormant
FROM periods p LEFT JOIN counts c ON c.period = p.period
ORDER BY p.period`;
}
