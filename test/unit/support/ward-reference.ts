/**
 * A plain, slow reference for Ward's agglomerative clustering, sharing no code with the engine: the full
 * matrix of Euclidean distances, the closest pair merged at each step (O(n³)), and the merged cluster's
 * distances from the Lance-Williams recurrence as SciPy writes it for `method='ward'`:
 *   d(k, i∪j) = √(((n_i + n_k)·d(k,i)² + (n_j + n_k)·d(k,j)² − n_k·d(i,j)²) / (n_i + n_j + n_k)).
 * Clusters are sets of row numbers. Ties: the first pair in scanning order (clusters in creation order).
 */

export interface RefMerge {
	/** Rows of the two merged clusters, ascending; `a` holds the smaller first row. */
	a: number[];
	b: number[];
	height: number;
}

interface Cluster {
	rows: number[];
}

/** Every merge of Ward's tree of `points`, in merge order, with SciPy's heights. */
export function naiveWard(points: number[][]): RefMerge[] {
	return run(points, () => false).merges;
}

/** The clusters left once `k` remain, each its rows ascending, sorted by first row. */
export function naiveWardClusters(points: number[][], k: number): number[][] {
	return run(points, (live) => live <= k).clusters;
}

/** The clusters left when every merge of height ≤ h has been made. */
export function naiveWardAtHeight(points: number[][], h: number): number[][] {
	return run(points, (_, next) => next > h).clusters;
}

function run(
	points: number[][],
	done: (live: number, nextHeight: number) => boolean
): { merges: RefMerge[]; clusters: number[][] } {
	const clusters: Cluster[] = points.map((_, i) => ({ rows: [i] }));
	let dist: number[][] = points.map((p) =>
		points.map((q) => Math.sqrt(p.reduce((s, x, j) => s + (x - q[j]) ** 2, 0)))
	);
	const merges: RefMerge[] = [];
	while (clusters.length > 1) {
		let bi = -1;
		let bj = -1;
		let best = Infinity;
		for (let i = 0; i < clusters.length; i++)
			for (let j = i + 1; j < clusters.length; j++)
				if (dist[i][j] < best) {
					best = dist[i][j];
					bi = i;
					bj = j;
				}
		if (done(clusters.length, best)) break;
		const [ci, cj] = [clusters[bi], clusters[bj]];
		const ni = ci.rows.length;
		const nj = cj.rows.length;
		const first = ci.rows[0] < cj.rows[0];
		merges.push({ a: first ? ci.rows : cj.rows, b: first ? cj.rows : ci.rows, height: best });
		const merged: Cluster = { rows: [...ci.rows, ...cj.rows].sort((x, y) => x - y) };
		const toNew = clusters.map((ck, k) => {
			if (k === bi || k === bj) return 0;
			const nk = ck.rows.length;
			const v =
				((ni + nk) * dist[k][bi] ** 2 + (nj + nk) * dist[k][bj] ** 2 - nk * best ** 2) / (ni + nj + nk);
			return Math.sqrt(Math.max(0, v));
		});
		const keep = clusters.map((_, k) => k).filter((k) => k !== bi && k !== bj);
		dist = [
			...keep.map((k) => [...keep.map((l) => dist[k][l]), toNew[k]]),
			[...keep.map((k) => toNew[k]), 0]
		];
		const rest = keep.map((k) => clusters[k]);
		clusters.length = 0;
		clusters.push(...rest, merged);
	}
	return {
		merges,
		clusters: clusters.map((c) => c.rows).sort((x, y) => x[0] - y[0])
	};
}

/**
 * Checks that a merge sequence (as row sets) is one the greedy rule allows: at each step the pair merged is
 * at the smallest Ward distance among the clusters then alive (within `tol`, relative), and its height is
 * that distance. Distances from centroids: h = √(2·n_a·n_b/(n_a+n_b))·‖c_a − c_b‖. Returns the first
 * offending step, or −1.
 */
export function firstNonGreedyStep(points: number[][], merges: RefMerge[], tol = 1e-9): number {
	let alive: number[][] = points.map((_, i) => [i]);
	const centroid = (rows: number[]) =>
		points[0].map((_, j) => rows.reduce((s, r) => s + points[r][j], 0) / rows.length);
	const wardH = (a: number[], b: number[]) => {
		const ca = centroid(a);
		const cb = centroid(b);
		const sq = ca.reduce((s, x, j) => s + (x - cb[j]) ** 2, 0);
		return Math.sqrt(((2 * a.length * b.length) / (a.length + b.length)) * sq);
	};
	const same = (x: number[], y: number[]) => x.length === y.length && x.every((v, i) => v === y[i]);
	for (let s = 0; s < merges.length; s++) {
		const { a, b, height } = merges[s];
		if (!alive.some((c) => same(c, a)) || !alive.some((c) => same(c, b))) return s;
		let best = Infinity;
		for (let i = 0; i < alive.length; i++)
			for (let j = i + 1; j < alive.length; j++) best = Math.min(best, wardH(alive[i], alive[j]));
		const h = wardH(a, b);
		if (Math.abs(h - best) > tol * Math.max(1, best) || Math.abs(height - h) > tol * Math.max(1, h)) return s;
		alive = [...alive.filter((c) => !same(c, a) && !same(c, b)), [...a, ...b].sort((x, y) => x - y)];
	}
	return -1;
}
