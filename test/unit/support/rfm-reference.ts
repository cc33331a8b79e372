/**
 * SEMANTICS §5 (RFM) straight from rows, in plain TypeScript sharing no code with Footfall's compiler: the
 * independent reference the RFM tests compare the engine with. Quantiles follow numpy's default ("linear",
 * method 7 of Hyndman & Fan): virtual index h = (n − 1)·q, value s[⌊h⌋] + (h − ⌊h⌋)·(s[⌊h⌋+1] − s[⌊h⌋]),
 * written as numpy's `_lerp` writes it (from the upper value when the fraction is ½ or more).
 */

export interface RfmRow {
	user: string;
	/** Event time, UTC ms. */
	t: number;
	/** The value counted distinct by `distinct:COLUMN` (null: missing, not counted). */
	key: string | null;
	/** The row's monetary value (null: missing or not a number, adds nothing). */
	value: number | null;
}

export interface RfmUser {
	recency: number;
	frequency: number;
	monetary: number;
	r: number;
	f: number;
	m: number;
}

export interface RfmReference {
	edges: { recency: number[]; frequency: number[]; monetary: number[] };
	users: Map<string, RfmUser>;
	segments: Record<string, number>;
	scoreCounts: Record<string, number>;
}

const DAY = 86_400_000;

/** numpy.quantile(xs, q) with the default method, for xs already sorted ascending. */
export function numpyQuantile(sorted: readonly number[], q: number): number {
	const h = (sorted.length - 1) * q;
	const lo = Math.floor(h);
	const hi = Math.min(lo + 1, sorted.length - 1);
	const frac = h - lo;
	const a = sorted[lo];
	const b = sorted[hi];
	const diff = b - a;
	return frac >= 0.5 ? b - diff * (1 - frac) : a + diff * frac;
}

/** The bin of v: the first i (1-based) whose upper edge is at or above v. */
function bin(v: number, edges: readonly number[]): number {
	for (let i = 1; i < edges.length - 1; i++) if (v <= edges[i]) return i;
	return edges.length - 1;
}

/**
 * RFM of the rows (already filtered to the counted events and users) at `asOfMs`: rows after it are left
 * out; recency is floor((asOf − last) / 24 h).
 */
export function rfmReference(
	rows: readonly RfmRow[],
	opts: { bins: number; asOfMs: number; frequency: 'events' | 'distinct' }
): RfmReference {
	const per = new Map<string, { last: number; n: number; keys: Set<string>; money: number }>();
	for (const row of rows) {
		if (row.t > opts.asOfMs) continue;
		let p = per.get(row.user);
		if (!p) per.set(row.user, (p = { last: -Infinity, n: 0, keys: new Set(), money: 0 }));
		p.last = Math.max(p.last, row.t);
		p.n++;
		if (row.key !== null) p.keys.add(row.key);
		if (row.value !== null) p.money += row.value;
	}
	const measures = [...per].map(([user, p]) => ({
		user,
		recency: Math.floor((opts.asOfMs - p.last) / DAY),
		frequency: opts.frequency === 'events' ? p.n : p.keys.size,
		monetary: p.money
	}));
	const edgesOf = (xs: number[]) => {
		if (xs.length === 0) return [];
		const s = [...xs].sort((a, b) => a - b);
		return Array.from({ length: opts.bins + 1 }, (_, i) => numpyQuantile(s, i / opts.bins));
	};
	const edges = {
		recency: edgesOf(measures.map((x) => x.recency)),
		frequency: edgesOf(measures.map((x) => x.frequency)),
		monetary: edgesOf(measures.map((x) => x.monetary))
	};
	const users = new Map<string, RfmUser>();
	const segments: Record<string, number> = {};
	const scoreCounts: Record<string, number> = {};
	for (const x of measures) {
		const r = opts.bins + 1 - bin(x.recency, edges.recency);
		const f = bin(x.frequency, edges.frequency);
		const m = bin(x.monetary, edges.monetary);
		users.set(x.user, { ...x, r, f, m });
		const code = `${r}${f}${m}`;
		segments[code] = (segments[code] ?? 0) + 1;
		scoreCounts[String(r + f + m)] = (scoreCounts[String(r + f + m)] ?? 0) + 1;
	}
	return { edges, users, segments, scoreCounts };
}
