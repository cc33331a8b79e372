import { C, USERS } from '../../sql/schema.ts';
import { ident, literal } from '../../sql/quote.ts';
import { engagementScoresSql } from '../../sql/engagement.ts';
import { dateRangeSql, resolveDateRange, segmentUsers, type ScopeContext } from '../../sql/scope.ts';
import type { EngagementSpec } from './spec.ts';

/** Scores are DECIMALs with 6 decimals: in millionths they are whole, and bins are exact. */
const MICRO = 1_000_000;

/**
 * The bin width in millionths for a span of scores (DOUBLE): 1, 2 or 5 × a power of ten for about 20 bins,
 * at least one millionth, and at least 1 when every weight is whole (scores are then whole).
 */
function widthSql(span: string, whole: boolean): string {
	const raw = `(${span} / 20.0)`;
	const mag = `pow(10, floor(log10(${raw})))`;
	const nice = `(CASE WHEN ${raw} / ${mag} <= 1 THEN 1 WHEN ${raw} / ${mag} <= 2 THEN 2 WHEN ${raw} / ${mag} <= 5 THEN 5 ELSE 10 END * ${mag})`;
	const min = whole ? MICRO : 1;
	return `CAST(CASE WHEN ${span} <= 0 THEN ${min} ELSE greatest(${min}, round(${nice} * ${MICRO})) END AS HUGEINT)`;
}

/** The activity table's `day` within the range's days. */
const activityDays = (days: { from: string; to: string } | null) =>
	days ? `day >= DATE ${literal(days.from)} AND day <= DATE ${literal(days.to)}` : 'TRUE';

/** Floor division of HUGEINTs, exact for negative scores too (DuckDB's `//` truncates toward zero). */
const floorDiv = (x: string, w: string) => `((${x} - ((${x} % ${w}) + ${w}) % ${w}) // ${w})`;

/**
 * SEMANTICS §6 `engagement` as one query. Every user of `users` (of the segment, with one) gets
 * Σ weight(event) × count over the events of the date range (all events without one; counted from the
 * activity table when it exists, sql/engagement.ts); users without a weighted event score 0. The percentile
 * rank of a user is 100 × (users scoring strictly lower) / (users − 1), SQL's PERCENT_RANK: ties share a
 * rank, the lowest score ranks 0, a lone user 0.
 *
 * Raw-score bins have a nice width (1, 2 or 5 × 10^k, at least 1 when every weight is whole) for about 20
 * bins, bin b holding [b·width, (b+1)·width); rank bins are ten of width 10, the last holding 100. Both are
 * computed in whole numbers (millionths, rank positions), so a score on an edge falls in the bin it starts.
 * Ranks, bins and the summary come from the distinct scores and their user counts (`dist`, a few hundred
 * rows where there are tens of thousands of users), so no per-user sort is needed but for the top list.
 *
 * Result: a long table `part, k, user, a, b, c`: part 'summary' (a = users, b = zero scores, c = mean),
 * 'quantiles' (a = median, b = p90, c = max), 'bin' (k = order, a = from, b = to, c = users), 'top' and
 * 'all' (k = order, user, a = score, b = rank).
 */
