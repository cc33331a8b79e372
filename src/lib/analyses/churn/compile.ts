/**
 * The SQL of the churn analysis (SEMANTICS §8), pure: the data's bounds, and each user's features at a cut
 * from the events at or before it only, with the label from the horizon after it.
 */
import { ACTIVITY, C, EVENTS, SESSIONS, USERS } from '../../sql/schema.ts';
import { eventRefSql } from '../../sql/filters.ts';
import { ident, literal } from '../../sql/quote.ts';
import { dateRangeSql, resolveDateRange, segmentUsers, type ScopeContext } from '../../sql/scope.ts';
import { parseValueExpr, valueExprSql, ValueExprError } from '../../sql/value-expr.ts';
import { SpecError } from '../../spec/check.ts';
import type { ChurnSpec } from './spec.ts';

const DAY_US = 86_400_000_000;

/** A TIMESTAMP constant of `us` µs since the epoch (UTC). */
const ts = (us: number) => `make_timestamp(${us})`;

/** What the feature SQL needs beyond the scope: the session rule of the dataset. */
export interface ChurnSqlContext extends ScopeContext {
	/** Inactivity gap that splits sessions, minutes (SEMANTICS §7). */
	sessionGapMinutes: number;
	/** The export's own session id column, used instead of the gap rule when mapped. */
	sessionColumn: string | null;
	/** True when the dataset's `sessions` table (engine/derived.ts) exists and is current. */
	sessionsTable?: boolean;
	/** True when the dataset's `activity` and `users` tables (engine/activity.ts, derived.ts) are current. */
	activityTable?: boolean;
}

/** One cut: features from events at or before `atMs`; the label from events in (atMs, atMs + horizon]. */
export interface Cut {
	atMs: number;
}

/** The feature columns of `featuresSql`, in order, all DOUBLE. */
export const RAW_FEATURES = [
	'recency_days',
	'tenure_days',
	'events',
	'active_days',
	'sessions',
	'recent_events',
	'monetary'
] as const;
export type RawFeature = (typeof RAW_FEATURES)[number];

/** The counted events in scope (SEMANTICS §1b), as a condition on `events` rows. */
function keepSql(spec: ChurnSpec, ctx: ScopeContext): string {
	const users = segmentUsers(spec, ctx);
	return [
		`${ident(C.ukey)} IS NOT NULL`,
		`${ident(C.time)} IS NOT NULL`,
		`coalesce(${eventRefSql({ event: spec.event, where: spec.where })}, FALSE)`,
		dateRangeSql(resolveDateRange(spec.dateRange, ctx)),
		...(users ? [`${ident(C.ukey)} IN (${users})`] : [])
	].join(' AND ');
}

/**
 * One row: `last_ms`, the last event of the data in the date range (any event, any user: the end of the
 * data, from which the default cutoff counts back), and `first_ms`, the first counted event in scope; both
 * UTC ms, NULL without events.
 */
export function boundsSql(spec: ChurnSpec, ctx: ScopeContext): string {
	const time = ident(C.time);
	const inRange = dateRangeSql(resolveDateRange(spec.dateRange, ctx));
	return `SELECT
	(SELECT CAST(epoch_ms(max(${time})) AS DOUBLE) FROM ${ident(EVENTS)} WHERE ${time} IS NOT NULL AND ${inRange}) AS last_ms,
	(SELECT CAST(epoch_ms(min(${time})) AS DOUBLE) FROM ${ident(EVENTS)} WHERE ${keepSql(spec, ctx)}) AS first_ms`;
}

/** The monetary value expression as SQL, or '0' without one. Throws SpecError at analysis.monetary. */
function moneySql(spec: ChurnSpec, columns: readonly string[]): string {
	if (!spec.monetary) return '0';
	try {
		return valueExprSql(parseValueExpr(spec.monetary, columns));
	} catch (e) {
		if (e instanceof ValueExprError)
			throw new SpecError('analysis.monetary', `analysis.monetary: ${e.message}`);
		throw e;
	}
}

