/**
 * Engagement scores (SEMANTICS §6) as SQL: one row per user with a weighted event, `u` (the user key) and
 * `score` (DECIMAL(38, 6)). Used by the engagement analysis and by percentile segment rules of `engagement`.
 */
import type { EngagementWeight } from '../spec/engagement.ts';
import { WEIGHT_DECIMALS } from '../spec/engagement.ts';
import { ident, literal, literalList } from './quote.ts';
import { ACTIVITY, C, EVENTS } from './schema.ts';

/**
 * Σ weight(event) × count per user over the `events` rows that also meet `where` (a window, a segment),
 * rows without a user or a time left out. Weights are summed as DECIMAL, exactly, so users with the same
 * counts get the same score whatever order the rows are added in (ties stay ties, and bin edges are exact).
 *
 * `from: 'activity'` reads the activity table instead (engine/activity.ts: counts per user, event and
 * local day), several times smaller, with the same scores; `where` may then use its `day` column.
 */
export function engagementScoresSql(
	weights: readonly EngagementWeight[],
	where = 'TRUE',
	from: 'events' | 'activity' = 'events'
): string {
	const ev = ident(C.event);
	const dec = `DECIMAL(18, ${WEIGHT_DECIMALS})`;
	const cases = weights.map(
		(w) => `WHEN ${literal(w.event)} THEN CAST(${literal(String(w.weight))} AS ${dec})`
	);
	const weight = `CASE ${ev} ${cases.join(' ')} END`;
	const names = literalList(weights.map((w) => w.event));
	if (from === 'activity')
		return `SELECT ${ident(C.ukey)} AS u, sum(${weight} * n) AS score
FROM ${ident(ACTIVITY)}
WHERE NOT any_event AND ${ev} IN ${names} AND ${where}
GROUP BY 1`;
	return `SELECT ${ident(C.ukey)} AS u, sum(${weight}) AS score
FROM ${ident(EVENTS)}
WHERE ${ident(C.ukey)} IS NOT NULL AND ${ident(C.local)} IS NOT NULL AND ${ev} IN ${names} AND ${where}
GROUP BY 1`;
}
