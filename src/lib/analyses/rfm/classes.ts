/**
 * The named RFM segments (champions, at risk, lost…) from a user's R and F scores, pure.
 *
 * For 5 bins this is the widely used R × F map of the RFM literature (the regular-expression map
 * `[1-2][1-2]` hibernating, `[1-2][3-4]` at risk, `[1-2]5` can't lose, `3[1-2]` about to sleep, `33` need
 * attention, `[3-4][4-5]` loyal, `41` promising, `51` new, `[4-5][2-3]` potential loyalists, `5[4-5]`
 * champions), which tiles the 5 × 5 grid with no overlap, with its bottom corner R = 1, F = 1 named "lost" as
 * in Putler's eleven segments (lost: the lowest recency and frequency). For other bin counts, each score is
 * first placed on the five-step scale by the centre of its bin: q = floor((s − ½) · 5 / bins) + 1, so 10
 * bins fold in pairs, 3 bins land on 1, 3, 5, and 2 bins on 2 and 4. README "What the numbers mean" says so.
 */

export interface RfmClass {
	key: string;
	label: string;
	/** What the users of the segment have in common, in a user's words. */
	description: string;
}

/** The named segments, best first (the order of the bars). */
export const RFM_CLASSES: readonly RfmClass[] = [
	{ key: 'champions', label: 'Champions', description: 'Bought recently and often' },
	{ key: 'loyal', label: 'Loyal', description: 'Buy often, fairly recently' },
	{ key: 'potential_loyalists', label: 'Potential loyalists', description: 'Recent, a few purchases' },
	{ key: 'new', label: 'New', description: 'Most recent, one purchase level' },
	{ key: 'promising', label: 'Promising', description: 'Recent, bought little so far' },
	{ key: 'need_attention', label: 'Need attention', description: 'Average recency and frequency' },
	{ key: 'about_to_sleep', label: 'About to sleep', description: 'Slipping, bought little' },
	{ key: 'at_risk', label: 'At risk', description: 'Bought often, but long ago' },
	{ key: 'cant_lose', label: "Can't lose", description: 'Bought the most often, long ago' },
	{ key: 'hibernating', label: 'Hibernating', description: 'Long ago, rarely' },
	{ key: 'lost', label: 'Lost', description: 'Longest ago, least often' }
];

/** A score 1..bins on the five-step scale of the classic map (identity for 5 bins). */
export function toFive(score: number, bins: number): number {
	return Math.floor(((score - 0.5) * 5) / bins) + 1;
}

/** The key of the named segment of R and F scores (each 1..bins). */
export function classOf(r: number, f: number, bins: number): string {
	const R = toFive(r, bins);
	const F = toFive(f, bins);
	if (R <= 2) {
		if (F <= 2) return R === 1 && F === 1 ? 'lost' : 'hibernating';
		return F === 5 ? 'cant_lose' : 'at_risk';
	}
	if (R === 3) {
		if (F <= 2) return 'about_to_sleep';
		return F === 3 ? 'need_attention' : 'loyal';
	}
	if (F >= 4) return R === 5 ? 'champions' : 'loyal';
	if (F >= 2) return 'potential_loyalists';
	return R === 5 ? 'new' : 'promising';
}

/** The label of a class key. */
export function classLabel(key: string): string {
	return RFM_CLASSES.find((c) => c.key === key)?.label ?? key;
}