/**
 * True when the session starts of the counted events are those of the dataset's `sessions` table: it exists
 * (`ctx.sessionsTable`), it splits by the same gap rule (no session column), and every event of a user
 * counts (no event filter, no date range; a segment keeps or drops whole users).
 */
function startsFromTable(spec: ChurnSpec, ctx: ChurnSqlContext): boolean {
	return (
		!!ctx.sessionsTable &&
		!ctx.sessionColumn &&
		spec.event === null &&
		spec.where.length === 0 &&
		resolveDateRange(spec.dateRange, ctx) === null
	);
}

/**
 * Per cut and user with a counted event at or before the cut T (in scope), ordered by cut then user key:
 * `cut` (the index in `cuts`), `k` (user key), `id` (user id, with `withIds`), and as DOUBLE:
 *   recency_days   days from the user's last event ≤ T to T (fractional)
 *   tenure_days    days from the user's first event to T
 *   events         counted events ≤ T
 *   active_days    distinct calendar days (in the dataset's zone) with an event ≤ T
 *   sessions       sessions begun ≤ T: the export's session ids, else the gap rule (a user's first event,
 *                  or one more than the gap after the one before it, starts a session); whether an event
 *                  starts a session depends on earlier events only, so a later event never changes it
 *   recent_events  counted events in (T − horizon, T]
 *   monetary       sum of the value expression over events ≤ T (0 without one; empty values add nothing)
 *   active_after   1 when the user has a counted event in (T, T + horizon], else 0 (churned)
 * Every feature reads events ≤ T only (the FILTER clauses); the label alone looks past T.
 *
 * One pass serves every cut: counted per user and local day (a day is active at T when it has an event ≤ T,
 * so no DISTINCT over the events), then per user. With `ctx.activityTable` and no `where` filter the days
 * are read from `activity` (activityDaysSql: a row per user and day, not per event); else from the events.
 * Session starts come from `sessions` when it holds the same ones (startsFromTable), else from a window over
 * each user's events in time order.
 * Session ids and the monetary sum are taken per user from the events, in the order the sum always had.
 */
