/**
 * PCA (SEMANTICS §8) against a direct eigen decomposition (ml-matrix EigenvalueDecomposition) of a
 * covariance matrix computed here from the rows, on correlated data the test makes.
 */
import { describe, expect, it } from 'vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import { principalComponents, project } from './pca.ts';

function correlated(n: number, seed: number): number[][] {
	const rand = mulberry32(seed);
	return Array.from({ length: n }, () => {
		const a = rand() * 10;
		const b = rand() * 3;
		return [a, 2 * a + b, b - a / 2 + rand(), rand() * 0.5];
	});
}

describe('PCA vs a direct eigen decomposition of the covariance', () => {
	it('explained variance, components (up to sign) and projected variance', () => {
		const rows = correlated(2000, 4);
		const n = rows.length;
		const d = 4;
		const mean = [0, 1, 2, 3].map((j) => rows.reduce((s, r) => s + r[j], 0) / n);
		const cov = [0, 1, 2, 3].map((a) =>
			[0, 1, 2, 3].map((b) => rows.reduce((s, r) => s + (r[a] - mean[a]) * (r[b] - mean[b]), 0) / (n - 1))
		);
		const evd = new EigenvalueDecomposition(new Matrix(cov));
		const values = evd.realEigenvalues;
		const order = values.map((v, i) => ({ v, i })).sort((x, y) => y.v - x.v);
		const total = values.reduce((s, v) => s + v, 0);

		const X = Float64Array.from(rows.flat());
		const pca = principalComponents(X, n, d);
		pca.explained.forEach((e, c) => expect(e).toBeCloseTo(order[c].v / total, 10));
		for (const c of [0, 1]) {
			const ref = evd.eigenvectorMatrix.getColumn(order[c].i);
			const sign = Math.sign(ref.reduce((s, x, j) => s + x * pca.components[c][j], 0));
			pca.components[c].forEach((x, j) => expect(x).toBeCloseTo(sign * ref[j], 8));
		}
		// The projected coordinates have the eigenvalues as variances and are uncorrelated.
		const { x, y } = project(X, d, pca, Int32Array.from(rows.keys()));
		const mx = x.reduce((s, v) => s + v, 0) / n;
		const my = y.reduce((s, v) => s + v, 0) / n;
		expect(mx).toBeCloseTo(0, 9);
		expect(x.reduce((s, v) => s + (v - mx) ** 2, 0) / (n - 1)).toBeCloseTo(order[0].v, 8);
		expect(y.reduce((s, v) => s + (v - my) ** 2, 0) / (n - 1)).toBeCloseTo(order[1].v, 8);
		expect(x.reduce((s, v, i) => s + (v - mx) * (y[i] - my), 0) / (n - 1)).toBeCloseTo(0, 8);
	});

	it('one feature: one component of weight 1, the second all zero', () => {
		const pca = principalComponents(Float64Array.from([1, 2, 4, 8]), 4, 1);
		expect(pca.explained).toEqual([1]);
		expect(pca.components).toEqual([[1], [0]]);
	});
});
