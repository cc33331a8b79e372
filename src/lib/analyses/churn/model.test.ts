/**
 * The churn model's maths against independent computations that share no code with it: logistic regression
 * against plain gradient descent run to convergence and against the closed form of a one-binary-feature
 * model, AUC against a brute-force count over all pairs, Platt scaling against gradient descent on Platt's
 * smoothed targets, and the calibration bins and histogram against hand counts.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import { fitLogistic } from './logistic.ts';
import { auc, calibrationBins, histogram, plattScale, rocCurve } from './metrics.ts';

/** Weighted L2 logistic regression by plain full-batch gradient descent (intercept unpenalized). */
function gradientDescent(
	x: number[][],
	y: number[],
	w: number[],
	l2: number,
	steps = 200_000,
	rate = 0.5
): number[] {
	const p = x[0].length + 1;
	const beta = new Array<number>(p).fill(0);
	const total = w.reduce((s, v) => s + v, 0);
	for (let s = 0; s < steps; s++) {
		const g = new Array<number>(p).fill(0);
		for (let i = 0; i < y.length; i++) {
			let z = beta[0];
			for (let j = 1; j < p; j++) z += beta[j] * x[i][j - 1];
			const r = w[i] * (1 / (1 + Math.exp(-z)) - y[i]);
			g[0] += r;
			for (let j = 1; j < p; j++) g[j] += r * x[i][j - 1];
		}
		for (let j = 1; j < p; j++) g[j] += l2 * beta[j];
		for (let j = 0; j < p; j++) beta[j] -= (rate / total) * g[j];
		if (Math.max(...g.map(Math.abs)) < 1e-11) break;
	}
	return beta;
}

function problem(n: number, seed: number) {
	const rand = mulberry32(seed);
	const x: number[][] = [];
	const y: number[] = [];
	for (let i = 0; i < n; i++) {
		const a = rand() * 2 - 1;
		const b = rand() * 2 - 1;
		const c = rand() < 0.5 ? 1 : 0;
		x.push([a, b, c]);
		const z = -1 + 2 * a - 1.5 * b + 0.8 * c;
		y.push(rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
	}
	return { x, y };
}

const columns = (x: number[][]) => x[0].map((_, j) => Float64Array.from(x, (r) => r[j]));

describe('logistic regression (Newton) finds the optimum plain gradient descent converges to', () => {
	for (const [l2, weighted] of [
		[0, false],
		[1, false],
		[5, true]
	] as const) {
		it(`L2 ${l2}, ${weighted ? 'balanced class weights' : 'unweighted'}`, () => {
			const { x, y } = problem(300, 7 + l2);
			const pos = y.reduce((s, v) => s + v, 0);
			const w = y.map((v) =>
				weighted ? (v === 1 ? y.length / (2 * pos) : y.length / (2 * (y.length - pos))) : 1
			);
			const fit = fitLogistic(columns(x), Float64Array.from(y), { l2, weights: Float64Array.from(w) });
			expect(fit.converged).toBe(true);
			expect(fit.iterations).toBeLessThan(20);
			const ref = gradientDescent(x, y, w, l2);
			expect(fit.intercept).toBeCloseTo(ref[0], 6);
			fit.coef.forEach((c, j) => expect(c).toBeCloseTo(ref[j + 1], 6));
		});
	}

	it('one binary feature without penalty: the closed form logit(rate | x)', () => {
		// x = 0: 3 of 10 positive; x = 1: 6 of 8 positive. MLE: b = logit(0.3), b + β = logit(0.75).
		const x = [...new Array(10).fill(0), ...new Array(8).fill(1)];
		const y = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0];
		const fit = fitLogistic([Float64Array.from(x)], Float64Array.from(y));
		const lg = (p: number) => Math.log(p / (1 - p));
		expect(fit.intercept).toBeCloseTo(lg(0.3), 10);
		expect(fit.coef[0]).toBeCloseTo(lg(0.75) - lg(0.3), 10);
	});

	it('separable data with L2 stays finite and matches the stationary point', () => {
		// x = ±1, y = (x > 0): with λ the optimum solves β·λ = 2·σ(−β) per pair, so β = 2σ(−β)/λ… for n pairs.
		const x = Float64Array.from([-1, -1, 1, 1]);
		const y = Float64Array.from([0, 0, 1, 1]);
		const fit = fitLogistic([x], y, { l2: 1 });
		// Gradient of β by symmetry (b = 0): Σ (pᵢ − yᵢ)xᵢ + λβ = −4·σ(−β) + β = 0.
		const g = -4 / (1 + Math.exp(fit.coef[0])) + fit.coef[0];
		expect(Math.abs(fit.intercept)).toBeLessThan(1e-9);
		expect(Math.abs(g)).toBeLessThan(1e-9);
		expect(fit.coef[0]).toBeGreaterThan(1);
	});
});

