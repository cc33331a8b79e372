/**
 * Rage clicks (SEMANTICS §7): three or more clicks by one user on one page within a sliding 1 s window,
 * each within 30 px of the burst's first click; a burst counts once. Pure, over the candidate clicks of
 * compile-clicks.ts.
 */

/** Clicks a burst needs, the most time between one click of a burst and the next (ms, inclusive) and the
 * farthest a click may lie from the burst's first click (CSS pixels, Euclidean, inclusive). PostHog's
 * rage click uses the same three numbers (posthog-js `RageClick`). */
export const RAGE_MIN_CLICKS = 3;
export const RAGE_WINDOW_MS = 1000;
export const RAGE_RADIUS_PX = 30;

/** One click as rage detection reads it: `u` the user key, `ms` epoch milliseconds, x/y in pixels. */
export interface RageInput {
	page: string;
	grp: string;
	user: string;
	u: number;
	ms: number;
	x: number;
	y: number;
	gx: number;
	gy: number;
}

/** A burst: its first click and how many clicks it holds. */
export interface Burst {
	first: RageInput;
	clicks: number;
}

/**
 * The bursts among `clicks`, which must be ordered by page, user, time (ties by row). Per user and page, a
 * burst starts at the earliest click not yet in a burst and takes each later click within 30 px of that
 * first click as long as it comes at most 1 s after the previous click taken; farther clicks are passed
 * over (they neither join nor end it), and the burst ends at the first near click more than 1 s after the
 * last one taken. With three or more clicks it is a rage click and its clicks are used up; otherwise the
 * next click is tried as a start. Exactly 1 s and exactly 30 px still count ("within").
 */
export function findBursts(clicks: readonly RageInput[]): Burst[] {
	const out: Burst[] = [];
	let from = 0;
	while (from < clicks.length) {
		let to = from + 1;
		while (to < clicks.length && clicks[to].u === clicks[from].u && clicks[to].page === clicks[from].page)
			to++;
		burstsOf(clicks, from, to, out);
		from = to;
	}
	return out;
}

function burstsOf(c: readonly RageInput[], from: number, to: number, out: Burst[]): void {
	const used = new Uint8Array(to - from);
	for (let i = from; i < to; i++) {
		if (used[i - from]) continue;
		const members = [i];
		let last = c[i].ms;
		for (let j = i + 1; j < to; j++) {
			if (used[j - from]) continue;
			if (c[j].ms - last > RAGE_WINDOW_MS) break;
			if (Math.hypot(c[j].x - c[i].x, c[j].y - c[i].y) <= RAGE_RADIUS_PX) {
				members.push(j);
				last = c[j].ms;
			}
		}
		if (members.length < RAGE_MIN_CLICKS) continue;
		for (const m of members) used[m - from] = 1;
		out.push({ first: c[i], clicks: members.length });
	}
}