export function compileEngagement(spec: EngagementSpec, ctx: ScopeContext & { activity: boolean }): string {
	const ukey = ident(C.ukey);
	const days = resolveDateRange(spec.dateRange, ctx);
	const seg = segmentUsers(spec, ctx);
	const ranked = spec.scale === 'percentile';
	const whole = spec.weights.every((w) => Number.isInteger(w.weight));
	const bins = ranked
		? `bins AS (
	SELECT CAST(t.k AS INTEGER) AS k, t.k * 10.0 AS lo, t.k * 10.0 + 10 AS hi, coalesce(sum(d.c), 0) AS users
	FROM range(0, 10) AS t(k)
	LEFT JOIN dist d ON least(CASE WHEN d.n <= 1 THEN 0 ELSE (10 * d.below) // (d.n - 1) END, 9) = t.k
	GROUP BY t.k
)`
		: `width AS MATERIALIZED (
	SELECT ${widthSql('CAST(max(score) - min(score) AS DOUBLE)', whole)} AS w,
		CAST(min(score) * ${MICRO} AS HUGEINT) AS lo, CAST(max(score) * ${MICRO} AS HUGEINT) AS hi
	FROM dist
),
idx AS (
	SELECT t.b, w.w FROM width w,
		range(CAST(${floorDiv('w.lo', 'w.w')} AS BIGINT), CAST(${floorDiv('w.hi', 'w.w')} AS BIGINT) + 1) AS t(b)
),
counts AS (
	SELECT ${floorDiv(`CAST(d.score * ${MICRO} AS HUGEINT)`, 'w.w')} AS b, sum(d.c) AS users FROM dist d, width w GROUP BY 1
),
bins AS (
	SELECT CAST(row_number() OVER (ORDER BY i.b) AS INTEGER) AS k, i.b * i.w / ${MICRO}.0 AS lo,
		(i.b + 1) * i.w / ${MICRO}.0 AS hi, coalesce(c.users, 0) AS users
	FROM idx i LEFT JOIN counts c ON c.b = i.b
)`;
	const row = (part: string, k: string, user: string, a: string, b: string, c: string) =>
		`SELECT ${literal(part)} AS part, CAST(${k} AS INTEGER) AS k, CAST(${user} AS VARCHAR) AS "user", CAST(${a} AS DOUBLE) AS a, CAST(${b} AS DOUBLE) AS b, CAST(${c} AS DOUBLE) AS c`;
	const rank = 'CASE WHEN d.n <= 1 THEN 0.0 ELSE 100.0 * d.below / (d.n - 1) END';
	const listed = (part: string, limit: string) =>
		`SELECT * FROM (${row(part, 'row_number() OVER (ORDER BY t.score DESC, t.id)', 't.id', 't.score', ranked ? rank : 'NULL', 'NULL')}
	FROM (SELECT id, score FROM base ORDER BY score DESC, id${limit}) t${ranked ? ' JOIN dist d ON d.score = t.score' : ''})`;
	return `WITH ${seg ? `seg AS MATERIALIZED (${seg}),\n` : ''}pop AS (
	SELECT u.${ukey} AS u, u.${ident(C.user)} AS id FROM ${ident(USERS)} u
	${seg ? `WHERE u.${ukey} IN (SELECT ${ukey} FROM seg)` : ''}
),
raw AS (${
		ctx.activity
			? engagementScoresSql(spec.weights, activityDays(days), 'activity')
			: engagementScoresSql(spec.weights, dateRangeSql(days))
	}),
base AS MATERIALIZED (SELECT p.u, p.id, coalesce(r.score, 0) AS score FROM pop p LEFT JOIN raw r ON r.u = p.u),
dist AS MATERIALIZED (
	SELECT score, count(*) AS c, sum(count(*)) OVER (ORDER BY score) - count(*) AS below, sum(count(*)) OVER () AS n
	FROM base GROUP BY score
),
${bins}
${row('summary', '0', 'NULL', 'sum(c)', 'sum(c) FILTER (WHERE score = 0)', 'sum(score * c) / sum(c)')} FROM dist
UNION ALL
${row('quantiles', '0', 'NULL', 'quantile_cont(CAST(score AS DOUBLE), 0.5)', 'quantile_cont(CAST(score AS DOUBLE), 0.9)', 'max(score)')} FROM base
UNION ALL
${row('bin', 'k', 'NULL', 'lo', 'hi', 'users')} FROM bins
UNION ALL
${listed('top', ` LIMIT ${spec.top}`)}${spec.list ? `\nUNION ALL\n${listed('all', '')}` : ''}`;
}
