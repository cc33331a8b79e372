import { C, EVENTS } from '../../sql/schema.ts';
import { eventRefSql } from '../../sql/filters.ts';
import { ident, literal } from '../../sql/quote.ts';
import { calendarBucketSql } from '../../sql/periods.ts';
import type { WeekStart } from '../../spec/types.ts';
import { resolveDateRange, scopeWhereSql, type ScopeContext } from '../../sql/scope.ts';
import { TREND_MAX_SERIES, type TrendSpec } from './spec.ts';

const STEP = { day: "INTERVAL '1 day'", week: "INTERVAL '7 days'", month: "INTERVAL '1 month'" } as const;

/**
 * SEMANTICS §10 as one query over `events`. Rows are bucketed by the calendar period of `__local` (the
 * dataset's wall clock; weeks from `weekStart`). Every period from the one holding the dataset's first event
 * to the one holding its last is returned, whatever the event filter keeps, with 0 where nothing happened;
 * with a `dateRange`, only events of its days count, and the periods span the range (SEMANTICS §1b). With a
 * `segment`, only its users' events count.
 *
 * Choices where SEMANTICS is silent, following PostHog's Trends: breakdown values are ranked by the measure
 * over the whole range (ties by value), the first 10 are series of their own and the rest one "other" series;
 * for `users` the other series counts distinct users across those values (a user is counted once, not once
 * per value), as PostHog's "Other" bucket does. An empty breakdown value is a value of its own (key NULL).
 *
 * Result columns: key (VARCHAR, the breakdown value), is_other (BOOLEAN), rank (the series' order),
 * period (VARCHAR, YYYY-MM-DD), value (BIGINT). Ordered by rank, then period.
 */
export function compileTrend(spec: TrendSpec, ctx: { weekStart: WeekStart } & ScopeContext): string {
	const bucket = (x: string) => calendarBucketSql(x, spec.period, ctx.weekStart);
	const local = ident(C.local);
	const measure = spec.measure === 'users' ? `count(DISTINCT u)` : 'count(*)';
	const days = resolveDateRange(spec.dateRange, ctx);
	const keep = [
		`${local} IS NOT NULL`,
		`coalesce(${eventRefSql({ event: spec.event, where: spec.where })}, FALSE)`,
		...(spec.measure === 'users' ? [`${ident(C.ukey)} IS NOT NULL`] : []),
		scopeWhereSql(spec, ctx)
	];
	const span = days
		? `SELECT ${bucket(`TIMESTAMP ${literal(`${days.from} 00:00:00`)}`)} AS lo, ${bucket(`TIMESTAMP ${literal(`${days.to} 00:00:00`)}`)} AS hi`
		: `SELECT ${bucket(`min(${local})`)} AS lo, ${bucket(`max(${local})`)} AS hi FROM ${ident(EVENTS)}`;
	const bd = spec.breakdown ? `CAST(${ident(spec.breakdown)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)';
	const ranked = spec.breakdown
		? `ranked AS (
	SELECT bd, row_number() OVER (ORDER BY ${measure} DESC, bd NULLS LAST) AS rank
	FROM rows GROUP BY bd
),
keys AS (
	SELECT bd AS key, FALSE AS is_other, rank FROM ranked WHERE rank <= ${TREND_MAX_SERIES}
	UNION ALL
	SELECT ${literal('other')}, TRUE, ${TREND_MAX_SERIES + 1} WHERE EXISTS (SELECT 1 FROM ranked WHERE rank > ${TREND_MAX_SERIES})
),
labelled AS (
	SELECT r.period, r.u, k.key, k.is_other, k.rank
	FROM rows r JOIN ranked x ON x.bd IS NOT DISTINCT FROM r.bd
	JOIN keys k ON (x.rank <= ${TREND_MAX_SERIES} AND k.rank = x.rank) OR (x.rank > ${TREND_MAX_SERIES} AND k.is_other)
)`
		: `keys AS (SELECT CAST(NULL AS VARCHAR) AS key, FALSE AS is_other, 1 AS rank),
labelled AS (SELECT period, u, CAST(NULL AS VARCHAR) AS key, FALSE AS is_other, 1 AS rank FROM rows)`;
	return `WITH bounds AS (${span}),
periods AS (
	SELECT CAST(p AS DATE) AS period
	FROM bounds, range(CAST(lo AS TIMESTAMP), CAST(hi AS TIMESTAMP) + INTERVAL '1 day', ${STEP[spec.period]}) AS t(p)
),
rows AS (
	SELECT ${bucket(local)} AS period, ${ident(C.ukey)} AS u, ${bd} AS bd
	FROM ${ident(EVENTS)} WHERE ${keep.join(' AND ')}
),
${ranked},
counts AS (SELECT rank, period, ${measure} AS value FROM labelled GROUP BY rank, period)
SELECT k.key, k.is_other, CAST(k.rank AS INTEGER) AS rank, strftime(p.period, '%Y-%m-%d') AS period,
	CAST(coalesce(c.value, 0) AS BIGINT) AS value
FROM keys k CROSS JOIN periods p
LEFT JOIN counts c ON c.rank = k.rank AND c.period = p.period
ORDER BY k.rank, p.period`;
}
