/**
 * DBSCAN (Ester, Kriegel, Sander & Xu 1996, "A density-based algorithm for discovering clusters in large
 * spatial databases with noise", KDD-96), on a k-d tree, and the k-distance plot the paper proposes for
 * choosing eps. Pure computation on typed arrays (runs in the worker).
 */
import { buildKdTree, kthNeighbourDistances, withinRadius } from './kdtree.ts';

/** The label of a noise row. */
export const NOISE = -1;
const UNCLASSIFIED = -2;

export interface DbscanFit {
	/** Cluster of each row, numbered 0.. in the order found (scanning rows in order); NOISE for noise. */
	labels: Int32Array;
	/** 1 for a core row (at least minPts rows, itself included, within eps). */
	core: Uint8Array;
	/** Clusters found. */
	k: number;
}

/**
 * DBSCAN of the `n × d` table X (Euclidean). A row is a core row when at least `minPts` rows, itself
 * included, lie within distance ≤ `eps`. Clusters are the sets of core rows joined by chains of core rows
 * each within eps of the next, plus the border rows within eps of one of their core rows; a border row
 * within reach of several clusters goes to the first found, as in the paper's ExpandCluster (rows scanned
 * in order, each cluster expanded completely before the next starts). The rest is noise. Every row is
 * queried once. `eps` > 0, `minPts` ≥ 1.
 */
export function dbscan(X: Float64Array, n: number, d: number, eps: number, minPts: number): DbscanFit {
	const tree = buildKdTree(X, n, d);
	const labels = new Int32Array(n).fill(UNCLASSIFIED);
	const core = new Uint8Array(n);
	const nb = new Int32Array(n);
	const stack = new Int32Array(128);
	// Each row enters the seeds at most once (when it leaves UNCLASSIFIED), so n slots suffice.
	const seeds = new Int32Array(n);
	let k = 0;
	for (let p = 0; p < n; p++) {
		if (labels[p] !== UNCLASSIFIED) continue;
		let count = withinRadius(tree, X, p, eps, nb, stack);
		if (count < minPts) {
			labels[p] = NOISE;
			continue;
		}
		const c = k++;
		core[p] = 1;
		labels[p] = c;
		let head = 0;
		let tail = 0;
		for (let i = 0; i < count; i++) {
			const q = nb[i];
			if (labels[q] === UNCLASSIFIED) seeds[tail++] = q;
			if (labels[q] < 0) labels[q] = c;
		}
		while (head < tail) {
			const q = seeds[head++];
			count = withinRadius(tree, X, q, eps, nb, stack);
			if (count < minPts) continue;
			core[q] = 1;
			for (let i = 0; i < count; i++) {
				const r = nb[i];
				if (labels[r] === UNCLASSIFIED) seeds[tail++] = r;
				if (labels[r] < 0) labels[r] = c;
			}
		}
	}
	return { labels, core, k };
}

/** The k-distance curve is drawn with at most this many points. */
export const CURVE_POINTS = 400;

export interface KDistance {
	/** k = minPts: the distance to the k-th nearest row, the row itself counted first. */
	k: number;
	/** Rows ranked by that distance, ascending; a thinned set of (rank from 1, distance), the last included. */
	curve: { rank: number; distance: number }[];
	/** The knee's rank and distance: the suggested eps. Null with fewer than 3 rows or a flat curve. */
	knee: { rank: number; distance: number } | null;
}

/**
 * The knee of an ascending curve: the point farthest below the straight line from its first to its last
 * point, both axes scaled to 0..1 (the "kneedle" idea, Satopää et al. 2011, without smoothing). Its index,
 * or null when the curve is flat or has fewer than 3 points.
 */
export function kneeIndex(sorted: Float64Array): number | null {
	const m = sorted.length;
	if (m < 3) return null;
	const y0 = sorted[0];
	const span = sorted[m - 1] - y0;
	if (!(span > 0)) return null;
	let best = -Infinity;
	let at = -1;
	for (let i = 0; i < m; i++) {
		const gap = i / (m - 1) - (sorted[i] - y0) / span;
		if (gap > best) {
			best = gap;
			at = i;
		}
	}
	return best > 0 ? at : null;
}

/** The sorted k-distance curve of X (k = minPts) and its knee (Ester et al. 1996, section 4.2). `k` ≤ n. */
export function kDistance(X: Float64Array, n: number, d: number, k: number): KDistance {
	const tree = buildKdTree(X, n, d);
	const dist = kthNeighbourDistances(tree, X, k).sort();
	const curve: KDistance['curve'] = [];
	const step = Math.max(1, n / CURVE_POINTS);
	for (let f = 0; f < n; f += step) {
		const i = Math.floor(f);
		curve.push({ rank: i + 1, distance: dist[i] });
	}
	if (n > 0 && curve[curve.length - 1].rank !== n) curve.push({ rank: n, distance: dist[n - 1] });
	const i = kneeIndex(dist);
	return { k, curve, knee: i === null ? null : { rank: i + 1, distance: dist[i] } };
}
