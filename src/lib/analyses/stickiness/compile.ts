import { C, EVENTS } from '../../sql/schema.ts';
import { activeDaysSql } from '../../sql/active-days.ts';
import { ident, literal } from '../../sql/quote.ts';
import { calendarBucketSql, calendarIndexSql } from '../../sql/periods.ts';
import type { WeekStart } from '../../spec/types.ts';
import { resolveDateRange, segmentUsers, type ScopeContext } from '../../sql/scope.ts';
import { MAX_DAYS, type StickinessSpec } from './spec.ts';

/**
 * SEMANTICS §6 `stickiness` as one query over `events`. A user's active days are the distinct calendar days
 * of `__local` (the dataset's wall clock) with a matching event; they are grouped by the calendar week (from
 * `weekStart`) or month holding them, and each (user, interval) pair counts once under its number of days.
 * The pairs come from the activity table when it answers (sql/active-days.ts).
 *
 * Where SEMANTICS is silent: PostHog's stickiness counts a user's active intervals over the whole date range,
 * so it has no rule for a range longer than one week; Amplitude's weekly and monthly stickiness, which this
 * follows, counts a user once per week (or month) of the range, in the bucket of that week's days. With a
 * `dateRange` only its days count (SEMANTICS §1b), so an interval the range cuts has fewer days to offer.
 *
 * Result columns, one row per count 1..7 (or 1..31): days INTEGER, users BIGINT, and on every row
 * active_users BIGINT (distinct users), lo and hi VARCHAR (the range's first and last day, YYYY-MM-DD;
 * without a range the data's first and last day over all events; NULL when no event has a time),
 * first_iv and last_iv VARCHAR (the first days of the intervals holding lo and hi), intervals BIGINT (how
 * many intervals lie from first_iv to last_iv).
 */
export function compileStickiness(
	spec: StickinessSpec,
	ctx: { weekStart: WeekStart; activity: boolean } & ScopeContext
): string {
	const local = ident(C.local);
	const bucket = (x: string) => calendarBucketSql(x, spec.interval, ctx.weekStart);
	const days = resolveDateRange(spec.dateRange, ctx);
	const bounds = days
		? `SELECT DATE ${literal(days.from)} AS lo, DATE ${literal(days.to)} AS hi`
		: `SELECT CAST(min(${local}) AS DATE) AS lo, CAST(max(${local}) AS DATE) AS hi FROM ${ident(EVENTS)}`;
	const seg = segmentUsers(spec, ctx);
	const active = activeDaysSql(
		{ event: spec.event, where: spec.where },
		{ activity: ctx.activity, days, users: seg ? `${ident(C.ukey)} IN (${seg})` : 'TRUE' }
	);
	return `WITH bounds AS (${bounds}),
active AS (${active}),
per_interval AS (
	SELECT u, ${bucket('day')} AS iv, count(*) AS n FROM active GROUP BY u, iv
),
hist AS (SELECT n, count(*) AS users FROM per_interval GROUP BY n)
SELECT CAST(k.n AS INTEGER) AS days, CAST(coalesce(h.users, 0) AS BIGINT) AS users,
	(SELECT count(DISTINCT u) FROM active)::BIGINT AS active_users,
	strftime(b.lo, '%Y-%m-%d') AS lo, strftime(b.hi, '%Y-%m-%d') AS hi,
	strftime(b.first_iv, '%Y-%m-%d') AS first_iv, strftime(b.last_iv, '%Y-%m-%d') AS last_iv,
	CAST(${calendarIndexSql('b.first_iv', 'b.last_iv', spec.interval)} + 1 AS BIGINT) AS intervals
FROM range(1, ${MAX_DAYS[spec.interval] + 1}) AS k(n)
CROSS JOIN (SELECT *, ${bucket('lo')} AS first_iv, ${bucket('hi')} AS last_iv FROM bounds) b
LEFT JOIN hist h ON h.n = k.n
ORDER BY k.n`;
}
