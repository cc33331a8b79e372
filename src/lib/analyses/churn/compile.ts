/**
 * The SQL of the churn analysis (SEMANTICS §8), pure: the data's bounds, and each user's features at a cut
 * from the events at or before it only, with the label from the horizon after it.
 */
import { C, EVENTS } from '../../sql/schema.ts';
import { eventRefSql } from '../../sql/filters.ts';
import { ident } from '../../sql/quote.ts';
import { dateRangeSql, resolveDateRange, segmentUsers, type ScopeContext } from '../../sql/scope.ts';
import { parseValueExpr, valueExprSql, ValueExprError } from '../../sql/value-expr.ts';
import { SpecError } from '../../spec/check.ts';
import type { ChurnSpec } from './spec.ts';

const DAY_US = 86_400_000_000;

/** What the feature SQL needs beyond the scope: the session rule of the dataset. */
export interface ChurnSqlContext extends ScopeContext {
	/** Inactivity gap that splits sessions, minutes (SEMANTICS §7). */
	sessionGapMinutes: number;
	/** The export's own session id column, used instead of the gap rule when mapped. */
	sessionColumn: string | null;
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
	const session = ctx.sessionColumn
		? `CAST(${ident(ctx.sessionColumn)} AS VARCHAR) AS sid`
		: `coalesce(epoch_us(${time}) - epoch_us(lag(${time}) OVER (PARTITION BY ${ukey} ORDER BY ${time}, ${row})) > ${gapUs}, TRUE) AS starts`;
	const sessions = ctx.sessionColumn
		? (T: string) => `count(DISTINCT sid) FILTER (WHERE t <= ${T})`
		: (T: string) => `count(*) FILTER (WHERE t <= ${T} AND starts)`;
	const parts = cuts.map((c, i) => {
		const T = `make_timestamp(${Math.round(c.atMs) * 1000})`;
		return `SELECT ${i} AS cut, k,${withIds ? ' any_value(u) AS id,' : ''}
	CAST((epoch_us(${T}) - epoch_us(max(t) FILTER (WHERE t <= ${T}))) / ${DAY_US} AS DOUBLE) AS recency_days,
	CAST((epoch_us(${T}) - epoch_us(min(t) FILTER (WHERE t <= ${T}))) / ${DAY_US} AS DOUBLE) AS tenure_days,
	CAST(count(*) FILTER (WHERE t <= ${T}) AS DOUBLE) AS events,
	CAST(count(DISTINCT d) FILTER (WHERE t <= ${T}) AS DOUBLE) AS active_days,
	CAST(${sessions(T)} AS DOUBLE) AS sessions,
	CAST(count(*) FILTER (WHERE epoch_us(t) > epoch_us(${T}) - ${h} AND t <= ${T}) AS DOUBLE) AS recent_events,
	CAST(coalesce(sum(v) FILTER (WHERE t <= ${T}), 0) AS DOUBLE) AS monetary,
	CAST(count(*) FILTER (WHERE t > ${T}) > 0 AS DOUBLE) AS active_after
FROM ev WHERE epoch_us(t) <= epoch_us(${T}) + ${h}
GROUP BY k HAVING count(*) FILTER (WHERE t <= ${T}) > 0`;
	});
	return `WITH ev AS MATERIALIZED (
	SELECT ${ukey} AS k,${withIds ? ` ${user} AS u,` : ''} ${time} AS t, CAST(${local} AS DATE) AS d,
		CAST(${moneySql(spec, ctx.columns)} AS DOUBLE) AS v, ${session}
	FROM ${ident(EVENTS)} WHERE ${keepSql(spec, ctx)}
)
${parts.join('\nUNION ALL\n')}
ORDER BY cut, k`;
}
