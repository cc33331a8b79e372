/**
 * A k-d tree over the rows of a row-major `n × d` Float64Array (Bentley 1975; median splits on the widest
 * side of each node's bounding box, buckets of at most LEAF rows), for DBSCAN's radius queries and the
 * k-distance plot's nearest neighbours. Euclidean distance. Typed arrays only, so 100,000 rows build in a few
 * tens of milliseconds and a million fit in memory next to the table.
 */

/** A node with more rows than this is split. */
const LEAF = 16;

export interface KdTree {
	n: number;
	d: number;
	/** Rows in tree order: node `t` holds `perm[start[t] .. end[t])`. */
	perm: Int32Array;
	/** The rows' values in tree order (row-major), so a leaf is read from contiguous memory. */
	points: Float64Array;
	start: Int32Array;
	end: Int32Array;
	/** Children of a node, −1 for a leaf. */
	left: Int32Array;
	right: Int32Array;
	/** Bounding box per node: `lo[t * d + j]`, `hi[t * d + j]`. */
	lo: Float64Array;
	hi: Float64Array;
}

/** Puts the `mid`-th smallest value of column `j` among `perm[from..to)` at `mid` (quickselect, Hoare). */
function select(
	X: Float64Array,
	d: number,
	j: number,
	perm: Int32Array,
	from: number,
	to: number,
	mid: number
) {
	let l = from;
	let r = to - 1;
	while (l < r) {
		const pivot = X[perm[(l + r) >>> 1] * d + j];
		let i = l;
		let k = r;
		while (i <= k) {
			while (X[perm[i] * d + j] < pivot) i++;
			while (X[perm[k] * d + j] > pivot) k--;
			if (i <= k) {
				const t = perm[i];
				perm[i] = perm[k];
				perm[k] = t;
				i++;
				k--;
			}
		}
		if (mid <= k) r = k;
		else if (mid >= i) l = i;
		else return;
	}
}

/** Builds the tree of the `n × d` table X (X is not changed). */
export function buildKdTree(X: Float64Array, n: number, d: number): KdTree {
	// Median splits leave at least LEAF / 2 rows per leaf, so at most 4n / LEAF + 1 nodes.
	const cap = Math.max(1, Math.ceil((4 * n) / LEAF) + 1);
	const perm = new Int32Array(n);
	for (let i = 0; i < n; i++) perm[i] = i;
	const start = new Int32Array(cap);
	const end = new Int32Array(cap);
	const left = new Int32Array(cap).fill(-1);
	const right = new Int32Array(cap).fill(-1);
	const lo = new Float64Array(cap * d);
	const hi = new Float64Array(cap * d);
	let count = 0;
	const make = (from: number, to: number): number => {
		const t = count++;
		start[t] = from;
		end[t] = to;
		for (let j = 0; j < d; j++) {
			let a = Infinity;
			let b = -Infinity;
			for (let i = from; i < to; i++) {
				const v = X[perm[i] * d + j];
				if (v < a) a = v;
				if (v > b) b = v;
			}
			lo[t * d + j] = a;
			hi[t * d + j] = b;
		}
		if (to - from <= LEAF) return t;
		let axis = 0;
		for (let j = 1; j < d; j++)
			if (hi[t * d + j] - lo[t * d + j] > hi[t * d + axis] - lo[t * d + axis]) axis = j;
		// All rows equal: nothing to split on.
		if (hi[t * d + axis] === lo[t * d + axis]) return t;
		const mid = (from + to) >>> 1;
		select(X, d, axis, perm, from, to, mid);
		left[t] = make(from, mid);
		right[t] = make(mid, to);
		return t;
	};
	if (n > 0) make(0, n);
	const points = new Float64Array(n * d);
	for (let i = 0; i < n; i++) points.set(X.subarray(perm[i] * d, perm[i] * d + d), i * d);
	return { n, d, perm, points, start, end, left, right, lo, hi };
}

/** Squared distance from point `q` (length d, at offset `qo` of Q) to node `t`'s box: 0 inside it. */
function boxDistance2(tree: KdTree, t: number, Q: Float64Array, qo: number): number {
	const { d, lo, hi } = tree;
	let s = 0;
	for (let j = 0; j < d; j++) {
		const v = Q[qo + j];
		const a = lo[t * d + j];
		const b = hi[t * d + j];
		const u = v < a ? a - v : v > b ? v - b : 0;
		s += u * u;
	}
	return s;
}

