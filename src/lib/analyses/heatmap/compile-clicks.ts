/**
 * The click heatmap (SEMANTICS §7) as SQL. Pure; data and spec text reach SQL only through `ident` /
 * `literal`.
 *
 * The clicks are read out of `events` once per dataset and mapping into a click table (CLICK_TABLE, with
 * its pages in PAGE_TABLE), so that each heatmap after the first is a GROUP BY on numbers: no text to cast,
 * no URL to normalise, no sort of every click. Measured at 1M clicks under Node (docs/PERFORMANCE.md): the
 * cells from `events` took 0.9 s of CPU and the rage-click candidates 2.7 s (a window sort of every click);
 * from the click table, tens of milliseconds.
 */
import { ident, literal } from '../../sql/quote.ts';
import { C, EVENTS } from '../../sql/schema.ts';
import type { ScopeContext } from '../../sql/scope.ts';
import { heatmapRowsWhere, MOBILE_BELOW, pagesSql, TABLET_BELOW, VIEWPORT_BREAKS } from './compile-sql.ts';
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

/**
 * The click table: one row per row of `events` with both coordinates (the clicks), ordered by pid,
 * `__ukey`, ms, `__row`:
 *   ok BOOLEAN        usable: x ≥ 0, y ≥ 0, a viewport above 0, a page, numbers that read (else skipped)
 *   pid INTEGER       the page (PAGE_TABLE); NULL when not ok
 *   x, y, vw DOUBLE   pointer position and viewport width, pixels
 *   dcls TINYINT      device class (0 mobile, 1 tablet, 2 desktop): the device column's value where it names
 *                     one (any case), else by viewport width; NULL when not ok
 *   vb TINYINT        viewport bucket, the index of the first VIEWPORT_BREAKS bound above vw; NULL when not ok
 *   near BOOLEAN      ok, with a user and a time, and another such click of the same user on the same page
 *                     at most RAGE window ms before or after it: only these can be part of a rage click
 *   ms DOUBLE         `__time` as epoch ms
 *   __ukey, __local, __event, __row   as in `events`, so the scope's conditions apply unchanged
 */
export const CLICK_TABLE = '__heatmap_clicks';
/** The pages of the click table: pid INTEGER (0..), page VARCHAR (SEMANTICS §7), one row each. */
export const PAGE_TABLE = '__heatmap_pages';
/** Each URL's page and pid while the click table is built. */
const URL_TABLE = '__heatmap_urls';

const num = (col: string) => `TRY_CAST(${ident(col)} AS DOUBLE)`;
const hasXy = (m: ClickMapping) => `${ident(m.x)} IS NOT NULL AND ${ident(m.y)} IS NOT NULL`;

/**
 * What the click table was built from: its layout (bumped when its columns change), the identity of
 * `events` (its catalog oid) and the mapping.
 */
export function clickTableKey(m: ClickMapping, eventsOid: number, windowMs: number): string {
	return JSON.stringify({ layout: 2, oid: eventsOid, windowMs, ...m });
}

/** The query of the identity of `events` and the key the click table was built with (NULL when none). */
export function clickTableStateSql(): string {
	const oid = `(SELECT max(table_oid) FROM duckdb_tables() WHERE table_name = ${literal(EVENTS)})`;
	const key = `(SELECT max(comment) FROM duckdb_tables() WHERE table_name = ${literal(CLICK_TABLE)})`;
	return `SELECT CAST(${oid} AS DOUBLE) AS oid, CAST(${key} AS VARCHAR) AS key`;
}

/**
 * The statements that (re)build PAGE_TABLE and CLICK_TABLE for mapping `m`, in order. The click table is
 * dropped first and its key (a table comment) set last, so a build that stops half way is never taken
 * for a current one. `gx = floor(x × columns / viewport)` is computed later from x and vw, not from a
 * stored x / vw, so integer pixels land exactly as SEMANTICS' floor(x / viewport × columns) says.
 */
