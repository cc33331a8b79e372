import { C, USERS } from '../../sql/schema.ts';
import { ident, literal, literalList } from '../../sql/quote.ts';
import { dateRangeSql, resolveDateRange, segmentUsers, type ScopeContext } from '../../sql/scope.ts';
import {
	collapsedSql,
	EVENT_NAMES,
	eventNamesSql,
	SESSION_EVENTS,
	sessionEventsSql
} from '../../sql/session-events.ts';
import type { CleaningRule, PathsSpec } from './spec.ts';

/** RE2 for a wildcard pattern: `*` is any run of characters (newlines too), everything else is literal. */
export function wildcardRegex(pattern: string): string {
	const escape = (s: string) => s.replace(/[\\.+*?()|[\]{}^$]/g, (c) => `\\${c}`);
	return `^${pattern.split('*').map(escape).join('(?s:.*)')}$`;
}

/** `alias` as an RE2 rewrite that means exactly its text (a backslash would start a group reference). */
function literalRewrite(alias: string): string {
	return alias.replaceAll('\\', '\\\\');
}

/** A node name after one cleaning rule; `x` appears once, so rules nest without growing exponentially. */
function cleanSql(x: string, rule: CleaningRule): string {
	if ('wildcard' in rule)
		return `regexp_replace(${x}, ${literal(wildcardRegex(rule.wildcard))}, ${literal(literalRewrite(rule.wildcard))})`;
	return `regexp_replace(${x}, ${literal(rule.regex)}, ${literal(literalRewrite(rule.alias))}, 'g')`;
}

/**
 * SEMANTICS §7 paths as one query over `session_events` (sql/session-events.ts: each session's events in
 * order, built once per dataset), or over the same lists built here when steps are named by `column`.
 *
 * 1. Each distinct name (the event name, or the value of `column`) is cleaned, rules applied in order; names
 *    in `exclude` are then dropped, as if those events had not happened. Cleaned names get ids in name order,
 *    so every later step compares integers; an event outside the date range is dropped too.
 * 2. Per session, in event order (`__time`, then file order): forward, the path begins at the session's first
 *    `startEvent` (or its first event); backward, it ends at the session's first `endEvent`. Sessions without
 *    it have no path. A run of identical consecutive names is one step.
 * 3. Steps are numbered from the anchor, 0..depth−1 forward and 0..−(depth−1) backward; later ones are cut.
 * 4. At each step the `topN` names taken by most paths (ties by name) keep their name; the rest of the step is
 *    one "other" node. A path through "other" goes on to its real next names.
 * 5. A node counts its paths (`events`) and their distinct users; a link counts the paths taking both of its
 *    nodes at consecutive steps. One row `total` holds all paths and their users.
 *
 * Result columns: kind ('node' | 'link' | 'total' | 'user'), step INTEGER (a link's earlier step), name,
 * other BOOLEAN, to_name, to_other (a link's later node), users BIGINT, events BIGINT. Rows of kind 'user'
 * (only with `nodeUsers`) hold a user id in `name`.
 */
