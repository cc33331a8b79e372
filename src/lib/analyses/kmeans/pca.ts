/**
 * Principal components (SEMANTICS §8 `pca`) of the scaled feature table for the 2-D scatter: the covariance
 * matrix is accumulated here in one pass over the typed array (a million rows as ml-matrix rows would cost
 * ~10× more), and ml-pca decomposes the d × d matrix (`isCovarianceMatrix`) into components and explained
 * variance. 1M × 8: 0.1–0.25 s of CPU under Node (docs/PERFORMANCE.md).
 */
import { PCA } from 'ml-pca';
import { Rng } from '../../demo/rng.ts';
import { sampleRows } from './lloyd.ts';

/** The scatter draws at most this many users; beyond, a seeded sample. */
export const PLOT_POINTS = 100_000;

export interface PcaResult {
	/** Share of the total variance of each component, largest first (sums to 1; all 0 for constant data). */
	explained: number[];
	/** Variance of each component (eigenvalues of the covariance matrix, divisor n − 1). */
	eigenvalues: number[];
	/**
	 * The first two components as weights per feature (unit length; the sign is fixed so that the largest
	 * weight is positive). A single feature has one component; the second is then all 0.
	 */
	components: number[][];
	/** Mean of each scaled feature, subtracted before projecting. */
	means: number[];
}

/**
 * Covariance (n − 1 divisor; 0 for one row) and means of a row-major `n × d` table, in one pass over X:
 * sums and cross-products of the rows shifted by the first row (the shifted-data algorithm, which keeps
 * the precision a two-pass computation has when the data sit far from 0).
 */
export function covariance(X: Float64Array, n: number, d: number): { cov: number[][]; means: number[] } {
	const shift = X.slice(0, d);
	const sum = new Float64Array(d);
	const acc = new Float64Array(d * d);
	const row = new Float64Array(d);
	for (let i = 0; i < n; i++) {
		for (let j = 0; j < d; j++) sum[j] += row[j] = X[i * d + j] - shift[j];
		for (let a = 0; a < d; a++) {
			const ra = row[a];
			for (let b = a, o = a * d + a; b < d; b++, o++) acc[o] += ra * row[b];
		}
	}
	const means = Array.from(shift, (k, j) => (n ? k + sum[j] / n : 0));
	const div = n > 1 ? n - 1 : 1;
	const at = (a: number, b: number) => (acc[a * d + b] - (n ? (sum[a] * sum[b]) / n : 0)) / div;
	const cov = Array.from({ length: d }, (_, a) =>
		Array.from({ length: d }, (_, b) => (a <= b ? at(a, b) : at(b, a)))
	);
	return { cov, means };
}

/** Principal components of the `n × d` table X. */
export function principalComponents(X: Float64Array, n: number, d: number): PcaResult {
	const { cov, means } = covariance(X, n, d);
	const pca = new PCA(cov, { isCovarianceMatrix: true });
	const eigenvalues = pca.getEigenvalues().map((v) => Math.max(0, v));
	const total = eigenvalues.reduce((s, v) => s + v, 0);
	const vectors = pca.getEigenvectors();
	const components = [0, 1].map((c) => {
		if (c >= d) return new Array<number>(d).fill(0);
		const v = vectors.getColumn(c);
		const lead = v.reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0);
		return lead < 0 ? v.map((x) => -x) : v;
	});
	return {
		explained: eigenvalues.map((v) => (total > 0 ? v / total : 0)),
		eigenvalues,
		components,
		means
	};
}

/** 2-D coordinates of rows `rows` of X on the first two components. */
export function project(
	X: Float64Array,
	d: number,
	pca: PcaResult,
	rows: Int32Array
): { x: number[]; y: number[] } {
	const x = new Array<number>(rows.length);
	const y = new Array<number>(rows.length);
	const [c0, c1] = pca.components;
	rows.forEach((r, i) => {
		let a = 0;
		let b = 0;
		for (let j = 0; j < d; j++) {
			const v = X[r * d + j] - pca.means[j];
			a += v * c0[j];
			b += v * c1[j];
		}
		x[i] = a;
		y[i] = b;
	});
	return { x, y };
}

/** The rows the scatter draws: all up to PLOT_POINTS, else a seeded sample of that many. */
export function plotRows(n: number, seed: number): { rows: Int32Array; sampled: boolean } {
	return { rows: sampleRows(n, PLOT_POINTS, new Rng(seed, -3)), sampled: n > PLOT_POINTS };
}