export function compileClickTable(m: ClickMapping, key: string, windowMs: number): string[] {
	const byWidth = (vw: string) =>
		`CASE WHEN ${vw} < ${MOBILE_BELOW} THEN 0 WHEN ${vw} < ${TABLET_BELOW} THEN 1 ELSE 2 END`;
	const dev = m.device ? `lower(trim(CAST(${ident(m.device)} AS VARCHAR)))` : null;
	const dcls = dev
		? `CASE dev WHEN 'mobile' THEN 0 WHEN 'tablet' THEN 1 WHEN 'desktop' THEN 2 ELSE ${byWidth('vw')} END`
		: byWidth('vw');
	const bucket = `CASE ${VIEWPORT_BREAKS.map((b, i) => `WHEN vw < ${b} THEN ${i}`).join(' ')} ELSE ${VIEWPORT_BREAKS.length} END`;
	const urls = `SELECT DISTINCT CAST(${ident(m.page)} AS VARCHAR) AS url FROM ${ident(EVENTS)}
		WHERE ${hasXy(m)} AND ${ident(m.page)} IS NOT NULL`;
	const [u, row, time, local, event] = [C.ukey, C.row, C.time, C.local, C.event].map(ident);
	const U = ident(URL_TABLE);
	return [
		`DROP TABLE IF EXISTS ${ident(CLICK_TABLE)}`,
		`CREATE OR REPLACE TABLE ${U} AS
		SELECT url, page, (dense_rank() OVER (ORDER BY page) - 1)::INTEGER AS pid FROM (${pagesSql(urls)})`,
		`CREATE OR REPLACE TABLE ${ident(PAGE_TABLE)} AS SELECT DISTINCT pid, page FROM ${U} ORDER BY pid`,
		`CREATE TABLE ${ident(CLICK_TABLE)} AS
		WITH raw AS (
			SELECT ${num(m.x)} AS x, ${num(m.y)} AS y, ${num(m.viewport)} AS vw, CAST(${ident(m.page)} AS VARCHAR) AS url,
				${dev ?? 'NULL'} AS dev, ${u}, ${row}, epoch_ms(${time})::DOUBLE AS ms, ${local}, ${event}
			FROM ${ident(EVENTS)} WHERE ${hasXy(m)}
		),
		clicks AS (
			SELECT *, coalesce(isfinite(x) AND isfinite(y) AND isfinite(vw) AND x >= 0 AND y >= 0 AND vw > 0 AND url IS NOT NULL, FALSE) AS ok
			FROM raw
		),
		paged AS (
			SELECT ok, CASE WHEN ok THEN p.pid END AS pid, x, y, vw, CASE WHEN ok THEN ${dcls} END::TINYINT AS dcls,
				ms, ${u}, ${local}, ${event}, ${row}
			FROM clicks c LEFT JOIN ${U} p ON p.url = c.url
		)
		SELECT ok, pid, x, y, vw, dcls, CASE WHEN ok THEN ${bucket} END::TINYINT AS vb,
			coalesce(ok AND ${u} IS NOT NULL AND ms IS NOT NULL AND (
				ms - lag(ms) OVER w <= ${windowMs} OR lead(ms) OVER w - ms <= ${windowMs}), FALSE) AS near,
			ms, ${u}, ${local}, ${event}, ${row}
		FROM paged
		WINDOW w AS (PARTITION BY pid, ${u} ORDER BY ms, ${row})
		ORDER BY pid, ${u}, ms, ${row}`,
		`DROP TABLE ${U}`,
		`COMMENT ON TABLE ${ident(CLICK_TABLE)} IS ${literal(key)}`
	];
}

/** The grid group of a click-table row as a small integer (labelled by `groupLabelSql`). */
function groupCodeSql(group: HeatmapSpec['group']): string {
	if (group === 'none') return '0';
	return group === 'device' ? 'dcls' : 'vb';
}

/**
 * Group code `g`'s place when the groups are ordered by label (`desktop` < `mobile` < `tablet`), so cells
 * ordered by it tie-break as they would by the label.
 */
function groupRankSql(labels: readonly string[]): string {
	const sorted = [...labels].sort();
	return `CASE g ${labels.map((l, i) => `WHEN ${i} THEN ${sorted.indexOf(l)}`).join(' ')} ELSE 0 END`;
}

