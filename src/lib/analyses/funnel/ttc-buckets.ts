/**
 * The time-to-convert histogram's buckets: fixed, human-sized ranges (under a minute, 1-5 min, 5-30 min,
 * 30 min-2 h, 2-12 h, 12 h-1 d, 1-3 d, 3-7 d, 7-14 d, 14-30 d, 30-90 d, 90 d or more), a bucket holding
 * from <= seconds < to. PostHog draws equal-width bins from the fastest to the slowest user (its funnel
 * time-to-convert query; about the cube root of the users, at most 60), which on a 14-day window puts nearly
 * everyone in the first bin; conversion times spread over orders of magnitude, so these widths grow with them
 * (README, "What the numbers mean"). Pure.
 */

/** The buckets' lower edges in seconds, ascending; the last bucket is open-ended. */
export const TTC_EDGES: readonly number[] = [
	0, 60, 300, 1800, 7200, 43_200, 86_400, 259_200, 604_800, 1_209_600, 2_592_000, 7_776_000
];

/** The longest conversion window (365 days, SEMANTICS §3) in seconds: the open bucket's upper end. */
export const TTC_MAX_SECONDS = 365 * 86_400;

const LABELS = [
	'< 1 min',
	'1–5 min',
	'5–30 min',
	'30 min–2 h',
	'2–12 h',
	'12 h–1 d',
	'1–3 d',
	'3–7 d',
	'7–14 d',
	'14–30 d',
	'30–90 d',
	'90 d or more'
];

/** The bucket of a bucket's lower edge (seconds), or -1 for a value that is no edge. */
export function ttcBucketOf(fromSeconds: number): number {
	return TTC_EDGES.indexOf(fromSeconds);
}

/** A bucket's label by its lower edge in seconds ("1–5 min"); '' for a value that is no edge. */
export function ttcLabel(fromSeconds: number): string {
	return LABELS[ttcBucketOf(fromSeconds)] ?? '';
}

/** The SQL CASE giving a duration `d` (seconds, DOUBLE) its bucket index, 0-based. */
export function ttcBucketSql(d: string): string {
	const whens = TTC_EDGES.slice(1).map((e, i) => `WHEN ${d} < ${e} THEN ${i}`);
	return `CASE ${whens.join(' ')} ELSE ${TTC_EDGES.length - 1} END`;
}