/** Squared distance from `q` to the farthest corner of node `t`'s box. */
function boxFar2(tree: KdTree, t: number, Q: Float64Array, qo: number): number {
	const { d, lo, hi } = tree;
	let s = 0;
	for (let j = 0; j < d; j++) {
		const v = Q[qo + j];
		const u = Math.max(v - lo[t * d + j], hi[t * d + j] - v);
		s += u * u;
	}
	return s;
}

/**
 * Writes into `out` the rows (original numbers, in no particular order) within distance `eps` of row `row`
 * of X, the row itself included (distance ≤ eps, as Ester et al.'s Eps-neighbourhood), and returns how many.
 * `out` must hold n entries; `stack` at least 64 (a tree of a billion rows is 30 levels deep).
 */
export function withinRadius(
	tree: KdTree,
	X: Float64Array,
	row: number,
	eps: number,
	out: Int32Array,
	stack: Int32Array
): number {
	const { d, points, perm, start, end, left, right } = tree;
	if (tree.n === 0) return 0;
	const e2 = eps * eps;
	const qo = row * d;
	let found = 0;
	let top = 0;
	stack[top++] = 0;
	while (top > 0) {
		const t = stack[--top];
		if (boxDistance2(tree, t, X, qo) > e2) continue;
		if (boxFar2(tree, t, X, qo) <= e2) {
			// The whole box is within eps: every row in it, without measuring each.
			for (let i = start[t]; i < end[t]; i++) out[found++] = perm[i];
			continue;
		}
		if (left[t] >= 0) {
			stack[top++] = left[t];
			stack[top++] = right[t];
			continue;
		}
		for (let i = start[t]; i < end[t]; i++) {
			let s = 0;
			for (let j = 0; j < d; j++) {
				const u = points[i * d + j] - X[qo + j];
				s += u * u;
			}
			if (s <= e2) out[found++] = perm[i];
		}
	}
	return found;
}

/**
 * The distance from each row of X to its k-th nearest row, the row itself counted first (so k = 1 gives 0):
 * what scikit-learn's `NearestNeighbors(n_neighbors=k).kneighbors(X)` returns in its last column. With
 * k = minPts, a row is a DBSCAN core row exactly when this distance is ≤ eps. `k` ≤ n.
 */
export function kthNeighbourDistances(tree: KdTree, X: Float64Array, k: number): Float64Array {
	const { n, d, points, start, end, left, right } = tree;
	const out = new Float64Array(n);
	// A max-heap of the k smallest squared distances so far.
	const heap = new Float64Array(k);
	let size = 0;
	const push = (v: number) => {
		if (size < k) {
			let i = size++;
			heap[i] = v;
			while (i > 0) {
				const p = (i - 1) >> 1;
				if (heap[p] >= heap[i]) break;
				const t = heap[p];
				heap[p] = heap[i];
				heap[i] = t;
				i = p;
			}
		} else if (v < heap[0]) {
			heap[0] = v;
			let i = 0;
			for (;;) {
				const a = 2 * i + 1;
				const b = a + 1;
				let m = i;
				if (a < size && heap[a] > heap[m]) m = a;
				if (b < size && heap[b] > heap[m]) m = b;
				if (m === i) break;
				const t = heap[m];
				heap[m] = heap[i];
				heap[i] = t;
				i = m;
			}
		}
	};
	const stack = new Int32Array(128);
	const near = new Float64Array(128);
	for (let q = 0; q < n; q++) {
		const qo = q * d;
		size = 0;
		let top = 0;
		stack[top] = 0;
		near[top++] = 0;
		while (top > 0) {
			top--;
			const t = stack[top];
			if (size === k && near[top] >= heap[0]) continue;
			const l = left[t];
			if (l >= 0) {
				const r = right[t];
				const a = boxDistance2(tree, l, X, qo);
				const b = boxDistance2(tree, r, X, qo);
				// The nearer child is visited first (pushed last).
				stack[top] = a <= b ? r : l;
				near[top++] = a <= b ? b : a;
				stack[top] = a <= b ? l : r;
				near[top++] = a <= b ? a : b;
				continue;
			}
			for (let i = start[t]; i < end[t]; i++) {
				let s = 0;
				for (let j = 0; j < d; j++) {
					const u = points[i * d + j] - X[qo + j];
					s += u * u;
				}
				push(s);
			}
		}
		out[q] = Math.sqrt(heap[0]);
	}
	return out;
}