export function featuresSql(
	spec: ChurnSpec,
	ctx: ChurnSqlContext,
	cuts: readonly Cut[],
	withIds: boolean
): string {
	const [ukey, user, time, local, row] = [C.ukey, C.user, C.time, C.local, C.row].map(ident);
	const h = spec.horizon * DAY_US;
	const gapUs = Math.round(ctx.sessionGapMinutes * 60_000_000);
	const table = startsFromTable(spec, ctx);
	const lag = !table && !ctx.sessionColumn;
	const money = spec.monetary !== null;
	const act = !!ctx.activityTable && spec.where.length === 0;
	const us = cuts.map((c) => Math.round(c.atMs) * 1000);
	const T = us.map((x) => `make_timestamp(${x})`);
	const latestUs = Math.max(...us) + h;
	const ev = [
		`${ukey} AS k`,
		...(withIds && !act ? [`${user} AS u`] : []),
		`${time} AS t`,
		...(act ? [] : [`CAST(${local} AS DATE) AS d`]),
		...(money ? [`CAST(${moneySql(spec, ctx.columns)} AS DOUBLE) AS v`] : []),
		...(ctx.sessionColumn ? [`CAST(${ident(ctx.sessionColumn)} AS VARCHAR) AS sid`] : []),
		...(lag
			? [
					`coalesce(epoch_us(${time}) - epoch_us(lag(${time}) OVER (PARTITION BY ${ukey} ORDER BY ${time}, ${row})) > ${gapUs}, TRUE) AS starts`
				]
			: [])
	];
	const perDay = T.flatMap((t, i) => [
		`count(*) FILTER (WHERE t <= ${t}) AS n${i}`,
		`max(t) FILTER (WHERE t <= ${t}) AS hi${i}`,
		`count(*) FILTER (WHERE epoch_us(t) > epoch_us(${t}) - ${h} AND t <= ${t}) AS rn${i}`,
		`count(*) FILTER (WHERE t > ${t} AND epoch_us(t) <= epoch_us(${t}) + ${h}) AS a${i}`,
		...(lag && !act ? [`count(*) FILTER (WHERE t <= ${t} AND starts) AS s${i}`] : [])
	]);
	const perUser = T.flatMap((_, i) => [
		// Summed as DOUBLE, exact below 2⁵³: a sum of BIGINT counts is a HUGEINT, slower in DuckDB-WASM (this
		// aggregate, most of the query, took about a fifth less; issue 14).
		`sum(n${i}::DOUBLE) AS n${i}`,
		`max(hi${i}) AS hi${i}`,
		// One `days` row per user and local day (activityDaysSql merges a day's UTC offsets), so no DISTINCT.
		act
			? `count(*) FILTER (WHERE n${i} > 0) AS ad${i}`
			: `count(*) FILTER (WHERE n${i} > 0 AND d IS NOT NULL) AS ad${i}`,
		`sum(rn${i}::DOUBLE) AS rn${i}`,
		`sum(a${i}::DOUBLE) AS a${i}`,
		...(lag && !act ? [`sum(s${i}::DOUBLE) AS s${i}`] : [])
	]);
	// Per user from the events themselves: distinct session ids, and the monetary sum (a sum of sums per day
	// could round differently).
	const side = T.flatMap((t, i) => [
		...(ctx.sessionColumn ? [`count(DISTINCT sid) FILTER (WHERE t <= ${t}) AS s${i}`] : []),
		...(money ? [`sum(v) FILTER (WHERE t <= ${t}) AS m${i}`] : []),
		...(lag && act ? [`count(*) FILTER (WHERE t <= ${t} AND starts) AS s${i}`] : [])
	]);
	const starts = T.map((t, i) => `count(*) FILTER (WHERE start_time <= ${t}) AS s${i}`);
	const latest = `epoch_us(t) <= ${latestUs}`;
	const events = !act || side.length > 0;
	const ctes = [
		...(events
			? [
					`ev AS ${side.length && !act ? 'MATERIALIZED ' : ''}(SELECT ${ev.join(', ')} FROM ${ident(EVENTS)} WHERE ${keepSql(spec, ctx)})`
				]
			: []),
		...(act
			? activityDaysSql(spec, ctx, us, h, perDay)
			: [
					`days AS (SELECT k, d,${withIds ? ' any_value(u) AS u,' : ''} min(t) AS lo, ${perDay.join(', ')}
	FROM ev WHERE ${latest} GROUP BY k, d)`
				]),
		`byuser AS (SELECT k,${withIds && !act ? ' any_value(u) AS u,' : ''} min(lo) AS lo, ${perUser.join(', ')} FROM days GROUP BY k)`,
		...(side.length ? [`side AS (SELECT k, ${side.join(', ')} FROM ev WHERE ${latest} GROUP BY k)`] : []),
		...(table
			? [`starts AS (SELECT ${ukey} AS k, ${starts.join(', ')} FROM ${ident(SESSIONS)} GROUP BY ${ukey})`]
			: []),
		`per AS MATERIALIZED (SELECT * FROM byuser${side.length ? ' LEFT JOIN side USING (k)' : ''}${table ? ' LEFT JOIN starts USING (k)' : ''}${withIds && act ? ` LEFT JOIN (SELECT ${ukey} AS k, ${user} AS u FROM ${ident(USERS)}) USING (k)` : ''})`
	];
	const parts = T.map(
		(t, i) => `SELECT ${i} AS cut, k,${withIds ? ' u AS id,' : ''}
	CAST((epoch_us(${t}) - epoch_us(hi${i})) / ${DAY_US} AS DOUBLE) AS recency_days,
	CAST((epoch_us(${t}) - epoch_us(lo)) / ${DAY_US} AS DOUBLE) AS tenure_days,
	CAST(n${i} AS DOUBLE) AS events,
	CAST(ad${i} AS DOUBLE) AS active_days,
	CAST(coalesce(s${i}, 0) AS DOUBLE) AS sessions,
	CAST(rn${i} AS DOUBLE) AS recent_events,
	CAST(${money ? `coalesce(m${i}, 0)` : '0'} AS DOUBLE) AS monetary,
	CAST(a${i} > 0 AS DOUBLE) AS active_after
FROM per WHERE n${i} > 0`
	);
	return `WITH ${ctes.join(',\n')}\n${parts.join('\nUNION ALL\n')}\nORDER BY cut, k`;
}

