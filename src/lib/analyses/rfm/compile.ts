import { C, EVENTS } from '../../sql/schema.ts';
import { eventRefSql } from '../../sql/filters.ts';
import { ident, literal } from '../../sql/quote.ts';
import { dateRangeSql, resolveDateRange, segmentUsers, type ScopeContext } from '../../sql/scope.ts';
import { parseValueExpr, valueExprSql, ValueExprError } from '../../sql/value-expr.ts';
import { SpecError } from '../../spec/check.ts';
import { frequencyColumn, parseInstant, type RfmSpec } from './spec.ts';

const DAY_MICROS = 86_400_000_000;

/**
 * The bin (1..b) of `v` against quantile edges `e` (a DOUBLE[] of b + 1 values, 1-based): bin i when
 * e[i] < v <= e[i+1] in SEMANTICS §5's terms, the lowest bin taking the minimum. Edges never decrease, so
 * the bin is 1 plus the number of inner edges below v; equal values always share a bin.
 */
function binSql(v: string, e: string, bins: number): string {
	const inner = Array.from({ length: bins - 1 }, (_, i) => `CAST(${e}[${i + 2}] < ${v} AS INTEGER)`);
	return `(1 + ${inner.join(' + ')})`;
}

/**
 * SEMANTICS §5 as one query. Counted events: rows with a user and a time, of `spec.event` and its `where`
 * filters, in the date range, at or before `asOf` (SEMANTICS §1b; events after `asOf` are left out, as
 * `lifetimes`' observation_period_end does); only the segment's users are scored. Per user: recency = whole
 * days from the last counted event to `asOf` (floor, in exact microseconds), frequency = rows or distinct
 * non-empty values of a column, monetary = the sum of the value expression (rows where it is empty or not
 * a number add nothing; a user with none has 0). `asOf` defaults to the last event in the date range (of any
 * user and any event: the end of the data) plus one day (24 h).
 *
 * Edges: `quantile_cont` at 0, 1/b, …, 1 (linear interpolation, numpy's default) over the scored users.
 * Recency bins are reversed: the most recent users score b.
 *
 * Result rows, told apart by `kind`: one `meta` row (asof as ISO text; er, ef, em: the edges) and one `cell`
 * row per score code (r, f, m, n users, sums of recency, frequency, monetary), in no set order. With
 * `perUser`, also one `user` row per user (user key and id, measures, scores), and the rows are ordered by
 * kind and user key, so users come last, in id order (`__ukey` follows the ids). The ids and that ordering
 * cost about a third of the run at a million events, hence only then. An `asOf` counts to the millisecond.
 *
 * Throws SpecError (at analysis.monetary) when the value expression is not valid for the data's columns.
 */
export function compileRfm(spec: RfmSpec, ctx: ScopeContext): string {
	const [ukey, user, time] = [C.ukey, C.user, C.time].map(ident);
	const b = spec.bins;
	let money: string;
	try {
		money = valueExprSql(parseValueExpr(spec.monetary, ctx.columns));
	} catch (e) {
		if (e instanceof ValueExprError)
			throw new SpecError('analysis.monetary', `analysis.monetary: ${e.message}`);
		throw e;
	}
	const days = resolveDateRange(spec.dateRange, ctx);
	const inRange = dateRangeSql(days);
	const asOf =
		spec.asOf === null
			? `(SELECT max(${time}) FROM ${ident(EVENTS)} WHERE ${inRange}) + INTERVAL 1 DAY`
			: `make_timestamp(${Math.round(parseInstant(spec.asOf) * 1000)})`;
	const col = frequencyColumn(spec.frequency);
	const freq = col ? `count(DISTINCT ${ident(col)})` : 'count(*)';
	const users = segmentUsers(spec, ctx);
	const keep = [
		`${ukey} IS NOT NULL`,
		`${time} IS NOT NULL`,
		`coalesce(${eventRefSql({ event: spec.event, where: spec.where })}, FALSE)`,
		inRange,
		`${time} <= (SELECT t FROM as_of)`,
		...(users ? [`${ukey} IN (${users})`] : [])
	];
	const qs = Array.from({ length: b + 1 }, (_, i) => literal(i / b)).join(', ');
	const q = (x: string) => `quantile_cont(CAST(${x} AS DOUBLE), [${qs}])`;
	return `WITH as_of AS MATERIALIZED (SELECT ${asOf} AS t),
per_user AS MATERIALIZED (
	SELECT ${ukey} AS k,${spec.perUser ? ` any_value(${user}) AS id,` : ''}
		CAST((epoch_us((SELECT t FROM as_of)) - epoch_us(max(${time}))) // ${DAY_MICROS} AS DOUBLE) AS recency,
		CAST(${freq} AS DOUBLE) AS frequency,
		CAST(coalesce(sum(${money}), 0) AS DOUBLE) AS monetary
	FROM ${ident(EVENTS)} WHERE ${keep.join(' AND ')} GROUP BY ${ukey}
),
edges AS MATERIALIZED (SELECT ${q('recency')} AS er, ${q('frequency')} AS ef, ${q('monetary')} AS em FROM per_user),
scored AS MATERIALIZED (
	SELECT p.*, ${b + 1} - ${binSql('p.recency', 'e.er', b)} AS r, ${binSql('p.frequency', 'e.ef', b)} AS f,
		${binSql('p.monetary', 'e.em', b)} AS m
	FROM per_user p, edges e
)
SELECT 'meta' AS kind, strftime((SELECT t FROM as_of), '%Y-%m-%dT%H:%M:%S.%fZ') AS asof, er, ef, em,
	NULL::INTEGER AS r, NULL::INTEGER AS f, NULL::INTEGER AS m, NULL::BIGINT AS n, NULL::INTEGER AS k, NULL::VARCHAR AS id,
	NULL::DOUBLE AS recency, NULL::DOUBLE AS frequency, NULL::DOUBLE AS monetary
FROM edges
UNION ALL
SELECT 'cell', NULL, NULL, NULL, NULL, r, f, m, count(*), NULL, NULL, sum(recency), sum(frequency), sum(monetary)
FROM scored GROUP BY r, f, m
${
	spec.perUser
		? `UNION ALL
SELECT 'user', NULL, NULL, NULL, NULL, r, f, m, NULL, k, id, recency, frequency, monetary FROM scored`
		: ''
}
${spec.perUser ? 'ORDER BY kind, k' : ''}`;
}
