/**
 * k-means (SEMANTICS §8) against independent references: the Mall customers table (one row per customer, no
 * time) against test/fixtures/clustering/mall_reference.json (plain Python, best of 200 random-start Lloyd
 * runs, committed beside its script), ml-kmeans on data the test makes, a hand-computed case, and silhouette
 * and Davies-Bouldin written out here from their definitions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import { fitKmeans } from './lloyd.ts';
import { daviesBouldin, silhouettes } from './metrics.ts';
import type { KmeansElbowResult, KmeansResult, KmeansSpecInput } from './spec.ts';

const ROOT = path.resolve(__dirname, '../../../..');
const MALL = path.join(ROOT, 'test/fixtures/data/mall-customers/Mall_Customers.csv');
const FEATURES = [
	{ agg: 'first' as const, column: 'Annual Income (k$)', name: 'income' },
	{ agg: 'first' as const, column: 'Spending Score (1-100)', name: 'score' }
];

interface Reference {
	inertia: number;
	silhouette: number;
	daviesBouldin: number;
	clusters: { size: number; income: number; score: number }[];
}

let duck: Database;
let mall: EngineCore;
let reference: Record<string, Reference>;

beforeAll(async () => {
	duck = await createNodeDuck();
	mall = new EngineCore(duck);
	await mall.ingest([await nodeSource(MALL)], { columns: { user: 'CustomerID' } });
	reference = JSON.parse(
		await readFile(path.join(ROOT, 'test/fixtures/clustering/mall_reference.json'), 'utf8')
	);
});

/** Blobs around `centers` (seeded), as rows. */
function blobs(n: number, centers: number[][], spread: number, seed: number): number[][] {
	const rand = mulberry32(seed);
	return Array.from({ length: n }, (_, i) =>
		centers[i % centers.length].map((c) => c + (rand() - 0.5) * spread)
	);
}

/** Silhouette from its definition (Rousseeuw 1987): a(i) own-cluster mean distance, b(i) nearest other. */
function silhouetteRef(rows: number[][], labels: number[]): number {
	const dist = (a: number[], b: number[]) => Math.hypot(...a.map((x, j) => x - b[j]));
	let total = 0;
	rows.forEach((p, i) => {
		const by = new Map<number, number[]>();
		rows.forEach((q, t) => {
			if (t !== i) by.set(labels[t], [...(by.get(labels[t]) ?? []), dist(p, q)]);
		});
		const own = by.get(labels[i]);
		if (!own) return;
		const a = own.reduce((s, x) => s + x, 0) / own.length;
		const b = Math.min(
			...[...by].filter(([c]) => c !== labels[i]).map(([, v]) => v.reduce((s, x) => s + x, 0) / v.length)
		);
		total += (b - a) / Math.max(a, b);
	});
	return total / rows.length;
}

function dbRef(rows: number[][], labels: number[]): number {
	const ids = [...new Set(labels)];
	const members = (c: number) => rows.filter((_, i) => labels[i] === c);
	const cent = ids.map((c) =>
		members(c)[0].map((_, j) => members(c).reduce((s, p) => s + p[j], 0) / members(c).length)
	);
	const spread = ids.map(
		(c, a) =>
			members(c).reduce((s, p) => s + Math.hypot(...p.map((x, j) => x - cent[a][j])), 0) / members(c).length
	);
	const worst = ids.map((_, a) =>
		Math.max(
			...ids.map((__, b) =>
				a === b ? 0 : (spread[a] + spread[b]) / Math.hypot(...cent[a].map((x, j) => x - cent[b][j]))
			)
		)
	);
	return worst.reduce((s, x) => s + x, 0) / ids.length;
}

