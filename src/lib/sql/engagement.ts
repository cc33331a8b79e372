/**
 * Engagement scores (SEMANTICS §6) as SQL: one row per user with a weighted event, `u` (the user key) and
 * `score` (DECIMAL(38, 6)). Used by the engagement analysis and by percentile segment rules of `engagement`.
 */
import type { EngagementWeight } from '../spec/engagement.ts';
import { WEIGHT_DECIMALS } from '../spec/engagement.ts';
import { ident, literal, literalList } from './quote.ts';
import { C, EVENTS } from './schema.ts';

/**
 * Σ weight(event) × count per user over the `events` rows that also meet `where` (a window, a segment),
 * rows without a user left out. Weights are summed as DECIMAL, exactly, so users with the same counts get
 * the same score whatever order the rows are added in (ties stay ties, and bin edges are exact).
 */
export function engagementScoresSql(weights: readonly EngagementWeight[], where = 'TRUE'): string {
	const ev = ident(C.event);
	const dec = `DECIMAL(18, ${WEIGHT_DECIMALS})`;
	const cases = weights.map(
		(w) => `WHEN ${literal(w.event)} THEN CAST(${literal(String(w.weight))} AS ${dec})`
	);
	return `SELECT ${ident(C.ukey)} AS u, sum(CASE ${ev} ${cases.join(' ')} END) AS score
FROM ${ident(EVENTS)}
WHERE ${ident(C.ukey)} IS NOT NULL AND ${ev} IN ${literalList(weights.map((w) => w.event))} AND ${where}
GROUP BY 1`;
}
