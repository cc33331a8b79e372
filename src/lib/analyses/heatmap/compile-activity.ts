import { ident } from '../../sql/quote.ts';
import { C, EVENTS } from '../../sql/schema.ts';
import type { ScopeContext } from '../../sql/scope.ts';
import { heatmapRowsWhere } from './compile-sql.ts';
import type { HeatmapSpec } from './spec.ts';

/**
 * The activity heatmap (SEMANTICS §7) as one query: events and distinct users per ISO weekday (Monday = 1)
 * and hour of `__local`, the wall clock in the dataset's time zone, so a DST change moves no event to a
 * wrong hour (the repeated autumn hour counts in that hour twice over, the skipped spring hour stays
 * empty). Every one of the 168 cells, zeros included. Columns: weekday, hour (INTEGER), events, users
 * (BIGINT); ordered by weekday, hour.
 */
export function compileActivity(spec: HeatmapSpec, ctx: ScopeContext): string {
	const local = ident(C.local);
	return `WITH counts AS (
	SELECT isodow(${local}) AS weekday, hour(${local}) AS hour, count(*) AS events, count(DISTINCT ${ident(C.ukey)}) AS users
	FROM ${ident(EVENTS)} WHERE ${local} IS NOT NULL AND ${heatmapRowsWhere(spec, ctx)}
	GROUP BY ALL
)
SELECT CAST(d.weekday AS INTEGER) AS weekday, CAST(h.hour AS INTEGER) AS hour,
	CAST(coalesce(c.events, 0) AS BIGINT) AS events, CAST(coalesce(c.users, 0) AS BIGINT) AS users
FROM range(1, 8) AS d(weekday) CROSS JOIN range(0, 24) AS h(hour)
LEFT JOIN counts c ON c.weekday = d.weekday AND c.hour = h.hour
ORDER BY weekday, hour`;
}
