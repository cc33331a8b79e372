/**
 * Cluster quality (SEMANTICS §8), Euclidean in the scaled space: the mean silhouette (Rousseeuw 1987, as
 * scikit-learn's `silhouette_score`: a row alone in its cluster scores 0) and the Davies-Bouldin index
 * (Davies & Bouldin 1979, as scikit-learn's `davies_bouldin_score`).
 */
import { Rng } from '../../demo/rng.ts';
import { sampleRows } from './lloyd.ts';

/** Silhouettes are exact up to this many rows, else computed on a seeded sample of this size. */
export const SILHOUETTE_EXACT = 10_000;

/**
 * The mean silhouette of several labelings of the same rows at once: one value per labeling, null when it
 * has fewer than 2 or as many clusters as rows. `rows`: the rows to score.
 *
 * Each distance between two scored rows is computed once and added to both rows' per-cluster sums of
 * every labeling (`m × Σk` sums), so an elbow over ten values of k costs one pass over the m² / 2 pairs,
 * not ten: the reuse a full distance matrix would give without its m² memory (10,000 rows: 400 MB as
 * 32-bit floats). The scored rows are first copied side by side, as reading them scattered over a large
 * table cost a cache miss per pair (13.9 s of CPU for one k on a 10,000-row sample of 1M rows, against
 * 0.3–0.6 s now; docs/PERFORMANCE.md).
 */
export function silhouettes(
	X: Float64Array,
	d: number,
	labelings: readonly Int32Array[],
	ks: readonly number[],
	rows: Int32Array
): (number | null)[] {
	const m = rows.length;
	const L = labelings.length;
	const offsets: number[] = [];
	let width = 0;
	for (const k of ks) {
		offsets.push(width);
		width += k;
	}
	const P = new Float64Array(m * d);
	rows.forEach((r, i) => P.set(X.subarray(r * d, r * d + d), i * d));
	// Where row t's distances go in a row's sums, per labeling: its cluster's slot.
	const slot = new Int32Array(m * L);
	const sizes = ks.map((k) => new Float64Array(k));
	for (let a = 0; a < L; a++)
		for (let t = 0; t < m; t++) {
			const c = labelings[a][rows[t]];
			slot[t * L + a] = offsets[a] + c;
			sizes[a][c]++;
		}
	const sums = new Float64Array(m * width);
	for (let i = 0; i < m; i++) {
		const pi = i * d;
		const si = i * width;
		for (let t = i + 1; t < m; t++) {
			const pt = t * d;
			let s = 0;
			for (let j = 0; j < d; j++) {
				const u = P[pi + j] - P[pt + j];
				s += u * u;
			}
			const dist = Math.sqrt(s);
			const st = t * width;
			for (let a = 0; a < L; a++) {
				sums[si + slot[t * L + a]] += dist;
				sums[st + slot[i * L + a]] += dist;
			}
		}
	}
	const total = new Float64Array(L);
	for (let a = 0; a < L; a++) {
		const k = ks[a];
		if (k < 2) continue;
		const o = offsets[a];
		for (let i = 0; i < m; i++) {
			const own = slot[i * L + a] - o;
			const n = sizes[a][own];
			if (n <= 1) continue;
			const base = i * width + o;
			const inner = sums[base + own] / (n - 1);
			let nearest = Infinity;
			for (let c = 0; c < k; c++)
				if (c !== own && sizes[a][c] > 0) nearest = Math.min(nearest, sums[base + c] / sizes[a][c]);
			const top = Math.max(inner, nearest);
			total[a] += top > 0 ? (nearest - inner) / top : 0;
		}
	}
	return ks.map((k, a) => {
		const used = sizes[a].filter((s) => s > 0).length;
		return k < 2 || used < 2 || used >= m ? null : total[a] / m;
	});
}

/**
 * The rows a silhouette is computed on: all up to SILHOUETTE_EXACT, else a seeded sample of that many.
 * `sampled` says which.
 */
export function silhouetteRows(n: number, seed: number): { rows: Int32Array; sampled: boolean } {
	return { rows: sampleRows(n, SILHOUETTE_EXACT, new Rng(seed, -2)), sampled: n > SILHOUETTE_EXACT };
}

/**
 * Davies-Bouldin index of a labeling: the mean over clusters of the largest (s_i + s_j) / |c_i − c_j|, s the
 * mean distance of a cluster's rows to its centroid (the mean of its rows). Lower is better; null with fewer
 * than 2 non-empty clusters. Coinciding centroids count as 0, as scikit-learn does.
 */
export function daviesBouldin(
	X: Float64Array,
	n: number,
	d: number,
	labels: Int32Array,
	k: number
): number | null {
	const cent = new Float64Array(k * d);
	const size = new Float64Array(k);
	for (let i = 0; i < n; i++) {
		size[labels[i]]++;
		for (let j = 0; j < d; j++) cent[labels[i] * d + j] += X[i * d + j];
	}
	const used: number[] = [];
	for (let c = 0; c < k; c++) if (size[c] > 0) used.push(c);
	if (used.length < 2) return null;
	for (const c of used) for (let j = 0; j < d; j++) cent[c * d + j] /= size[c];
	const scatter = new Float64Array(k);
	for (let i = 0; i < n; i++) {
		const c = labels[i];
		let s = 0;
		for (let j = 0; j < d; j++) s += (X[i * d + j] - cent[c * d + j]) ** 2;
		scatter[c] += Math.sqrt(s);
	}
	for (const c of used) scatter[c] /= size[c];
	let total = 0;
	for (const a of used) {
		let worst = 0;
		for (const b of used) {
			if (a === b) continue;
			let s = 0;
			for (let j = 0; j < d; j++) s += (cent[a * d + j] - cent[b * d + j]) ** 2;
			const sep = Math.sqrt(s);
			if (sep > 0) worst = Math.max(worst, (scatter[a] + scatter[b]) / sep);
		}
		total += worst;
	}
	return total / used.length;
}
