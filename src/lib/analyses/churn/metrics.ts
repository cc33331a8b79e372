/**
 * How good a churn model is, pure: AUC and the ROC curve, Platt scaling, the calibration curve (SEMANTICS §8:
 * 10 bins of equal count) and the histogram of scores.
 */
import { fitLogistic, sigmoid } from './logistic.ts';

/** The scores of the positives (yᵢ = 1) and of the rest, each sorted ascending (natively: no comparator). */
function byClass(scores: ArrayLike<number>, y: ArrayLike<number>): [Float64Array, Float64Array] {
	let pos = 0;
	for (let i = 0; i < y.length; i++) if (y[i] === 1) pos++;
	const p = new Float64Array(pos);
	const q = new Float64Array(scores.length - pos);
	for (let i = 0, a = 0, b = 0; i < scores.length; i++) {
		if (y[i] === 1) p[a++] = scores[i];
		else q[b++] = scores[i];
	}
	return [p.sort(), q.sort()];
}

/**
 * The area under the ROC curve: the probability that a random positive (yᵢ = 1) scores above a random
 * negative, ties counting one half (the Mann-Whitney U statistic over n₊·n₋). U is counted per positive
 * (negatives below it, plus half those equal) over the two classes sorted apart, O(n log n); it equals the
 * rank-sum form Σ ranks₊ − n₊(n₊ + 1)/2 with average ranks, exactly (both sum half-integers). Null when
 * either class is empty.
 */
export function auc(scores: ArrayLike<number>, y: ArrayLike<number>): number | null {
	const [p, q] = byClass(scores, y);
	if (p.length === 0 || q.length === 0) return null;
	let u = 0;
	let below = 0;
	for (let i = 0; i < p.length;) {
		const s = p[i];
		let j = i;
		while (j < p.length && p[j] === s) j++;
		while (below < q.length && q[below] < s) below++;
		let equal = below;
		while (equal < q.length && q[equal] === s) equal++;
		u += (j - i) * (below + (equal - below) / 2);
		i = j;
	}
	return u / (p.length * q.length);
}

/** One point of the ROC curve: shares of negatives and of positives scoring at or above a threshold. */
export interface RocPoint {
	fpr: number;
	tpr: number;
}

/**
 * The ROC curve from (0, 0) to (1, 1), one point per distinct score (tied scores move both rates at once),
 * thinned to at most `maxPoints` for drawing (the first and last points are kept). Empty when a class is.
 */
export function rocCurve(scores: ArrayLike<number>, y: ArrayLike<number>, maxPoints = 200): RocPoint[] {
	const [p, q] = byClass(scores, y);
	const [pos, neg] = [p.length, q.length];
	if (pos === 0 || neg === 0) return [];
	const pts: RocPoint[] = [{ fpr: 0, tpr: 0 }];
	// From the highest score down: each distinct score moves both rates by its positives and negatives.
	let i = pos - 1;
	let j = neg - 1;
	while (i >= 0 || j >= 0) {
		const s = j < 0 || (i >= 0 && p[i] > q[j]) ? p[i] : q[j];
		while (i >= 0 && p[i] === s) i--;
		while (j >= 0 && q[j] === s) j--;
		pts.push({ fpr: (neg - 1 - j) / neg, tpr: (pos - 1 - i) / pos });
	}
	if (pts.length <= maxPoints) return pts;
	const stride = (pts.length - 1) / (maxPoints - 1);
	return Array.from({ length: maxPoints }, (_, k) => pts[Math.round(k * stride)]);
}

/** Platt's sigmoid: calibrated probability = σ(a·s + b) of a raw score (logit) s. */
export interface Platt {
	a: number;
	b: number;
}

/**
 * Platt scaling (Platt 1999, with the target smoothing of Lin, Lin and Weng 2007, as scikit-learn's
 * CalibratedClassifierCV 'sigmoid'): fits σ(a·s + b) to labels y by maximum likelihood, with targets
 * (N₊ + 1)/(N₊ + 2) for positives and 1/(N₋ + 2) for negatives so that a separable hold-out still gives a
 * finite fit. `s` are raw scores (the model's logits) of rows the model was not trained on.
 */
export function plattScale(s: ArrayLike<number>, y: ArrayLike<number>): Platt {
	let pos = 0;
	for (let i = 0; i < y.length; i++) pos += y[i] === 1 ? 1 : 0;
	const neg = y.length - pos;
	const hi = (pos + 1) / (pos + 2);
	const lo = 1 / (neg + 2);
	const t = Float64Array.from({ length: y.length }, (_, i) => (y[i] === 1 ? hi : lo));
	const fit = fitLogistic([s], t, { l2: 0 });
	return { a: fit.coef[0], b: fit.intercept };
}

/** The calibrated probability of a raw score. */
export function calibrate(p: Platt, s: number): number {
	return sigmoid(p.a * s + p.b);
}

/** One bin of the calibration curve: its rows, their mean predicted probability and the observed rate. */
export interface CalibrationBin {
	n: number;
	predicted: number;
	observed: number;
}

/**
 * The calibration curve (SEMANTICS §8): rows sorted by predicted probability (ties in row order) and cut
 * into `bins` consecutive groups of equal count (the first groups one larger when n does not divide), each
 * with its mean prediction and the share of positives. Fewer bins when there are fewer rows.
 */
export function calibrationBins(prob: ArrayLike<number>, y: ArrayLike<number>, bins = 10): CalibrationBin[] {
	const n = prob.length;
	const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => prob[a] - prob[b] || a - b);
	const k = Math.min(bins, n);
	const out: CalibrationBin[] = [];
	let start = 0;
	for (let b = 0; b < k; b++) {
		const size = Math.floor(n / k) + (b < n % k ? 1 : 0);
		let sp = 0;
		let sy = 0;
		for (let i = start; i < start + size; i++) {
			sp += prob[order[i]];
			sy += y[order[i]];
		}
		out.push({ n: size, predicted: sp / size, observed: sy / size });
		start += size;
	}
	return out;
}

/** One bar of the score histogram: users with a score in [from, to) (the last bar includes 1). */
export interface HistogramBin {
	from: number;
	to: number;
	users: number;
}

/** Scores in 0..1 counted in `bins` bins of equal width. */
export function histogram(prob: ArrayLike<number>, bins = 20): HistogramBin[] {
	const counts = new Array<number>(bins).fill(0);
	for (let i = 0; i < prob.length; i++) counts[Math.min(bins - 1, Math.floor(prob[i] * bins))]++;
	return counts.map((users, i) => ({ from: i / bins, to: (i + 1) / bins, users }));
}
