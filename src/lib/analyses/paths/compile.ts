import { C, EVENTS, USERS } from '../../sql/schema.ts';
import { ident, literal, literalList } from '../../sql/quote.ts';
import { scopeWhereSql, type ScopeContext } from '../../sql/scope.ts';
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
 * SEMANTICS §7 paths as one query over `events` (with `__session`, so the analysis needs `sessions`).
 *
 * 1. Each kept event (in scope, with a user, time and session, and a name: the event name, or the value of
 *    `column`) is named, cleaning rules applied in order; names in `exclude` are then dropped, as if those
 *    events had not happened.
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
	const base = spec.column ? `CAST(${ident(spec.column)} AS VARCHAR)` : ident(C.event);
	const named = spec.cleaning.reduce(cleanSql, base);
	const [t, r, s] = [ident(C.time), ident(C.row), ident(C.session)];
	const anchor = spec.endEvent ?? spec.startEvent;
	const backward = spec.endEvent !== null;
	const w = 'PARTITION BY s ORDER BY t, r';
	// Forward: rows at or after the first start event; backward: rows up to the first end event included.
	const inPath =
		anchor === null
			? 'TRUE'
			: backward
				? `NOT coalesce(bool_or(name = ${literal(anchor)}) OVER (${w} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), FALSE)`
				: `bool_or(name = ${literal(anchor)}) OVER (${w} ROWS UNBOUNDED PRECEDING)`;
	// Sessions without the anchor have no path: leaving them out before the window sort pays when it is rare.
	const haveAnchor = anchor === null ? '' : `WHERE s IN (SELECT s FROM kept WHERE name = ${literal(anchor)})`;
	const excluded = spec.exclude.length ? `WHERE name NOT IN ${literalList(spec.exclude)}` : '';
	const node = spec.nodeUsers;
	const users = node
		? `
UNION ALL
SELECT 'user', NULL, x.${ident(C.user)}, NULL, NULL, NULL, NULL, NULL
FROM (SELECT DISTINCT u FROM lab WHERE step = ${node.step} AND ${node.name === null ? 'other' : `name = ${literal(node.name)}`}) l
JOIN ${ident(USERS)} x ON x.${ident(C.ukey)} = l.u`
		: '';
	// A link row holds its earlier node first. Backward, a list runs from the end event back, so a step's
	// next entry is the event before it: the link's source.
	const linkColumns = backward
		? `CASE WHEN is_link THEN step - 1 ELSE step END AS step, CASE WHEN is_link THEN to_name ELSE name END AS name,
	CASE WHEN is_link THEN to_other ELSE other END AS other, CASE WHEN is_link THEN name END AS to_name,
	CASE WHEN is_link THEN other END AS to_other`
		: 'step, name, other, to_name, to_other';
	return `WITH ev AS (
	SELECT ${ident(C.ukey)} AS u, ${s} AS s, ${t} AS t, ${r} AS r, ${named} AS name
	FROM ${ident(EVENTS)}
	WHERE ${s} IS NOT NULL AND ${base} IS NOT NULL AND ${scopeWhereSql(spec, ctx)}
),
kept AS (SELECT * FROM ev ${excluded}),
marked AS (
	SELECT u, s, name, ${inPath} AS in_path, lag(name) OVER (${w}) AS prev, row_number() OVER (${w}) AS n
	FROM kept ${haveAnchor}
),
seqs AS (
	SELECT s, any_value(u) AS u, ${backward ? 'max_by' : 'min_by'}(name, n, ${spec.depth}) AS l
	FROM marked WHERE in_path AND prev IS DISTINCT FROM name GROUP BY s
),
steps AS (
	SELECT u, s, name, nxt, CAST(${backward ? '-' : ''}i AS INTEGER) AS step
	FROM (SELECT u, s, unnest(l) AS name, unnest(l[2:]) AS nxt, unnest(range(len(l))) AS i FROM seqs)
),
counts AS (SELECT step, name, count(*) AS c FROM steps GROUP BY step, name),
ranked AS (
	SELECT step, name, row_number() OVER (PARTITION BY step ORDER BY c DESC, name) <= ${spec.topN} AS keep
	FROM counts
),
lab AS (
	SELECT st.u, st.step, CASE WHEN k.keep THEN st.name END AS name, NOT k.keep AS other,
		CASE WHEN n.keep THEN st.nxt END AS to_name, NOT n.keep AS to_other
	FROM steps st JOIN ranked k ON k.step = st.step AND k.name = st.name
	LEFT JOIN ranked n ON n.step = st.step ${backward ? '-' : '+'} 1 AND n.name = st.nxt
),
grouped AS (
	SELECT GROUPING(to_name, to_other) = 0 AS is_link, GROUPING(step) = 1 AS is_total, step, name, other,
		to_name, to_other, count(DISTINCT u) AS users, count(*) AS events,
		count(*) FILTER (WHERE step = 0) AS starts
	FROM lab
	GROUP BY GROUPING SETS ((step, name, other), (step, name, other, to_name, to_other), ())
)
SELECT CASE WHEN is_total THEN 'total' WHEN is_link THEN 'link' ELSE 'node' END AS kind, ${linkColumns},
	users, CASE WHEN is_total THEN starts ELSE events END AS events
FROM grouped WHERE NOT (is_link AND to_other IS NULL)${users}`;
}
