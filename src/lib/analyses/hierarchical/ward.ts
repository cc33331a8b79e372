/**
 * Agglomerative clustering with Ward linkage (Ward 1963) on a row-major Float64Array, by the
 * nearest-neighbour chain (Murtagh 1983; Müllner 2011, "Modern hierarchical, agglomerative clustering
 * algorithms", §3.4) in the centroid form: each live cluster keeps its size and centroid, and the cost of
 * merging A and B is the rise in inertia Δ(A,B) = |A||B| / (|A| + |B|) · ‖c_A − c_B‖². Memory is O(n·d), never
 * an n × n matrix (10,000² doubles would be 800 MB); time O(n²·d).
 *
 * Heights follow SciPy's `linkage(method='ward')`: h = √(2·Δ), which is the Euclidean distance for two single
 * rows and equals SciPy's Lance-Williams recurrence on Euclidean distances. Ward is reducible, so the chain
 * finds the same tree as the naive greedy merge of the closest pair.
 */

/** The tree in SciPy's layout: rows 0..n−1 are the leaves, merge i creates cluster n + i. Merges by height. */
export interface Linkage {
	n: number;
	/** The two clusters merged by merge i, smaller id first. */
	left: Int32Array;
	right: Int32Array;
	/** √(2 · Δ inertia) of merge i, ascending (never decreasing). */
	height: Float64Array;
	/** Rows under cluster n + i. */
	size: Int32Array;
}

/**
 * Ward's tree of the `n × d` rows of X. Ties: the search for a cluster's nearest keeps the chain's previous
 * cluster when it is as near (as SciPy's `nn_chain`, so the chain cannot cycle), else the live cluster with
 * the lowest id; merges of equal height keep the order the chain found them. So the same rows in the same
 * order always give the same tree. `stop` is called every 256 merges (to cancel by throwing).
 */
export function wardLinkage(X: Float64Array, n: number, d: number, stop: () => void = () => {}): Linkage {
	const m = Math.max(0, n - 1);
	// Live clusters, packed in positions 0..live−1 so the scan reads contiguous memory.
	const cent = new Float64Array(X.subarray(0, n * d));
	const size = new Float64Array(n).fill(1);
	const idAt = new Int32Array(n);
	const posOf = new Int32Array(2 * n).fill(-1);
	for (let i = 0; i < n; i++) {
		idAt[i] = i;
		posOf[i] = i;
	}
	let live = n;
	// Merges in the order the chain finds them; their ids n + found-index until renumbered by height.
	const fa = new Int32Array(m);
	const fb = new Int32Array(m);
	const fh = new Float64Array(m);
	const fs = new Int32Array(m);
	const heightOf = new Float64Array(2 * n);
	const chain = new Int32Array(n + 1);
	let top = 0;
	let found = 0;

	const remove = (pos: number) => {
		const last = live - 1;
		posOf[idAt[pos]] = -1;
		if (pos !== last) {
			cent.copyWithin(pos * d, last * d, last * d + d);
			size[pos] = size[last];
			idAt[pos] = idAt[last];
			posOf[idAt[pos]] = pos;
		}
		live--;
	};

	// The live cluster nearest to `a` (cost in `nearCost`): `prev` wins a tie, then the lowest id.
	let nearCost = 0;
	const nearest = (a: number, prev: number): number => {
		const pa = posOf[a];
		const na = size[pa];
		const oa = pa * d;
		let best = Infinity;
		let bestId = -1;
		if (prev >= 0) {
			best = wardCost(cent, oa, posOf[prev] * d, d, na, size[posOf[prev]], Infinity);
			bestId = prev;
		}
		for (let p = 0; p < live; p++) {
			if (p === pa) continue;
			const c = wardCost(cent, oa, p * d, d, na, size[p], best);
			if (c < best || (c === best && bestId !== prev && idAt[p] < bestId)) {
				best = c;
				bestId = idAt[p];
			}
		}
		nearCost = best;
		return bestId;
	};

	while (live > 1) {
		if (top === 0) chain[top++] = idAt[0];
		// Grow the chain until its last two clusters are each other's nearest.
		for (;;) {
			const prev = top > 1 ? chain[top - 2] : -1;
			const next = nearest(chain[top - 1], prev);
			if (next === prev) break;
			chain[top++] = next;
		}
		const a = chain[top - 1];
		const b = chain[top - 2];
		const cost = nearCost;
		top -= 2;
		const pa = posOf[a];
		const pb = posOf[b];
		const na = size[pa];
		const nb = size[pb];
		for (let j = 0; j < d; j++)
			cent[pa * d + j] = (na * cent[pa * d + j] + nb * cent[pb * d + j]) / (na + nb);
		size[pa] = na + nb;
		const id = n + found;
		// Ward's heights never fall from child to parent; the max only absorbs rounding.
		const h = Math.max(Math.sqrt(2 * cost), heightOf[a], heightOf[b]);
		heightOf[id] = h;
		fa[found] = Math.min(a, b);
		fb[found] = Math.max(a, b);
		fh[found] = h;
		fs[found] = na + nb;
		idAt[pa] = id;
		posOf[a] = -1;
		posOf[id] = pa;
		remove(pb);
		found++;
		if ((found & 255) === 0) stop();
	}
	return byHeight(n, fa, fb, fh, fs);
}

/**
 * Δ inertia of merging the clusters whose centroids start at `oa` and `ob` (sizes na, nb); stops summing and
 * returns a value ≥ `bound` once it exceeds it (the caller only wants the smallest).
 */
function wardCost(
	cent: Float64Array,
	oa: number,
	ob: number,
	d: number,
	na: number,
	nb: number,
	bound: number
): number {
	const w = (na * nb) / (na + nb);
	// A hair above the bound, so an exact tie is still summed to the end and compared.
	const limit = (bound / w) * (1 + 1e-12);
	let s = 0;
	for (let j = 0; j < d; j++) {
		const t = cent[oa + j] - cent[ob + j];
		s += t * t;
		if (s > limit) return Infinity;
	}
	return w * s;
}

/** Sorts merges by height (stable: equal heights keep the order found) and renumbers the merged clusters. */
function byHeight(n: number, fa: Int32Array, fb: Int32Array, fh: Float64Array, fs: Int32Array): Linkage {
	const m = fa.length;
	const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => fh[x] - fh[y] || x - y);
	const rename = new Int32Array(2 * n);
	for (let i = 0; i < n; i++) rename[i] = i;
	const out: Linkage = {
		n,
		left: new Int32Array(m),
		right: new Int32Array(m),
		height: new Float64Array(m),
		size: new Int32Array(m)
	};
	order.forEach((f, i) => {
		rename[n + f] = n + i;
		const x = rename[fa[f]];
		const y = rename[fb[f]];
		out.left[i] = Math.min(x, y);
		out.right[i] = Math.max(x, y);
		out.height[i] = fh[f];
		out.size[i] = fs[f];
	});
	return out;
}