describe('AUC and ROC', () => {
	function bruteAuc(s: number[], y: number[]): number {
		let num = 0;
		let den = 0;
		for (let i = 0; i < s.length; i++)
			for (let j = 0; j < s.length; j++)
				if (y[i] === 1 && y[j] === 0) {
					den++;
					num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
				}
		return num / den;
	}

	it('equals the share of positive-negative pairs ordered right, ties one half', () => {
		const rand = mulberry32(3);
		for (let t = 0; t < 20; t++) {
			const n = 5 + Math.floor(rand() * 60);
			// Coarse scores so that ties are common.
			const s = Array.from({ length: n }, () => Math.floor(rand() * 8) / 8);
			const y = s.map((v) => (rand() < 0.3 + 0.5 * v ? 1 : 0));
			if (!y.includes(1) || !y.includes(0)) continue;
			expect(auc(s, y)).toBeCloseTo(bruteAuc(s, y), 12);
		}
	});

	it('the AUC is the pair count exactly, and each ROC point the shares at or above a distinct score', () => {
		const rand = mulberry32(5);
		// Ties, both zeros and a class split as in a churn validation set.
		const s = Array.from({ length: 400 }, () => (rand() < 0.05 ? -0 : Math.round((rand() - 0.5) * 40) / 8));
		const y = s.map((v) => (rand() < 0.5 + v / 10 ? 1 : 0));
		const [pos, neg] = [y.filter((v) => v === 1).length, y.filter((v) => v !== 1).length];
		expect(auc(s, y)).toBe(bruteAuc(s, y));
		const distinct = [...new Set(s.map((v) => v + 0))].sort((a, b) => b - a);
		const atOrAbove = (c: number, v: number) =>
			s.filter((x, i) => x >= v && (y[i] === 1) === (c === 1)).length;
		expect(rocCurve(s, y, 1000)).toEqual([
			{ fpr: 0, tpr: 0 },
			...distinct.map((v) => ({ fpr: atOrAbove(0, v) / neg, tpr: atOrAbove(1, v) / pos }))
		]);
	});

	it('is null with one class only, 1 when perfectly ordered', () => {
		expect(auc([0.1, 0.2], [1, 1])).toBeNull();
		expect(auc([0.1, 0.2, 0.9], [0, 0, 1])).toBe(1);
	});

	it('the ROC curve runs from (0, 0) to (1, 1) and its trapezoid area is the AUC', () => {
		const rand = mulberry32(9);
		const s = Array.from({ length: 150 }, () => Math.floor(rand() * 20));
		const y = s.map((v) => (rand() < v / 20 ? 1 : 0));
		const roc = rocCurve(s, y);
		expect(roc[0]).toEqual({ fpr: 0, tpr: 0 });
		expect(roc.at(-1)).toEqual({ fpr: 1, tpr: 1 });
		let area = 0;
		for (let i = 1; i < roc.length; i++)
			area += ((roc[i].fpr - roc[i - 1].fpr) * (roc[i].tpr + roc[i - 1].tpr)) / 2;
		expect(area).toBeCloseTo(bruteAuc(s, y), 12);
	});
});

describe('Platt scaling', () => {
	it('fits σ(a·s + b) to Platt’s smoothed targets, as gradient descent does', () => {
		const rand = mulberry32(5);
		const s = Array.from({ length: 200 }, () => rand() * 6 - 3);
		const y = s.map((v): number => (rand() < 1 / (1 + Math.exp(-(1.7 * v - 0.4))) ? 1 : 0));
		const pos = y.reduce((a, v) => a + v, 0);
		const t = y.map((v) => (v === 1 ? (pos + 1) / (pos + 2) : 1 / (y.length - pos + 2)));
		const ref = gradientDescent(
			s.map((v) => [v]),
			t,
			t.map(() => 1),
			0
		);
		const p = plattScale(s, y);
		expect(p.b).toBeCloseTo(ref[0], 6);
		expect(p.a).toBeCloseTo(ref[1], 6);
	});

	it('stays finite on a separable hold-out', () => {
		const p = plattScale([-2, -1, 1, 2], [0, 0, 1, 1]);
		expect(Number.isFinite(p.a) && p.a > 0).toBe(true);
	});
});

describe('calibration bins and histogram', () => {
	it('cuts sorted predictions into equal-count bins with mean prediction and observed rate', () => {
		const prob = [0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.8];
		const y = [1, 0, 1, 0, 1, 0, 0];
		// Sorted: 0.1(0) 0.2(0) 0.3(0) | 0.5(1) 0.7(1) | 0.8(0) 0.9(1)
		expect(calibrationBins(prob, y, 3)).toEqual([
			{ n: 3, predicted: (0.1 + 0.2 + 0.3) / 3, observed: 0 },
			{ n: 2, predicted: (0.5 + 0.7) / 2, observed: 1 },
			{ n: 2, predicted: (0.8 + 0.9) / 2, observed: 0.5 }
		]);
	});

	it('counts scores per 0.05 with 1 in the last bar', () => {
		const h = histogram([0, 0.04, 0.05, 0.99, 1], 20);
		expect(h).toHaveLength(20);
		expect(h[0].users).toBe(2);
		expect(h[1].users).toBe(1);
		expect(h[19].users).toBe(2);
	});
});