/** Conditions on click-table rows: the spec's scope and event, and its page (`pid`, or none). */
function clickWhere(spec: HeatmapSpec, ctx: ScopeContext, pid: number | null): string {
	return `${heatmapRowsWhere(spec, ctx)}${spec.url === null ? '' : ` AND pid = ${pid ?? -1}`}`;
}

/** `kind` of the rows of `compileClickCells`. */
export const CELL_ROW = 0;
export const PAGE_ROW = 1;
export const SKIPPED_ROW = 2;

/**
 * One query over the click table, numbers only (read as typed arrays): `kind` CELL_ROW rows (pid, g, gx,
 * gy, clicks) for the spec's page (`pid`, looked up from PAGE_TABLE; -1 when it has no clicks) or every
 * page, the CELL_LIMIT + 1 most clicked, ties by page, group label, gy, gx (pids are numbered in page
 * order); PAGE_ROW rows (pid, clicks) for every page; one SKIPPED_ROW row (clicks = rows skipped).
 * `labels`: the group labels by code (device classes or viewport buckets). All columns DOUBLE.
 */
export function compileClickCells(
	spec: HeatmapSpec,
	ctx: ScopeContext,
	pid: number | null,
	labels: readonly string[]
): string {
	const n = spec.columns;
	const scope = heatmapRowsWhere(spec, ctx);
	// Grouped on the floored DOUBLEs, the last column's `least` applied to the grouped cells after: casting
	// or clamping a million values cost more than the grouping itself (measured at 1M clicks: 98 ms
	// against 183 ms with `least(…)::INTEGER` per click).
	return `WITH cells AS (
	SELECT pid, g, least(fx, ${n - 1}) AS gx, fy AS gy, sum(c) AS clicks FROM (
		SELECT pid, ${groupCodeSql(spec.group)} AS g, floor(x * ${n} / vw) AS fx, floor(y * ${n} / vw) AS fy, count(*) AS c
		FROM ${ident(CLICK_TABLE)} WHERE ok AND ${clickWhere(spec, ctx, pid)} GROUP BY ALL)
	GROUP BY ALL)
(SELECT ${CELL_ROW}::DOUBLE AS kind, pid::DOUBLE AS pid, g::DOUBLE AS g, gx, gy,
	clicks::DOUBLE AS clicks FROM cells ORDER BY clicks DESC, pid, ${groupRankSql(labels)}, gy, gx LIMIT ${CELL_LIMIT + 1})
UNION ALL
(SELECT ${PAGE_ROW}, pid, NULL, NULL, NULL, count(*) FROM ${ident(CLICK_TABLE)} WHERE ok AND ${scope} GROUP BY pid)
UNION ALL
(SELECT ${SKIPPED_ROW}, NULL, NULL, NULL, NULL, count(*) FROM ${ident(CLICK_TABLE)} WHERE NOT ok AND ${scope})`;
}

/**
 * The usable clicks that may be part of a rage click (SEMANTICS §7), for rage.ts: the click table's `near`
 * rows in the spec's scope. `near` was found over every click of the dataset, so in a narrower scope it
 * may keep a click whose neighbour is out of scope: a superset of the candidates, which leaves the bursts
 * unchanged (a click with no neighbour within the window can neither start nor join one). Columns: pid,
 * g (group code), u, ms, x, y, gx, gy; ordered by pid, u, time, `__row`.
 */
export function compileRageCandidates(spec: HeatmapSpec, ctx: ScopeContext, pid: number | null): string {
	const n = spec.columns;
	return `SELECT pid, ${groupCodeSql(spec.group)}::INTEGER AS g, ${ident(C.ukey)} AS u, ms, x, y,
		least(floor(x * ${n} / vw), ${n - 1})::DOUBLE AS gx, floor(y * ${n} / vw)::DOUBLE AS gy
	FROM ${ident(CLICK_TABLE)} WHERE near AND ${clickWhere(spec, ctx, pid)}
	ORDER BY pid, u, ms, ${ident(C.row)}`;
}
