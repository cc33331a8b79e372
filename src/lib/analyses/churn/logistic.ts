/**
 * Weighted logistic regression with an L2 penalty, fitted by Newton's method (IRLS), pure and synchronous.
 *
 * Why Newton: churn models here have a handful of features (≤ 8), so the p × p Hessian costs nothing to
 * build and solve, and Newton reaches the optimum to machine precision in about ten passes over the rows
 * with no step size or learning rate to tune; L-BFGS would need many more passes for the same precision.
 * The p × p solve is ml-matrix's Cholesky decomposition (the Hessian is symmetric positive definite).
 *
 * The objective (scikit-learn's LogisticRegression with C = 1/λ and sample weights):
 *   L(b, β) = Σᵢ wᵢ·[−yᵢ·log pᵢ − (1 − yᵢ)·log(1 − pᵢ)] + λ/2·‖β‖²,  pᵢ = σ(b + xᵢ·β),
 * the intercept b unpenalized. Targets y may be soft (in 0..1), which Platt scaling needs.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

export interface LogisticFit {
	intercept: number;
	/** One coefficient per feature column. */
	coef: number[];
	iterations: number;
	converged: boolean;
	/** The objective at the fit. */
	loss: number;
}

export interface LogisticOptions {
	/** L2 penalty λ on the coefficients (not the intercept); 0 for none. */
	l2?: number;
	/** Per-row weights (class weighting); all 1 when left out. */
	weights?: ArrayLike<number>;
	maxIter?: number;
}

/** σ(z) = 1 / (1 + e^−z), without overflow for large |z|. */
export function sigmoid(z: number): number {
	if (z >= 0) return 1 / (1 + Math.exp(-z));
	const e = Math.exp(z);
	return e / (1 + e);
}

/** log(1 + e^z) without overflow: the log-loss of a row in terms of its logit. */
function softplus(z: number): number {
	return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** The linear score b + x·β of row i of column-major features `x` (one array per feature). */
export function logit(
	fit: Pick<LogisticFit, 'intercept' | 'coef'>,
	x: readonly ArrayLike<number>[],
	i: number
) {
	let z = fit.intercept;
	for (let j = 0; j < x.length; j++) z += fit.coef[j] * x[j][i];
	return z;
}

function objective(
	x: readonly ArrayLike<number>[],
	y: ArrayLike<number>,
	w: ArrayLike<number> | undefined,
	l2: number,
	beta: number[]
): number {
	let loss = 0;
	const fit = { intercept: beta[0], coef: beta.slice(1) };
	for (let i = 0; i < y.length; i++) {
		const z = logit(fit, x, i);
		// −y·log σ(z) − (1 − y)·log(1 − σ(z)) = softplus(z) − y·z
		loss += (w ? w[i] : 1) * (softplus(z) - y[i] * z);
	}
	for (let j = 1; j < beta.length; j++) loss += (l2 / 2) * beta[j] * beta[j];
	return loss;
}

/**
 * Fits the model to features `x` (column-major: `x[j][i]` is feature j of row i) and targets `y` in 0..1.
 * Newton steps with step halving when a full step would raise the objective (which keeps it monotone on
 * nearly separable data); stops when no parameter moves by more than 1e-10 (relative). Without a penalty
 * on separable data the optimum is at infinity: the fit stops at `maxIter` with `converged` false.
 * Throws when rows and targets differ in length.
 */
export function fitLogistic(
	x: readonly ArrayLike<number>[],
	y: ArrayLike<number>,
	opts: LogisticOptions = {}
): LogisticFit {
	const n = y.length;
	const p = x.length + 1;
	for (const col of x) if (col.length !== n) throw new Error('Every feature needs one value per row');
	const l2 = opts.l2 ?? 0;
	const w = opts.weights;
	const maxIter = opts.maxIter ?? 100;
	let beta = new Array<number>(p).fill(0);
	let loss = objective(x, y, w, l2, beta);
	const row = new Float64Array(p);
	for (let iter = 1; iter <= maxIter; iter++) {
		const g = new Array<number>(p).fill(0);
		const hh = new Float64Array(p * p);
		const fit = { intercept: beta[0], coef: beta.slice(1) };
		for (let i = 0; i < n; i++) {
			const pi = sigmoid(logit(fit, x, i));
			const wi = w ? w[i] : 1;
			const r = wi * (pi - y[i]);
			const c = wi * pi * (1 - pi);
			row[0] = 1;
			for (let j = 1; j < p; j++) row[j] = x[j - 1][i];
			for (let a = 0; a < p; a++) {
				g[a] += r * row[a];
				const ca = c * row[a];
				for (let b = 0; b <= a; b++) hh[a * p + b] += ca * row[b];
			}
		}
		const h = Matrix.zeros(p, p);
		for (let a = 0; a < p; a++) {
			if (a > 0) {
				g[a] += l2 * beta[a];
				hh[a * p + a] += l2;
			}
			// A tiny ridge keeps the solve defined when every pᵢ is 0 or 1 (separable, no penalty).
			hh[a * p + a] += 1e-12;
			for (let b = 0; b <= a; b++) {
				h.set(a, b, hh[a * p + b]);
				h.set(b, a, hh[a * p + b]);
			}
		}
		const step = new CholeskyDecomposition(h).solve(Matrix.columnVector(g)).to1DArray();
		let t = 1;
		let next = beta.map((v, j) => v - step[j]);
		let nextLoss = objective(x, y, w, l2, next);
		while (nextLoss > loss && t > 1e-8) {
			t /= 2;
			next = beta.map((v, j) => v - t * step[j]);
			nextLoss = objective(x, y, w, l2, next);
		}
		const moved = Math.max(...next.map((v, j) => Math.abs(v - beta[j]) / (1 + Math.abs(v))));
		beta = next;
		loss = nextLoss;
		if (moved < 1e-10)
			return { intercept: beta[0], coef: beta.slice(1), iterations: iter, converged: true, loss };
	}
	return { intercept: beta[0], coef: beta.slice(1), iterations: maxIter, converged: false, loss };
}
