/**
 * Engagement weights (SEMANTICS §6 `engagement`): a user's score is Σ weight(event) × count of that event.
 * Shared by the engagement analysis and the percentile segment rule (SEMANTICS §4) that ranks users by it.
 * The SQL is src/lib/sql/engagement.ts.
 */
import { knownKeys, object, show, SpecError, text } from './check.ts';

export interface EngagementWeight {
	/** An event name; events not listed weigh 0. */
	event: string;
	/** Any number with at most 6 decimals, negative for an event that signals disengagement. */
	weight: number;
}

/** At most this many weighted events. */
export const MAX_WEIGHTS = 200;
/** Weights are exact to this many decimals (scores are summed as DECIMAL, so equal counts tie exactly). */
export const WEIGHT_DECIMALS = 6;
const MAX_WEIGHT = 1e9;

/**
 * Checks a list of weights at `path`: `[{ "event": "order_completed", "weight": 10 }, …]`, each event once.
 * Returns it sorted by event name, so equal weights hash equally in any order. Throws `SpecError`.
 */
export function engagementWeights(x: unknown, path: string): EngagementWeight[] {
	if (!Array.isArray(x) || x.length === 0 || x.length > MAX_WEIGHTS)
		throw new SpecError(
			path,
			`${path} must be a list of 1 to ${MAX_WEIGHTS} weights such as { "event": "order_completed", "weight": 10 }, got ${show(x)}`
		);
	const seen = new Set<string>();
	const out = x.map((item, i) => {
		const p = `${path}[${i}]`;
		const w = object(item, p, 'a weight { "event", "weight" }');
		knownKeys(w, ['event', 'weight'], p, 'a weight');
		const event = text(w.event, `${p}.event`);
		if (seen.has(event)) throw new SpecError(`${p}.event`, `${p}.event ${show(event)} is weighted twice`);
		seen.add(event);
		const weight = w.weight;
		if (
			typeof weight !== 'number' ||
			!Number.isFinite(weight) ||
			Math.abs(weight) > MAX_WEIGHT ||
			Number(weight.toFixed(WEIGHT_DECIMALS)) !== weight
		)
			throw new SpecError(
				`${p}.weight`,
				`${p}.weight must be a number from -${MAX_WEIGHT} to ${MAX_WEIGHT} with at most ${WEIGHT_DECIMALS} decimals, got ${show(weight)}`
			);
		return { event, weight };
	});
	return out.sort((a, b) => (a.event < b.event ? -1 : a.event > b.event ? 1 : 0));
}
