/**
 * DBSCAN's core (Ester et al. 1996) on a hand-built fixture with hand-derived labels, and the k-d tree
 * version against a plain O(n²) DBSCAN and brute-force nearest neighbours written here, on seeded random
 * points. The reference shares no code with the engine.
 */
import { describe, expect, it } from 'vitest';
import { bruteDbscan } from '../../../../test/unit/support/dbscan-reference.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import { dbscan, kDistance, kneeIndex, NOISE } from './dbscan.ts';
import { buildKdTree, kthNeighbourDistances } from './kdtree.ts';

// eps = 1, minPts = 4, one dimension. A = 0, 0.25, 0.5, 0.75 (each sees all four: core); B = 2.75 … 3.5
// (core); M = 1.75 sees 0.75, itself and 2.75: three rows, a border row within reach of both A and B;
// 4.5 sees 3.5 and itself: a border row of B; 10 alone and the pair 20, 20.5 are noise.
const M = 1.75;
const A = [0, 0.25, 0.5, 0.75];
const B = [2.75, 3, 3.25, 3.5];

describe('DBSCAN on a hand-built fixture', () => {
	it('finds A and B, the border rows, and the noise; M goes to the first cluster found (A)', () => {
		const xs = [M, ...A, 10, ...B, 4.5, 20, 20.5];
		const fit = dbscan(Float64Array.from(xs), xs.length, 1, 1, 4);
		expect(fit.k).toBe(2);
		expect([...fit.labels]).toEqual([0, 0, 0, 0, 0, NOISE, 1, 1, 1, 1, 1, NOISE, NOISE]);
		expect([...fit.core]).toEqual([0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0]);
	});

	it('with B’s rows first, M is reached by B first and joins it', () => {
		const xs = [M, ...B, ...A, 4.5];
		const fit = dbscan(Float64Array.from(xs), xs.length, 1, 1, 4);
		expect([...fit.labels]).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 0]);
	});

	it('distance exactly eps counts (≤ eps), and minPts counts the row itself', () => {
		// Three rows 1 apart: the middle one sees three rows with eps = 1, none of them with eps = 0.999.
		const X = Float64Array.from([0, 1, 2]);
		expect([...dbscan(X, 3, 1, 1, 3).labels]).toEqual([0, 0, 0]);
		expect([...dbscan(X, 3, 1, 0.999, 3).labels]).toEqual([NOISE, NOISE, NOISE]);
		// minPts = 1: every row is a core row of its own.
		expect([...dbscan(X, 3, 1, 0.5, 1).labels]).toEqual([0, 1, 2]);
	});

	it('2-D: two squares and an outlier, each square’s rows core with eps 1, minPts 3', () => {
		const rows = [
			[0, 0],
			[0, 1],
			[1, 0],
			[1, 1],
			[5, 5],
			[5, 6],
			[6, 5],
			[6, 6],
			[3, 3]
		];
		const fit = dbscan(Float64Array.from(rows.flat()), 9, 2, 1, 3);
		expect([...fit.labels]).toEqual([0, 0, 0, 0, 1, 1, 1, 1, NOISE]);
	});
});

describe('the k-d tree against brute force', () => {
	/** Seeded points: a few Gaussian-ish blobs plus uniform scatter, some rows repeated exactly. */
	function points(n: number, d: number, seed: number): number[][] {
		const rand = mulberry32(seed);
		const centers = Array.from({ length: 4 }, () => Array.from({ length: d }, () => rand() * 10));
		return Array.from({ length: n }, (_, i) => {
			if (i % 17 === 5) return Array.from({ length: d }, () => rand() * 12 - 1);
			const c = centers[i % 4];
			const g = () => rand() + rand() + rand() - 1.5;
			return c.map((x) => Math.round((x + g()) * 20) / 20);
		});
	}

	for (const [d, eps, minPts, seed] of [
		[2, 0.3, 5, 1],
		[2, 0.15, 4, 2],
		[3, 0.6, 8, 3],
		[5, 1.2, 5, 4],
		[1, 0.05, 3, 5]
	]) {
		it(`identical labels to the O(n²) reference: d = ${d}, eps = ${eps}, minPts = ${minPts}`, () => {
			const rows = points(1500, d, seed);
			const fit = dbscan(Float64Array.from(rows.flat()), rows.length, d, eps, minPts);
			const ref = bruteDbscan(rows, eps, minPts);
			expect(new Set(ref).size).toBeGreaterThan(2); // several clusters and noise: not a trivial case
			expect(ref).toContain(-1);
			expect([...fit.labels]).toEqual(ref);
		});
	}

	it('k-th neighbour distances equal brute force (the row itself first)', () => {
		const rows = points(800, 3, 9);
		const X = Float64Array.from(rows.flat());
		const tree = buildKdTree(X, rows.length, 3);
		for (const k of [1, 2, 5, 12]) {
			const got = kthNeighbourDistances(tree, X, k);
			rows.forEach((p, i) => {
				const all = rows.map((q) => Math.hypot(...q.map((x, j) => x - p[j]))).sort((a, b) => a - b);
				expect(got[i]).toBeCloseTo(all[k - 1], 12);
			});
		}
	});

	it('a row is a core row exactly when its k-distance (k = minPts) is ≤ eps', () => {
		const rows = points(1000, 2, 11);
		const X = Float64Array.from(rows.flat());
		const fit = dbscan(X, rows.length, 2, 0.25, 6);
		const kd = kthNeighbourDistances(buildKdTree(X, rows.length, 2), X, 6);
		expect([...fit.core]).toEqual([...kd].map((x) => (x <= 0.25 ? 1 : 0)));
	});
});

describe('the k-distance plot', () => {
	it('the knee of a curve flat then steep is where it turns', () => {
		// 90 values at 1..1.09, then 10 rising steeply to 50: the turn is at index 89.
		const ys = Float64Array.from([
			...Array.from({ length: 90 }, (_, i) => 1 + i / 1000),
			...Array.from({ length: 10 }, (_, i) => 5 * (i + 1))
		]);
		expect(kneeIndex(ys)).toBe(89);
		expect(kneeIndex(Float64Array.from([2, 2, 2, 2]))).toBeNull();
		expect(kneeIndex(Float64Array.from([1, 2]))).toBeNull();
	});

	it('the curve is sorted, thinned to at most 401 points, and ends at the largest distance', () => {
		const rows = points2(5000);
		const X = Float64Array.from(rows.flat());
		const r = kDistance(X, 5000, 2, 4);
		expect(r.curve.length).toBeLessThanOrEqual(401);
		expect(r.curve[r.curve.length - 1].rank).toBe(5000);
		for (let i = 1; i < r.curve.length; i++)
			expect(r.curve[i].distance).toBeGreaterThanOrEqual(r.curve[i - 1].distance);
		expect(r.knee).not.toBeNull();
	});
});

function points2(n: number): number[][] {
	const rand = mulberry32(42);
	return Array.from({ length: n }, (_, i) =>
		i % 10 === 0 ? [rand() * 100, rand() * 100] : [rand(), rand()]
	);
}