export function compilePaths(spec: PathsSpec, ctx: ScopeContext): string {
	const value = spec.column ? `CAST(${ident(spec.column)} AS VARCHAR)` : null;
	const named = spec.cleaning.reduce(cleanSql, 'name');
	const anchor = spec.endEvent ?? spec.startEvent;
	const backward = spec.endEvent !== null;
	const excluded = spec.exclude.length ? `WHERE name NOT IN ${literalList(spec.exclude)}` : '';
	const days = resolveDateRange(spec.dateRange, ctx);
	const segment = segmentUsers(spec, ctx);
	// Without cleaning or exclusions the ids are the codes themselves (both number the same distinct names in
	// name order), so the lists need no lookup per event.
	const same = spec.cleaning.length === 0 && spec.exclude.length === 0;
	// A code's id, or NULL for an event whose name is excluded or that falls outside the date range.
	const mapped = days
		? `list_transform(list_zip(codes, locals), p -> CASE WHEN ${dateRangeSql(days, 'p[2]')} THEN ${same ? 'p[1]' : 'm[p[1]]'} END)`
		: same
			? 'codes'
			: 'list_transform(codes, c -> m[c])';
	const where = [
		anchor === null ? null : 'list_has_any(codes, ac)',
		segment && `${ident(C.ukey)} IN (${segment})`
	].filter(Boolean);
	// Forward: from the first anchor on; backward: up to it, then read from it back. Collapsing a slice that
	// starts or ends at the first anchor equals slicing the collapsed list there.
	const slice = anchor === null ? 'l' : backward ? 'l[:list_position(l, a)]' : 'l[list_position(l, a):]';
	// The built table's `steps` are the lists already collapsed when no name is mapped and every date counts;
	// slicing them at the first anchor equals collapsing the slice (as above).
	const direct = same && !value && !days;
	const collapsed = direct ? 't' : collapsedSql('t');
	const node = spec.nodeUsers;
	const users = node
		? `
UNION ALL
SELECT 'user', NULL, x.${ident(C.user)}, NULL, NULL, NULL, NULL, NULL
FROM (SELECT DISTINCT u FROM pairs WHERE i = ${Math.abs(node.step)} AND id = ${node.name === null ? '0' : `(SELECT id FROM ids WHERE name = ${literal(node.name)})`}) p
JOIN ${ident(USERS)} x ON x.${ident(C.ukey)} = p.u`
		: '';
	// Step i (0-based from the anchor) as the result's step; backward, a list runs from the end event back,
	// so a link from list entry i to i + 1 runs in time from step −(i + 1) to step −i.
	const step = (i: string) => (backward ? `-(${i})` : i);
	const [from, to] = backward ? ['nx', 'n'] : ['n', 'nx'];
	const linkStep = step(backward ? 'l.i + 1' : 'l.i');
	const names = value
		? `raw AS MATERIALIZED (${eventNamesSql(value)}),
lists AS (${sessionEventsSql(value, 'raw')}),`
		: `raw AS (SELECT * FROM ${ident(EVENT_NAMES)}),
lists AS (SELECT * FROM ${ident(SESSION_EVENTS)}),`;
	return `WITH ${names}
named AS (SELECT code, ${named} AS name FROM raw),
kept AS (SELECT * FROM named ${excluded}),
ids AS (SELECT name, (row_number() OVER (ORDER BY name))::INTEGER AS id FROM (SELECT DISTINCT name FROM kept)),
dict AS (
	SELECT list(i.id ORDER BY k.code) AS m,
		${anchor === null ? 'NULL' : `list(k.code) FILTER (WHERE kept.name = ${literal(anchor)})`} AS ac,
		${anchor === null ? 'NULL' : `min(i.id) FILTER (WHERE kept.name = ${literal(anchor)})`} AS a
	FROM named k LEFT JOIN kept USING (code) LEFT JOIN ids i ON i.name = kept.name
),
seqs AS (
	SELECT ${ident(C.ukey)} AS u, a, ${direct ? 'steps' : `list_filter(${mapped}, x -> x IS NOT NULL)`} AS l
	FROM lists, dict ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
),
sliced AS (SELECT u, ${slice} AS t FROM seqs${anchor === null ? '' : ' WHERE list_contains(l, a)'}),
paths AS (SELECT u, ${backward ? `list_reverse(${collapsed})` : collapsed}[:${spec.depth}] AS p FROM sliced),
entries AS MATERIALIZED (
	SELECT u, unnest(p) AS id, unnest(p[2:]) AS nxt, unnest(range(len(p))) AS i FROM paths
),
ranked AS (
	SELECT i, id, row_number() OVER (PARTITION BY i ORDER BY c DESC, id) <= ${spec.topN} AS keep
	FROM (SELECT i, id, count(*) AS c FROM entries GROUP BY i, id)
),
pairs AS (
	SELECT e.u, e.i, CASE WHEN a.keep THEN e.id ELSE 0 END AS id,
		CASE WHEN b.keep THEN e.nxt WHEN e.nxt IS NOT NULL THEN 0 END AS nxt, count(*)::BIGINT AS c
	FROM entries e JOIN ranked a ON a.i = e.i AND a.id = e.id
		LEFT JOIN ranked b ON b.i = e.i + 1 AND b.id = e.nxt
	GROUP BY ALL
),
nodes AS (SELECT i, id, count(DISTINCT u) AS users, sum(c)::BIGINT AS events FROM pairs GROUP BY i, id),
links AS (SELECT i, id, nxt, count(*) AS users, sum(c)::BIGINT AS events FROM pairs WHERE nxt IS NOT NULL GROUP BY i, id, nxt)
SELECT 'node' AS kind, CAST(${step('l.i')} AS INTEGER) AS step, n.name, l.id = 0 AS other,
	NULL::VARCHAR AS to_name, NULL::BOOLEAN AS to_other, l.users, l.events
FROM nodes l LEFT JOIN ids n ON n.id = l.id
UNION ALL
SELECT 'link', CAST(${linkStep} AS INTEGER), ${from}.name, ${from}.id IS NULL, ${to}.name, ${to}.id IS NULL,
	l.users, l.events
FROM links l LEFT JOIN ids n ON n.id = l.id LEFT JOIN ids nx ON nx.id = l.nxt
UNION ALL
SELECT 'total', NULL, NULL, NULL, NULL, NULL, count(DISTINCT u), count(*)::BIGINT
FROM entries WHERE i = 0${users}`;
}
