import { ident } from '../../sql/quote.ts';
import { C, EVENTS } from '../../sql/schema.ts';
import type { ScopeContext } from '../../sql/scope.ts';
import { heatmapRowsWhere, pagesSql } from './compile-sql.ts';
import type { HeatmapSpec } from './spec.ts';

/** Depth steps of the scroll chart, percent (SEMANTICS §7: each 10 % step). */
export const SCROLL_STEPS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] as const;

/**
 * Scroll depth (SEMANTICS §7) as one query. The depth column is read as fractions when no value of the
 * whole column (every event, whatever the spec keeps) is above 1, else as percent. A pageview is (user,
 * session, page), its depth the largest value (fractions × 100 rounded to 9 decimals, so 0.6 reaches 60 %); a row without a user is a pageview of its own. Values outside
 * 0-100 % after scaling, and unreadable ones, are skipped. Rows: kind 'step' (page, pageviews, depth,
 * reached: pageviews whose maximum is at least `depth`), ordered by pageviews descending, page, depth;
 * and one kind 'meta' row (skipped, fractions).
 */
export function compileScroll(spec: HeatmapSpec, depth: string, page: string, ctx: ScopeContext): string {
	const d = `TRY_CAST(${ident(depth)} AS DOUBLE)`;
	return `WITH scale AS (
	SELECT coalesce(max(${d}) FILTER (WHERE isfinite(${d})), 0) <= 1 AND count(${d}) > 0 AS fractions FROM ${ident(EVENTS)}
),
raw AS (
	SELECT CASE WHEN scale.fractions THEN round(${d} * 100, 9) ELSE ${d} END AS pct, CAST(${ident(page)} AS VARCHAR) AS url,
		${ident(C.ukey)} AS u, CASE WHEN ${ident(C.ukey)} IS NULL THEN -1 - ${ident(C.row)} ELSE ${ident(C.session)} END AS s
	FROM ${ident(EVENTS)}, scale
	WHERE ${ident(depth)} IS NOT NULL AND ${heatmapRowsWhere(spec, ctx)}
),
ok AS (SELECT * FROM raw WHERE coalesce(isfinite(pct) AND pct >= 0 AND pct <= 100 AND url IS NOT NULL, FALSE)),
pages AS (${pagesSql('SELECT DISTINCT url FROM ok')}),
views AS (SELECT p.page, o.u, o.s, max(o.pct) AS m FROM ok o JOIN pages p USING (url) GROUP BY ALL),
steps AS (
	SELECT v.page, st.depth, count(*) AS pageviews, count(*) FILTER (WHERE v.m >= st.depth) AS reached
	FROM views v CROSS JOIN range(0, 101, 10) AS st(depth) GROUP BY ALL
)
SELECT 'step' AS kind, page, CAST(pageviews AS BIGINT) AS pageviews, CAST(depth AS INTEGER) AS depth,
	CAST(reached AS BIGINT) AS reached, NULL::BIGINT AS skipped, NULL::BOOLEAN AS fractions
FROM steps
UNION ALL
SELECT 'meta', NULL, NULL, NULL, NULL, (SELECT count(*) FROM raw) - (SELECT count(*) FROM ok), (SELECT fractions FROM scale)
ORDER BY kind DESC, pageviews DESC, page, depth`;
}
