/**
 * Rage clicks (SEMANTICS §7): three or more clicks by one user on one page within a sliding 1 s window,
 * each within 30 px of the burst's first click; a burst counts once. Pure, over the candidate clicks of
 * compile-clicks.ts (a superset of the clicks that can be in a burst changes no burst).
 */

/** Clicks a burst needs, the most time between one click of a burst and the next (ms, inclusive) and the
 * farthest a click may lie from the burst's first click (CSS pixels, Euclidean, inclusive). PostHog's
 * rage click uses the same three numbers (posthog-js `RageClick`). */
export const RAGE_MIN_CLICKS = 3;
export const RAGE_WINDOW_MS = 1000;
export const RAGE_RADIUS_PX = 30;

/**
 * The clicks rage detection reads, column-wise (typed arrays straight from Arrow, no object per click):
 * `page` a page number, `u` the user key, `ms` epoch milliseconds, x/y in pixels; all of length `n`.
 */
export interface RageClicks {
	n: number;
	page: ArrayLike<number>;
	u: ArrayLike<number>;
	ms: ArrayLike<number>;
	x: ArrayLike<number>;
	y: ArrayLike<number>;
}

/** A burst: the index of its first click and how many clicks it holds. */
export interface Burst {
	first: number;
	clicks: number;
}

/**
 * The bursts among `clicks`, which must be ordered by page, user, time (ties by row). Per user and page, a
 * burst starts at the earliest click not yet in a burst and takes each later click within 30 px of that
 * first click as long as it comes at most 1 s after the previous click taken; farther clicks are passed
 * over (they neither join nor end it), and the burst ends at the first near click more than 1 s after the
 * last one taken. With three or more clicks it is a rage click and its clicks are used up; otherwise the
 * next click is tried as a start. Exactly 1 s and exactly 30 px still count ("within"; compared squared,
 * exact for whole pixels).
 */
export function findBursts(clicks: RageClicks): Burst[] {
	const { n, page, u } = clicks;
	const out: Burst[] = [];
	const used = new Uint8Array(n);
	const members: number[] = [];
	let from = 0;
	while (from < n) {
		let to = from + 1;
		while (to < n && u[to] === u[from] && page[to] === page[from]) to++;
		for (let i = from; i < to; i++) if (!used[i]) burstFrom(clicks, i, to, used, members, out);
		from = to;
	}
	return out;
}

/** The burst that starts at click i, within the run of one user and page ending before `to`. */
function burstFrom(c: RageClicks, i: number, to: number, used: Uint8Array, members: number[], out: Burst[]) {
	const { ms, x, y } = c;
	const r2 = RAGE_RADIUS_PX * RAGE_RADIUS_PX;
	members.length = 0;
	members.push(i);
	let last = ms[i];
	for (let j = i + 1; j < to; j++) {
		if (used[j]) continue;
		if (ms[j] - last > RAGE_WINDOW_MS) break;
		const dx = x[j] - x[i];
		const dy = y[j] - y[i];
		if (dx * dx + dy * dy <= r2) {
			members.push(j);
			last = ms[j];
		}
	}
	if (members.length < RAGE_MIN_CLICKS) return;
	for (const m of members) used[m] = 1;
	out.push({ first: i, clicks: members.length });
}