/**
 * CTE `days` of featuresSql from the `activity` table (engine/activity.ts: one row per user, local day and
 * UTC offset, with its first and last time and its count), its offsets merged into one row per user and
 * local day (a day of a clock change has two; merged, the day counts once without a DISTINCT): a row wholly
 * on one side of every boundary the features compare times with (each cut T, T − horizon, T + horizon) adds
 * its count and times as they are; only the few rows that straddle a boundary are counted from their events
 * (`perDay` over them). Same values as counting every event: each row's events lie between its first and
 * last time, and every event of the user that local day is in the row. Times are compared as timestamps
 * with constant bounds, not through epoch_us (which cost about a fifth of the query at a million events).
 */
function activityDaysSql(
	spec: ChurnSpec,
	ctx: ScopeContext,
	us: number[],
	h: number,
	perDay: string[]
): string[] {
	const [ukey, time, local, event] = [C.ukey, C.time, C.local, C.event].map(ident);
	const users = segmentUsers(spec, ctx);
	const days = resolveDateRange(spec.dateRange, ctx);
	const latestUs = Math.max(...us) + h;
	const rows = [
		spec.event === null ? 'any_event' : `NOT any_event AND ${event} = ${literal(spec.event)}`,
		days ? `day BETWEEN DATE ${literal(days.from)} AND DATE ${literal(days.to)}` : 'TRUE',
		...(users ? [`${ukey} IN (${users})`] : []),
		`first_t <= ${ts(latestUs)}`
	];
	const bounds = [...new Set(us.flatMap((x) => [x - h, x, x + h]))].sort((a, b) => a - b);
	const straddles = bounds.map((x) => `(lo <= ${ts(x)} AND hi > ${ts(x)})`).join(' OR ');
	const clean = us.flatMap((x, i) => [
		`CASE WHEN hi <= ${ts(x)} THEN n ELSE 0 END AS n${i}`,
		`CASE WHEN hi <= ${ts(x)} THEN hi END AS hi${i}`,
		`CASE WHEN lo > ${ts(x - h)} AND hi <= ${ts(x)} THEN n ELSE 0 END AS rn${i}`,
		`CASE WHEN lo > ${ts(x)} AND hi <= ${ts(x + h)} THEN n ELSE 0 END AS a${i}`
	]);
	const eventIs = spec.event === null ? '' : ` AND e.${event} = ${literal(spec.event)}`;
	return [
		`act AS (SELECT ${ukey} AS k, day AS d, min(first_t) AS lo, max(last_t) AS hi, sum(n)::INTEGER AS n FROM ${ident(ACTIVITY)} WHERE ${rows.join(' AND ')} GROUP BY ${ukey}, day)`,
		`split AS (SELECT k, d, lo, hi FROM act WHERE ${straddles})`,
		`days AS (SELECT k, d, lo, ${clean.join(', ')} FROM act WHERE NOT (${straddles})
	UNION ALL
	SELECT k, d, min(t) AS lo, ${perDay.join(', ')} FROM (
		SELECT s.k, s.d, s.lo AS row, e.${time} AS t FROM split s JOIN ${ident(EVENTS)} e
		ON e.${ukey} = s.k AND e.${time} BETWEEN s.lo AND s.hi AND CAST(e.${local} AS DATE) = s.d${eventIs}
	) WHERE epoch_us(t) <= ${latestUs} GROUP BY k, d, row)`
	];
}