describe('k-means on Mall customers (no time column) vs the plain-Python reference', () => {
	for (const k of [2, 3, 4, 5, 6]) {
		it(`k = ${k}: inertia within 1e-6 of the best of 200 restarts, centroids, silhouette, Davies-Bouldin`, async () => {
			const ref = reference[String(k)];
			const r = (await mall.result({
				kind: 'kmeans',
				features: FEATURES,
				scale: 'zscore',
				k,
				// Ten restarts can end in a local optimum 0.4 % worse on this table (k = 2, 6); a hundred reach the best.
				nInit: 100
			})) as KmeansResult;
			expect(r.users).toBe(200);
			expect(Math.abs(r.inertia - ref.inertia) / ref.inertia).toBeLessThan(1e-6);
			const got = r.clusters.map((c) => ({
				size: c.size,
				income: c.centroid.income,
				score: c.centroid.score
			}));
			got.sort((a, b) => b.size - a.size || a.income - b.income);
			got.forEach((c, i) => {
				expect(c.size).toBe(ref.clusters[i].size);
				expect(c.income).toBeCloseTo(ref.clusters[i].income, 9);
				expect(c.score).toBeCloseTo(ref.clusters[i].score, 9);
			});
			expect(r.silhouette).toBeCloseTo(ref.silhouette, 9);
			expect(r.daviesBouldin).toBeCloseTo(ref.daviesBouldin, 9);
			expect(r.silhouetteSample).toBeNull();
		});
	}

	it('the elbow over k = 1..8 never beats the reference, and has no silhouette at k = 1', async () => {
		const r = (await mall.result({
			kind: 'kmeans',
			features: FEATURES,
			scale: 'zscore',
			k: [1, 8]
		})) as KmeansElbowResult;
		expect(r.elbow.map((e) => e.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(r.elbow[0].silhouette).toBeNull();
		expect(r.elbow[0].inertia).toBeCloseTo(400, 9); // z-scored: n × d
		for (const e of r.elbow.slice(1)) {
			const ref = reference[String(e.k)];
			expect(e.inertia).toBeGreaterThanOrEqual(ref.inertia * (1 - 1e-9));
			expect(e.inertia).toBeLessThan(ref.inertia * 1.02);
		}
		expect(r.elbow[4].silhouette).toBeCloseTo(reference['5'].silhouette, 9);
	});

	it('the same spec gives the same clusters; profiles and labels come in original units', async () => {
		const spec: KmeansSpecInput = {
			kind: 'kmeans',
			features: FEATURES,
			scale: 'zscore',
			k: 5,
			seed: 3,
			perUser: true,
			plot: true
		};
		const a = (await mall.result(spec)) as KmeansResult;
		const b = (await mall.result(spec)) as KmeansResult;
		expect(b).toEqual(a);
		expect(a.rows).toHaveLength(200);
		const sizes = a.clusters.map((_, c) => a.rows!.filter((r) => r.cluster === c).length);
		expect(sizes).toEqual(a.clusters.map((c) => c.size));
		expect(a.overall.mean.income).toBeCloseTo(60.56, 9);
		const rich = a.clusters.find((c) => c.centroid.income > 80 && c.centroid.score > 70)!;
		expect(rich.label).toBe('high score, high income');
		expect(a.plot!.x).toHaveLength(200);
		expect(a.plot!.explained.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
	});

	it('a time feature on data with no time column, or an average of a text column, is refused in plain words', async () => {
		await expect(mall.result({ kind: 'kmeans', features: [{ agg: 'recency_days' }] })).rejects.toThrow(
			/no time column/
		);
		await expect(
			mall.result({ kind: 'kmeans', features: [{ agg: 'avg', column: 'Gender' }] })
		).rejects.toThrow(/"Gender", which does not hold numbers/);
	});
});

describe('k-means core vs ml-kmeans and by hand', () => {
	it('four points on a line: centers 0.5 and 10.5, inertia 1', () => {
		const X = Float64Array.from([0, 1, 10, 11]);
		const fit = fitKmeans(X, 4, 1, { k: 2, seed: 0, nInit: 3, maxIter: 100 });
		expect([...fit.centers].sort((a, b) => a - b)).toEqual([0.5, 10.5]);
		expect(fit.inertia).toBe(1);
	});

	it('matches the best of 50 ml-kmeans runs on 3-D blobs, whole and from a sampled start', () => {
		const rows = blobs(
			3000,
			[
				[0, 0, 0],
				[4, 1, 0],
				[0, 5, 2],
				[3, 3, 6]
			],
			3,
			7
		);
		const X = Float64Array.from(rows.flat());
		let best = Infinity;
		let bestCenters: number[][] = [];
		for (let s = 0; s < 50; s++) {
			const r = mlKmeans(rows, 4, { seed: s, initialization: 'kmeans++' });
			const inertia = rows.reduce(
				(t, p, i) => t + p.reduce((u, x, j) => u + (x - r.centroids[r.clusters[i]][j]) ** 2, 0),
				0
			);
			if (inertia < best) {
				best = inertia;
				bestCenters = r.centroids;
			}
		}
		const whole = fitKmeans(X, 3000, 3, { k: 4, seed: 1, nInit: 10, maxIter: 300 });
		expect(Math.abs(whole.inertia - best) / best).toBeLessThan(1e-6);
		const mine = Array.from({ length: 4 }, (_, c) => [...whole.centers.subarray(c * 3, c * 3 + 3)]).sort(
			(a, b) => a[0] - b[0] || a[1] - b[1]
		);
		const theirs = [...bestCenters].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
		mine.forEach((c, i) => c.forEach((x, j) => expect(x).toBeCloseTo(theirs[i][j], 6)));
		const sampled = fitKmeans(X, 3000, 3, { k: 4, seed: 1, nInit: 10, maxIter: 300, sampleSize: 400 });
		expect(sampled.startRows).toBe(400);
		expect(Math.abs(sampled.inertia - best) / best).toBeLessThan(1e-6);
	});

	it('silhouette and Davies-Bouldin equal their definitions on the same labels', () => {
		const rows = blobs(
			240,
			[
				[0, 0],
				[3, 0],
				[0, 3]
			],
			4,
			3
		);
		const X = Float64Array.from(rows.flat());
		const fit = fitKmeans(X, 240, 2, { k: 3, seed: 0, nInit: 4, maxIter: 100 });
		const labels = [...fit.labels];
		const all = Int32Array.from(rows.keys());
		const [s] = silhouettes(X, 2, [fit.labels], [3], all);
		expect(s).toBeCloseTo(silhouetteRef(rows, labels), 12);
		expect(daviesBouldin(X, 240, 2, fit.labels, 3)).toBeCloseTo(dbRef(rows, labels), 12);
		// A singleton cluster scores 0, as scikit-learn's.
		const odd = Int32Array.from(labels.map((l, i) => (i === 0 ? 3 : l)));
		const [s4] = silhouettes(X, 2, [odd], [4], all);
		expect(s4).toBeCloseTo(silhouetteRef(rows, [...odd]), 12);
	});
});
