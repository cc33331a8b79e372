/**
 * The click heatmap (SEMANTICS §7) as SQL: grid cells per page and group, pages, skipped rows, and the
 * clicks that may belong to a rage click. Pure.
 */
import { ident, literal } from '../../sql/quote.ts';
import { C, EVENTS } from '../../sql/schema.ts';
import type { ScopeContext } from '../../sql/scope.ts';
import { groupSql, heatmapRowsWhere, pagesSql } from './compile-sql.ts';
import type { HeatmapSpec } from './spec.ts';

/** The columns a click heatmap reads, after guessing. */
export interface ClickMapping {
	x: string;
	y: string;
	viewport: string;
	page: string;
	device: string | null;
}

/** Cells a result holds at most (the most clicked); more are dropped and the result says `truncated`. */
export const CELL_LIMIT = 50_000;

const num = (col: string) => `TRY_CAST(${ident(col)} AS DOUBLE)`;

/**
 * Rows with both coordinates (the clicks) and whether each is usable: x ≥ 0, y ≥ 0, a viewport above 0, a
 * page, numbers that read. Columns: url, ok, x, y, vw, grp, gx, gy, u (`__ukey`), who (`__user`), r (`__row`), t (`__time`).
 * x ≥ viewport falls in the last column; `gx = floor(x × columns / viewport)` is SEMANTICS' floor(x /
 * viewport × columns) with one rounding instead of two, so integer pixels land exactly.
 */
function clicksCte(spec: HeatmapSpec, m: ClickMapping, ctx: ScopeContext): string {
	const n = spec.columns;
	const dev = m.device && spec.group === 'device' ? `CAST(${ident(m.device)} AS VARCHAR)` : null;
	return `raw AS (
	SELECT ${num(m.x)} AS x, ${num(m.y)} AS y, ${num(m.viewport)} AS vw, CAST(${ident(m.page)} AS VARCHAR) AS url,
		${dev ?? 'NULL'} AS dev, ${ident(C.ukey)} AS u, ${ident(C.user)} AS who, ${ident(C.row)} AS r, ${ident(C.time)} AS t
	FROM ${ident(EVENTS)}
	WHERE ${ident(m.x)} IS NOT NULL AND ${ident(m.y)} IS NOT NULL AND ${heatmapRowsWhere(spec, ctx)}
),
clicks AS (
	SELECT *, coalesce(isfinite(x) AND isfinite(y) AND isfinite(vw) AND x >= 0 AND y >= 0 AND vw > 0 AND url IS NOT NULL, FALSE) AS ok
	FROM raw
),
graded AS (
	SELECT url, ok, x, y, vw, u, who, r, t,
		CASE WHEN ok THEN ${groupSql(spec.group, 'vw', dev ? 'dev' : null)} END AS grp,
		CASE WHEN ok THEN least(CAST(floor(x * ${n} / vw) AS BIGINT), ${n - 1}) END AS gx,
		CASE WHEN ok THEN CAST(floor(y * ${n} / vw) AS BIGINT) END AS gy
	FROM clicks
),
pages AS (${pagesSql(`SELECT DISTINCT url FROM clicks WHERE ok`)})`;
}

/**
 * One query: `kind` 'cell' rows (page, grp, gx, gy, clicks) for the spec's page or every page, the
 * CELL_LIMIT + 1 most clicked; 'page' rows (page, clicks) for every page; one 'skipped' row (clicks =
 * rows skipped). Clicks are first counted per raw URL, and only the distinct URLs go through the page rule.
 */
export function compileClickCells(spec: HeatmapSpec, m: ClickMapping, ctx: ScopeContext): string {
	const only = spec.url === null ? 'TRUE' : `p.page = ${literal(spec.url)}`;
	return `WITH ${clicksCte(spec, m, ctx)},
by_url AS MATERIALIZED (SELECT url, ok, grp, gx, gy, count(*) AS n FROM graded GROUP BY ALL),
cells AS (
	SELECT p.page, b.grp, b.gx, b.gy, sum(b.n) AS clicks
	FROM by_url b JOIN pages p USING (url) WHERE b.ok AND ${only} GROUP BY ALL
)
(SELECT 'cell' AS kind, page, grp, gx, gy, CAST(clicks AS BIGINT) AS clicks FROM cells
	ORDER BY clicks DESC, page, grp, gy, gx LIMIT ${CELL_LIMIT + 1})
UNION ALL
(SELECT 'page', p.page, NULL, NULL, NULL, CAST(sum(b.n) AS BIGINT) FROM by_url b JOIN pages p USING (url)
	WHERE b.ok GROUP BY p.page)
UNION ALL
(SELECT 'skipped', NULL, NULL, NULL, NULL, CAST(coalesce(sum(n), 0) AS BIGINT) FROM by_url WHERE NOT ok)`;
}

/**
 * The usable clicks that may be part of a rage click (SEMANTICS §7), for rage.ts: those of a user (rows
 * without one cannot be told apart) whose previous or next click by the same user on the same page came at
 * most `windowMs` apart. A burst is a run of such clicks, so no click outside this set can belong to one.
 * Columns: page, grp, user, u, ms (epoch ms, DOUBLE), x, y, gx, gy; ordered by page, u, time, `__row`.
 */
export function compileRageCandidates(
	spec: HeatmapSpec,
	m: ClickMapping,
	ctx: ScopeContext,
	windowMs: number
): string {
	const only = spec.url === null ? 'TRUE' : `page = ${literal(spec.url)}`;
	return `WITH ${clicksCte(spec, m, ctx)},
paged AS (
	SELECT p.page, g.grp, g.u, g.who, g.r, epoch_ms(g.t) AS ms, g.x, g.y, g.gx, g.gy
	FROM graded g JOIN pages p USING (url) WHERE g.ok AND g.u IS NOT NULL AND g.t IS NOT NULL
),
kept AS (SELECT * FROM paged WHERE ${only}),
gaps AS (
	SELECT *, ms - lag(ms) OVER w AS before, lead(ms) OVER w - ms AS after
	FROM kept WINDOW w AS (PARTITION BY page, u ORDER BY ms, r)
)
SELECT page, grp, who AS user, u, CAST(ms AS DOUBLE) AS ms, x, y, gx, gy
FROM gaps WHERE before <= ${windowMs} OR after <= ${windowMs}
ORDER BY page, u, ms, r`;
}
