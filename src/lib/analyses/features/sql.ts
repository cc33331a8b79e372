/**
 * The feature table as SQL (SEMANTICS §8), pure: one row per user of `events` in the scope, ordered by user
 * key, one DOUBLE column `f0`, `f1`… per feature, plus `ok` (every feature has a finite value). Column and
 * event names reach the SQL only through `ident` / `literal`.
 */
import { ident, literal } from '../../sql/quote.ts';
import { C, EVENTS } from '../../sql/schema.ts';
import type { Feature } from './spec.ts';
import { ZERO_AGGS } from './spec.ts';

const DAY_MS = 86_400_000;

/** What the feature SQL needs of the loaded dataset. */
export interface FeatureSqlContext {
	/** Conditions on `events` rows for the scope (scopeWhereSql), `TRUE` for all rows. */
	where: string;
	/** The last event time in the data, UTC ms: recency is measured to this plus one day. */
	lastEventMs: number | null;
}

function rowsOf(f: Feature): string {
	return f.event === null ? '' : ` FILTER (WHERE ${ident(C.event)} = ${literal(f.event)})`;
}

function rowsWith(f: Feature, col: string): string {
	const event = f.event === null ? '' : ` AND ${ident(C.event)} = ${literal(f.event)}`;
	return ` FILTER (WHERE ${col} IS NOT NULL${event})`;
}

/** One feature's aggregate over a user's rows of `e` (a DOUBLE, NULL when the user has no value). */
function aggregate(f: Feature, ctx: FeatureSqlContext, i: number): string {
	const col = f.column === null ? '' : ident(f.column);
	const num = `CAST(${col} AS DOUBLE)`;
	switch (f.agg) {
		case 'count':
			return `count(*)${rowsOf(f)}`;
		case 'sum':
		case 'avg':
		case 'min':
		case 'max':
			return `${f.agg}(${num})${rowsOf(f)}`;
		case 'distinct':
			return `count(DISTINCT ${col})${rowsOf(f)}`;
		case 'first':
		case 'last': {
			const dir = f.agg === 'first' ? 'ASC' : 'DESC';
			const order = `${ident(C.time)} ${dir} NULLS LAST, ${ident(C.row)} ${dir}`;
			return `first(${num} ORDER BY ${order})${rowsWith(f, col)}`;
		}
		case 'recency_days': {
			const asOf = (ctx.lastEventMs ?? 0) + DAY_MS;
			return `floor((${asOf} - epoch_ms(max(${ident(C.time)})${rowsOf(f)})) / ${DAY_MS})`;
		}
		case 'active_days':
			return `count(DISTINCT CAST(${ident(C.local)} AS DATE))${rowsOf(f)}`;
		case 'sessions':
			return `count(DISTINCT ${ident(C.session)})${rowsOf(f)}`;
		case 'session_length':
			return `any_value(s${i}.v)`;
	}
}

/**
 * Per-user mean session duration in seconds over the scope's rows (of the feature's event): a session's
 * duration is its last minus first event time within those rows.
 */
function sessionLengthJoin(f: Feature, i: number): string {
	const event = f.event === null ? '' : ` AND ${ident(C.event)} = ${literal(f.event)}`;
	const t = ident(C.time);
	const inner =
		`SELECT ${ident(C.ukey)} AS k, ${ident(C.session)} AS s, ` +
		`(epoch_ms(max(${t})) - epoch_ms(min(${t}))) / 1000.0 AS d FROM e ` +
		`WHERE ${ident(C.session)} IS NOT NULL${event} GROUP BY ALL`;
	return ` LEFT JOIN (SELECT k, avg(d) AS v FROM (${inner}) GROUP BY k) s${i} ON s${i}.k = e.${ident(C.ukey)}`;
}

/**
 * The feature table: `__user` (text id), `f0…` (DOUBLE) and `ok`, one row per user with a row in the scope,
 * by user key. Count-like features (`ZERO_AGGS`) are 0 for a user without a counted row; the others are
 * NULL there, and `ok` is false for a user with any NULL or non-finite feature.
 */
export function featureTableSql(features: readonly Feature[], ctx: FeatureSqlContext): string {
	const cols = features.map((f, i) => {
		const value = `CAST(${aggregate(f, ctx, i)} AS DOUBLE)`;
		return `${ZERO_AGGS.includes(f.agg) ? `coalesce(${value}, 0)` : value} AS f${i}`;
	});
	const joins = features.map((f, i) => (f.agg === 'session_length' ? sessionLengthJoin(f, i) : '')).join('');
	const ok = features.map((_, i) => `coalesce(isfinite(f${i}), false)`).join(' AND ');
	const e = `SELECT * FROM ${ident(EVENTS)} WHERE ${ident(C.user)} IS NOT NULL AND (${ctx.where})`;
	return (
		`WITH e AS (${e}), t AS (SELECT e.${ident(C.ukey)} AS k, any_value(e.${ident(C.user)}) AS ${ident(C.user)}, ` +
		`${cols.join(', ')} FROM e${joins} GROUP BY e.${ident(C.ukey)}) ` +
		`SELECT ${ident(C.user)}, ${features.map((_, i) => `f${i}`).join(', ')}, ${ok} AS ok FROM t ORDER BY k`
	);
}
