/** Weight rows as the engagement screen edits them, and the weights they make (pure). */
import { MAX_WEIGHTS, WEIGHT_DECIMALS, type EngagementWeight } from '../../spec/engagement.ts';

/** A weight row as the screen edits it: the number may be half-typed. */
export interface WeightRow {
	event: string;
	weight: number | null;
}

/** The rows that make weights: an event, a number with at most 6 decimals, each event once (the first). */
export function weightsOf(rows: readonly WeightRow[]): EngagementWeight[] {
	const seen = new Set<string>();
	const out: EngagementWeight[] = [];
	for (const r of rows) {
		if (!r.event || seen.has(r.event) || r.weight === null || !Number.isFinite(r.weight)) continue;
		seen.add(r.event);
		out.push({ event: r.event, weight: Number(r.weight.toFixed(WEIGHT_DECIMALS)) });
	}
	return out.slice(0, MAX_WEIGHTS);
}
