/**
 * The DBSCAN analysis (SEMANTICS §8 `dbscan`) through the engine under Node: a hand-built table with known
 * clusters, border rows and noise (test/fixtures/clustering/dbscan_hand.csv, labels derived by hand below),
 * the Mall customers table against the plain O(n²) DBSCAN of test/unit/support on z-scores computed here, the
 * k-distance curve, and the spec's checks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import { parseAnalysis } from '../spec.ts';
import { bruteDbscan, silhouetteOfClustered } from '../../../../test/unit/support/dbscan-reference.ts';
import { parseDbscan, type DbscanKDistanceResult, type DbscanResult } from './spec.ts';

const ROOT = path.resolve(__dirname, '../../../..');
const HAND = path.join(ROOT, 'test/fixtures/clustering/dbscan_hand.csv');
const MALL = path.join(ROOT, 'test/fixtures/data/mall-customers/Mall_Customers.csv');
const XY = [
	{ agg: 'first' as const, column: 'x', name: 'x' },
	{ agg: 'first' as const, column: 'y', name: 'y' }
];

let hand: EngineCore;
let mall: EngineCore;

beforeAll(async () => {
	hand = new EngineCore(await createNodeDuck());
	await hand.ingest([await nodeSource(HAND)], { columns: { user: 'id' } });
	mall = new EngineCore(await createNodeDuck());
	await mall.ingest([await nodeSource(MALL)], { columns: { user: 'CustomerID' } });
});

// Unscaled, eps = 1, minPts = 4. P is the 3 × 3 grid x, y ∈ {0, 1, 2}: its centre and edge midpoints see
// four or five rows (core), its corners three (border). Q is x ∈ {4, 5}, y ∈ {0, 1, 2}: (4, 1) sees five
// rows with b, (5, 1) four (core), the corners three (border). b = (3, 1) sees (2, 1), itself and (4, 1):
// a border row of both P and Q. Users are scanned in id order, b (noise when scanned), q1… before r1…, so Q
// is found first and keeps b.
// n1 = (10, 10) and n2 = (10, 11.5) are 1.5 apart, n3 = (−3, 1) is 3 from P: noise.
const P = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9'];
const Q = ['b', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6'];
const NOISE = ['n1', 'n2', 'n3'];

describe('DBSCAN on a hand-built table', () => {
	it('finds P (9) and Q with its border row b (7), and three noise users, with hand-computed profiles', async () => {
		const r = (await hand.result({
			kind: 'dbscan',
			features: XY,
			scale: 'none',
			eps: 1,
			minPts: 4,
			perUser: true,
			plot: true
		})) as DbscanResult;
		expect(r.users).toBe(19);
		expect(r.eps).toBe(1);
		expect(r.epsSuggested).toBe(false);
		expect(r.clusters.map((c) => c.size)).toEqual([9, 7]);
		expect(r.noise.size).toBe(3);
		expect(r.noise.label).toBe('noise');
		expect(r.core).toBe(5 + 2);
		const of = (ids: string[]) => ids.map((u) => r.rows!.find((x) => x.user === u)!.cluster);
		expect(of(P)).toEqual(P.map(() => 0));
		expect(of(Q)).toEqual(Q.map(() => 1));
		expect(of(NOISE)).toEqual([-1, -1, -1]);
		expect(r.clusters[0].centroid).toEqual({ x: 1, y: 1 });
		expect(r.clusters[1].centroid.x).toBeCloseTo(30 / 7, 12);
		expect(r.clusters[1].centroid.y).toBeCloseTo(1, 12);
		expect(r.noise.centroid.x).toBeCloseTo(17 / 3, 12);
		expect(r.noise.centroid.y).toBeCloseTo(7.5, 12);
		// Silhouette over the 16 clustered users only (noise left out), from its definition.
		const rows = await handRows();
		const labels = rows.map(([id]) => (P.includes(id) ? 0 : Q.includes(id) ? 1 : -1));
		expect(r.silhouette).toBeCloseTo(
			silhouetteOfClustered(
				rows.map(([, x, y]) => [x, y]),
				labels
			),
			12
		);
		expect(r.silhouetteSample).toBeNull();
		expect(r.plot!.cluster.filter((c) => c === -1)).toHaveLength(3);
		expect(r.plot!.x).toHaveLength(19);
	});

	it('with eps 0.9 no row has three neighbours: everyone is noise, no silhouette', async () => {
		const r = (await hand.result({
			kind: 'dbscan',
			features: XY,
			scale: 'none',
			eps: 0.9,
			minPts: 2
		})) as DbscanResult;
		expect(r.clusters).toEqual([]);
		expect(r.noise.size).toBe(19);
		expect(r.silhouette).toBeNull();
	});

	it('the k-distance curve: k-th nearest user, the user itself first, sorted', async () => {
		const r = (await hand.result({
			kind: 'dbscan',
			features: XY,
			scale: 'none',
			minPts: 2,
			kDistance: true
		})) as DbscanKDistanceResult;
		// Nearest other user: 1 for the 16 grid users, 1.5 for n1 and n2, 3 for n3.
		expect(r.curve.map((p) => p.distance)).toEqual([...Array(16).fill(1), 1.5, 1.5, 3]);
		expect(r.k).toBe(2);
	});
});

async function handRows(): Promise<[string, number, number][]> {
	const lines = (await readFile(HAND, 'utf8')).trim().split('\n').slice(1);
	return lines.map((l) => {
		const [id, x, y] = l.split(',');
		return [id, Number(x), Number(y)];
	});
}

describe('DBSCAN on Mall customers vs the O(n²) reference', () => {
	it('income and spending score, z-scored: the same clusters and noise as the reference', async () => {
		const lines = (await readFile(MALL, 'utf8')).trim().split('\n').slice(1);
		const raw = lines.map((l) => l.split(',').slice(3).map(Number));
		const z = raw[0].map((_, j) => {
			const col = raw.map((r) => r[j]);
			const mean = col.reduce((s, x) => s + x, 0) / col.length;
			const sd = Math.sqrt(col.reduce((s, x) => s + (x - mean) ** 2, 0) / col.length);
			return col.map((x) => (x - mean) / sd);
		});
		const rows = raw.map((_, i) => [z[0][i], z[1][i]]);
		for (const [eps, minPts] of [
			[0.3, 5],
			[0.4, 6]
		]) {
			const ref = bruteDbscan(rows, eps, minPts);
			const sizes = [...new Set(ref.filter((l) => l >= 0))]
				.map((c) => ref.filter((l) => l === c).length)
				.sort((a, b) => b - a);
			expect(sizes.length).toBeGreaterThan(2);
			const r = (await mall.result({
				kind: 'dbscan',
				features: [
					{ agg: 'first', column: 'Annual Income (k$)', name: 'income' },
					{ agg: 'first', column: 'Spending Score (1-100)', name: 'score' }
				],
				eps,
				minPts,
				perUser: true
			})) as DbscanResult;
			expect(r.clusters.map((c) => c.size)).toEqual(sizes);
			expect(r.noise.size).toBe(ref.filter((l) => l === -1).length);
			const noiseIds = lines.flatMap((l, i) => (ref[i] === -1 ? [l.split(',')[0]] : []));
			expect(
				r
					.rows!.filter((u) => u.cluster === -1)
					.map((u) => u.user)
					.sort()
			).toEqual(noiseIds.sort());
		}
	});

	it('without eps, the knee of the k-distance curve is used, and the result says so', async () => {
		const features = [
			{ agg: 'first' as const, column: 'Annual Income (k$)' },
			{ agg: 'first' as const, column: 'Spending Score (1-100)' }
		];
		const kd = (await mall.result({ kind: 'dbscan', features, kDistance: true })) as DbscanKDistanceResult;
		const r = (await mall.result({ kind: 'dbscan', features })) as DbscanResult;
		expect(kd.knee).not.toBeNull();
		expect(r.eps).toBe(kd.knee!.distance);
		expect(r.epsSuggested).toBe(true);
		expect(r.clusters.reduce((s, c) => s + c.size, 0) + r.noise.size).toBe(200);
	});

	it('a time feature on data with no time column is refused in plain words', async () => {
		await expect(mall.result({ kind: 'dbscan', features: [{ agg: 'recency_days' }] })).rejects.toThrow(
			/no time column/
		);
	});
});

describe('the DBSCAN spec', () => {
	const features = [{ agg: 'count' }];
	it('fills defaults: z-score, eps from the knee, minPts 5; parsing twice changes nothing', () => {
		const s = parseDbscan({ kind: 'dbscan', features });
		expect(s).toMatchObject({ scale: 'zscore', eps: null, minPts: 5, seed: 0, kDistance: false });
		expect(parseDbscan(s)).toEqual(s);
		expect(parseAnalysis({ kind: 'dbscan', features, eps: 0.5 })).toMatchObject({ kind: 'dbscan', eps: 0.5 });
	});

	it('refuses a bad eps, minPts or unknown field, naming it', () => {
		for (const eps of [0, -1, '0.5', Infinity])
			expect(() => parseDbscan({ kind: 'dbscan', features, eps })).toThrow(
				/analysis\.eps must be a number above 0/
			);
		expect(() => parseDbscan({ kind: 'dbscan', features, minPts: 0 })).toThrow(/analysis\.minPts/);
		expect(() => parseDbscan({ kind: 'dbscan', features, minPts: 2.5 })).toThrow(/analysis\.minPts/);
		expect(() => parseDbscan({ kind: 'dbscan', features, k: 3 })).toThrow(/\bk\b/);
		expect(() => parseDbscan({ kind: 'dbscan', features: [] })).toThrow(/analysis\.features/);
	});
});
