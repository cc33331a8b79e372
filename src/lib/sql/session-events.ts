/**
 * Each session's events in order, as lists: what paths read instead of sorting a million events per query.
 *
 * `event_names` (built once per dataset by engine/session-events.ts, or in a query for another naming column):
 *   code INTEGER    1..n without gaps, in name order
 *   name VARCHAR    a distinct non-NULL value of the naming expression on the rows that have a session
 *
 * `session_events`, one row per session (SEMANTICS §7) with at least one event:
 *   __session INTEGER, __ukey INTEGER
 *   codes INTEGER[]         each event's `event_names.code` (NULL where the name is NULL), in event order
 *   locals TIMESTAMP[]      each event's `__local`, in the same order (the date range is a filter on these)
 *   steps INTEGER[]         `codes` without its NULLs, each run of equal codes kept once (collapsedSql): a
 *                           path's steps when names are neither cleaned nor excluded and every date counts;
 *                           only in the built table (engine/session-events.ts), not in sessionEventsSql
 *
 * Event order is (`__time`, `__row`), as everywhere. Measured at a million events under WASM (Node, CPU
 * time, loaded machine): the window over `__session` ordered by time that paths used to run on every query
 * cost about 0.5 s alone; building these lists once costs about the same, and mapping every list through the
 * cleaned names about 0.06-0.1 s per query.
 */
import { ident } from './quote.ts';
import { C, EVENTS } from './schema.ts';

export const SESSION_EVENTS = 'session_events';
export const EVENT_NAMES = 'event_names';

/** The `event_names` rows for the naming expression `value` (SQL over `events`, NULL for "no name"). */
export function eventNamesSql(value: string): string {
	return `SELECT (row_number() OVER (ORDER BY name))::INTEGER AS code, name
FROM (SELECT DISTINCT ${value} AS name FROM ${ident(EVENTS)} WHERE ${ident(C.session)} IS NOT NULL AND ${value} IS NOT NULL)`;
}

/**
 * The `session_events` rows for the naming expression `value`, its codes read from the relation `names`; only
 * the events matching the SQL condition `where` (on `events`' columns, such as a range of `__ukey`: a session
 * is one user's, so a range of users holds whole sessions).
 */
export function sessionEventsSql(value: string, names: string, where = 'true'): string {
	const [s, u, t, r, l] = [C.session, C.ukey, C.time, C.row, C.local].map(ident);
	// The name is computed before the join, so a data column called `name` or `code` cannot be mistaken.
	return `SELECT ${s}, ${u}, list_transform(x, e -> e.c) AS codes, list_transform(x, e -> e.l) AS locals
FROM (
	SELECT e.${s}, any_value(e.${u}) AS ${u}, list_sort(list({t: e.${t}, r: e.${r}, c: n.code, l: e.${l}})) AS x
	FROM (SELECT ${s}, ${u}, ${t}, ${r}, ${l}, ${value} AS v FROM ${ident(EVENTS)} WHERE ${s} IS NOT NULL AND (${where})) e
	LEFT JOIN ${names} n ON n.name = e.v
	GROUP BY e.${s}
)`;
}

/**
 * SQL of the list column `list` with each run of equal values kept once (SEMANTICS §7: repeated identical
 * consecutive events collapse). `list` must be a column: the lambda reads its previous element.
 */
export function collapsedSql(list: string): string {
	return `list_filter(${list}, (x, i) -> i = 1 OR ${list}[i - 1] <> x)`;
}
