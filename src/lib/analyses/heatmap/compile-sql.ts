/**
 * SQL pieces the heatmap types share: the rows a heatmap reads (event, date range, segment) and the page of a
 * URL (SEMANTICS §7). Pure; data and spec text reach SQL only through `ident` / `literal`.
 */
import { ident, literal } from '../../sql/quote.ts';
import { C } from '../../sql/schema.ts';
import { scopeWhereSql, type ScopeContext } from '../../sql/scope.ts';
import type { HeatmapSpec } from './spec.ts';

/** Conditions on `events` rows: the spec's event name, date range and segment, ANDed. */
export function heatmapRowsWhere(spec: HeatmapSpec, ctx: ScopeContext): string {
	const parts = [scopeWhereSql(spec, ctx)];
	if (spec.event !== null) parts.push(`${ident(C.event)} = ${literal(spec.event)}`);
	return parts.join(' AND ');
}

/**
 * A query of `url` and its `page` (SEMANTICS §7) over `source`, a query with a VARCHAR column `url`: the
 * scheme, query string and fragment dropped, the host lower-cased (the path keeps its case: paths are
 * case-sensitive on the web), a trailing slash dropped except for the root, so
 * `https://Shop.example/Cart/?a=1#top` is `shop.example/Cart` and `https://shop.example` is `shop.example/`.
 * A value that starts with `/` is a path without host. Run it over distinct URLs: it is regex work.
 */
export function pagesSql(source: string): string {
	const rest = `regexp_extract(regexp_replace(trim(url), '^[A-Za-z][A-Za-z0-9+.-]*://', ''), '^[^?#]*')`;
	return `SELECT url, CASE WHEN s LIKE '/%' THEN '' ELSE lower(h) END
		|| coalesce(nullif(rtrim(CASE WHEN s LIKE '/%' THEN s ELSE substr(s, length(h) + 1) END, '/'), ''), '/') AS page
	FROM (SELECT url, s, regexp_extract(s, '^[^/]*') AS h FROM (SELECT url, ${rest} AS s FROM (${source})))`;
}

/** Upper bounds (exclusive) of the viewport-width buckets of `group: "viewport"`, pixels. */
export const VIEWPORT_BREAKS = [480, 768, 1024, 1280, 1440, 1920] as const;

/** Viewport width below which a click counts as mobile, then tablet (SEMANTICS §7). */
export const MOBILE_BELOW = 768;
export const TABLET_BELOW = 1024;

/** The label of a viewport bucket: `1024-1279`, `1920+`. */
export function viewportBucketLabel(i: number): string {
	const lo = i === 0 ? 0 : VIEWPORT_BREAKS[i - 1];
	return i === VIEWPORT_BREAKS.length ? `${lo}+` : `${lo}-${VIEWPORT_BREAKS[i] - 1}`;
}

/**
 * The group of a click as SQL over the DOUBLE viewport width `vw` and, for `device`, the VARCHAR device-type
 * expression `dev` (null when no device column is mapped): the device column's value when it is
 * mobile/tablet/desktop in any case, else the class of the viewport width.
 */
export function groupSql(group: HeatmapSpec['group'], vw: string, dev: string | null): string {
	if (group === 'none') return `'all'`;
	if (group === 'viewport') {
		const arms = VIEWPORT_BREAKS.map((b, i) => `WHEN ${vw} < ${b} THEN ${literal(viewportBucketLabel(i))}`);
		return `CASE ${arms.join(' ')} ELSE ${literal(viewportBucketLabel(VIEWPORT_BREAKS.length))} END`;
	}
	const byWidth = `CASE WHEN ${vw} < ${MOBILE_BELOW} THEN 'mobile' WHEN ${vw} < ${TABLET_BELOW} THEN 'tablet' ELSE 'desktop' END`;
	if (!dev) return byWidth;
	const d = `lower(trim(${dev}))`;
	return `CASE WHEN ${d} IN ('mobile', 'tablet', 'desktop') THEN ${d} ELSE ${byWidth} END`;
}
