import { segmentUsersSql, type RuleContext } from '../../sql/segment-rule.ts';
import { ident } from '../../sql/quote.ts';
import { C, USERS } from '../../sql/schema.ts';
import type { OverlapSpec } from './spec.ts';

/**
 * Every pair of segments in one query: each segment's users (sql/segment-rule.ts, computed once), stacked
 * as (segment, user) memberships and joined with themselves on the user, so each user adds one to every
 * pair of segments they are in. Rows: i, j (segment positions, i ≤ j), users (BIGINT), total (all users,
 * on every row); a pair with no user in common has no row, and when no segment has a user the one row has
 * i and j NULL (it still carries the total). A row i = j is segment i's size.
 */
export function compileOverlap(spec: OverlapSpec, ctx: RuleContext): string {
	const ukey = ident(C.ukey);
	const sets = spec.segments.map((s, i) => `s${i} AS MATERIALIZED (${segmentUsersSql(s.rule, ctx)})`);
	const members = spec.segments
		.map((_, i) => `SELECT ${i} AS i, ${ukey} AS u FROM s${i}`)
		.join('\nUNION ALL ');
	return `WITH ${sets.join(',\n')},
m AS (${members}),
pairs AS (SELECT a.i, b.i AS j, count(*)::BIGINT AS users FROM m a JOIN m b ON a.u = b.u AND a.i <= b.i GROUP BY a.i, b.i)
SELECT CAST(p.i AS INTEGER) AS i, CAST(p.j AS INTEGER) AS j, p.users, t.total
FROM (SELECT count(*)::BIGINT AS total FROM ${ident(USERS)}) t LEFT JOIN pairs p ON TRUE ORDER BY p.i, p.j`;
}
