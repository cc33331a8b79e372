/**
 * Cutting a Ward tree (ward.ts) into flat clusters, by number of clusters or by height (as SciPy's
 * `fcluster(Z, k, 'maxclust')` and `fcluster(Z, h, 'distance')`), and the truncated dendrogram the screen
 * draws (SciPy's `dendrogram(truncate_mode='lastp')`). Pure.
 */
import type { Linkage } from './ward.ts';

/** Number of clusters left when every merge of height ≤ h is made (all rows apart below the first merge). */
export function clustersAtHeight(t: Linkage, h: number): number {
	let lo = 0;
	let hi = t.height.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (t.height[mid] <= h) lo = mid + 1;
		else hi = mid;
	}
	return t.n - lo;
}

/**
 * A height that cuts the tree into k clusters: midway between the last merge made and the first one left
 * out; 0 below the first merge's half for k = n, 5 % above the top merge for k = 1. Where the two merges
 * have the same height no height gives exactly k clusters; the shared height is returned.
 */
export function cutHeight(t: Linkage, k: number): number {
	const m = t.height.length;
	if (m === 0) return 0;
	const made = t.n - k;
	if (made <= 0) return t.height[0] / 2;
	if (made >= m) return t.height[m - 1] * 1.05;
	return (t.height[made - 1] + t.height[made]) / 2;
}

/** Heights of the last `count` merges, highest first: entry i merges i + 2 clusters into i + 1. */
export function topHeights(t: Linkage, count: number): number[] {
	const m = t.height.length;
	return Array.from({ length: Math.min(count, m) }, (_, i) => t.height[m - 1 - i]);
}

/**
 * The cluster of each row after the first n − k merges (1 ≤ k ≤ n), numbered 0..k−1 in the order of each
 * cluster's first row.
 */
export function cutTree(t: Linkage, k: number): Int32Array {
	const { n } = t;
	const parent = new Int32Array(2 * n).fill(-1);
	for (let i = 0; i < n - k; i++) parent[t.left[i]] = parent[t.right[i]] = n + i;
	const rootOf = (x: number): number => {
		let r = x;
		while (parent[r] >= 0) r = parent[r];
		while (parent[x] >= 0) {
			const next = parent[x];
			parent[x] = r;
			x = next;
		}
		return r;
	};
	const number = new Map<number, number>();
	const labels = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		const r = rootOf(i);
		let c = number.get(r);
		if (c === undefined) number.set(r, (c = number.size));
		labels[i] = c;
	}
	return labels;
}

/** A link of the drawn dendrogram: a ⊓ joining two children at x (leaf positions) from their heights up. */
export interface DendrogramLink {
	x: [number, number];
	y: [number, number];
	height: number;
	/** Rows under it. */
	size: number;
	/** The flat cluster it lies in, or −1 for a merge above the cut. */
	cluster: number;
}

export interface Dendrogram {
	/** The collapsed subtrees drawn as leaves, left to right: rows under each and their flat cluster. */
	leaves: { size: number; cluster: number }[];
	links: DendrogramLink[];
}

/**
 * The top of the tree for drawing: its last p − 1 merges in detail over p leaves, each leaf a subtree of
 * the earlier merges collapsed (all rows as leaves when n ≤ p). `labels` and k: the cut (k ≤ p, so each
 * leaf lies in one flat cluster). Children are drawn smaller id first; a merge sits above the middle of its
 * children.
 */
export function dendrogram(t: Linkage, labels: Int32Array, k: number, p: number): Dendrogram {
	const { n } = t;
	const leaves: Dendrogram['leaves'] = [];
	const links: DendrogramLink[] = [];
	if (n === 0) return { leaves, links };
	// A row under every cluster, to read its flat cluster.
	const rep = new Int32Array(2 * n);
	for (let i = 0; i < n; i++) rep[i] = i;
	for (let i = 0; i < n - 1; i++) rep[n + i] = rep[t.left[i]];
	const firstDrawn = n + (n - Math.min(p, n));
	const firstAboveCut = n + (n - k);
	const draw = (id: number): { x: number; y: number } => {
		if (id < firstDrawn) {
			leaves.push({ size: id < n ? 1 : t.size[id - n], cluster: labels[rep[id]] });
			return { x: leaves.length - 1, y: 0 };
		}
		const i = id - n;
		const a = draw(t.left[i]);
		const b = draw(t.right[i]);
		links.push({
			x: [a.x, b.x],
			y: [a.y, b.y],
			height: t.height[i],
			size: t.size[i],
			cluster: id < firstAboveCut ? labels[rep[id]] : -1
		});
		return { x: (a.x + b.x) / 2, y: t.height[i] };
	};
	draw(2 * n - 2);
	return { leaves, links };
}
