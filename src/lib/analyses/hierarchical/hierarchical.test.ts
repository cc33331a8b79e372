/**
 * The hierarchical analysis end to end on DuckDB-WASM under Node: Mall customers (one row per customer, no
 * time) against SciPy (test/fixtures/clustering/mall_ward_reference.json, committed beside its script) and
 * against the O(n³) reference of test/unit/support over the raw rows; the sampled tree beyond 10,000 users;
 * the spec's checks; the CLI.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../../cli/main.ts';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import { loadCsv } from '../../../../test/unit/support/load-csv.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import { naiveWardClusters } from '../../../../test/unit/support/ward-reference.ts';
import { parseHierarchical, type HierarchicalResult, type HierarchicalSpecInput } from './spec.ts';

const ROOT = path.resolve(__dirname, '../../../..');
const MALL = path.join(ROOT, 'test/fixtures/data/mall-customers/Mall_Customers.csv');
const COLS = ['Age', 'Annual Income (k$)', 'Spending Score (1-100)'];
const FEATURES = COLS.map((column) => ({ agg: 'first' as const, column, name: column }));
const scipy = JSON.parse(
	readFileSync(path.join(ROOT, 'test/fixtures/clustering/mall_ward_reference.json'), 'utf8')
) as {
	heights: number[];
	byK: Record<string, number[]>;
	byHeight: Record<string, number[]>;
	centroids5: Record<string, number>[];
};

/** Mall's rows read with a plain split (no quoted fields in it), z-scored with the population deviation. */
function mallRows(): number[][] {
	const [head, ...lines] = readFileSync(MALL, 'utf8').trim().split(/\r?\n/);
	const at = COLS.map((c) => head.split(',').indexOf(c));
	const raw = lines.map((l) => at.map((j) => Number(l.split(',')[j])));
	const mean = COLS.map((_, j) => raw.reduce((s, r) => s + r[j], 0) / raw.length);
	const sd = COLS.map((_, j) => Math.sqrt(raw.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / raw.length));
	return raw.map((r) => r.map((x, j) => (x - mean[j]) / sd[j]));
}

let duck: Database;
let mall: EngineCore;
const spec = (more: Partial<HierarchicalSpecInput>): HierarchicalSpecInput => ({
	kind: 'hierarchical',
	features: FEATURES,
	scale: 'zscore',
	...more
});
const run = async (more: Partial<HierarchicalSpecInput>) =>
	(await mall.result(spec(more))) as HierarchicalResult;

beforeAll(async () => {
	duck = await createNodeDuck();
	mall = new EngineCore(duck);
	await mall.ingest([await nodeSource(MALL)], { columns: { user: 'CustomerID' } });
});

describe('Ward on Mall customers vs SciPy and the naive reference', () => {
	it('the top merge heights are SciPy linkage(method="ward") heights', async () => {
		const r = await run({ k: 2 });
		const want = scipy.heights.slice(-30).reverse();
		expect(r.topHeights).toHaveLength(30);
		r.topHeights.forEach((h, i) => expect(h).toBeCloseTo(want[i], 9));
	});

	for (const k of [2, 3, 4, 5, 6, 7, 8]) {
		it(`k = ${k}: cluster sizes as SciPy's fcluster and the O(n³) reference`, async () => {
			const r = await run({ k });
			expect(r.k).toBe(k);
			expect(r.users).toBe(200);
			expect(r.clusters.map((c) => c.size)).toEqual(scipy.byK[String(k)]);
			const ref = naiveWardClusters(mallRows(), k)
				.map((c) => c.length)
				.sort((a, b) => b - a);
			expect(r.clusters.map((c) => c.size)).toEqual(ref);
			expect(r.treeSample).toBeNull();
			// The cut sits between the merges it falls between.
			expect(r.height).toBeLessThan(r.topHeights[k - 2]);
			expect(r.height).toBeGreaterThan(r.topHeights[k - 1]);
		});
	}

	for (const height of [2.5, 6]) {
		it(`cut at height ${height}: SciPy's fcluster(criterion="distance")`, async () => {
			const r = await run({ height });
			expect(r.height).toBe(height);
			expect(r.clusters.map((c) => c.size)).toEqual(scipy.byHeight[String(height)]);
		});
	}

	it('k = 5: centroids in original units, inertia, labels per user, the dendrogram and the map', async () => {
		const r = await run({ k: 5, perUser: true, plot: true });
		const got: Record<string, number>[] = r.clusters.map((c) => ({ ...c.centroid, size: c.size }));
		got.sort((a, b) => b.size - a.size || a[COLS[1]] - b[COLS[1]]);
		got.forEach((c, i) => {
			for (const col of COLS) expect(c[col]).toBeCloseTo(scipy.centroids5[i][col], 9);
		});
		// Ward's merges each add their Δ = h²/2 to the inertia: the cut's inertia is the sum below it.
		const below = scipy.heights.slice(0, 200 - 5).reduce((s, h) => s + (h * h) / 2, 0);
		expect(r.inertia).toBeCloseTo(below, 8);
		expect(r.rows).toHaveLength(200);
		expect(r.clusters.map((_, c) => r.rows!.filter((u) => u.cluster === c).length)).toEqual(
			r.clusters.map((c) => c.size)
		);
		const dg = r.dendrogram;
		expect(dg.leaves).toHaveLength(40);
		expect(dg.links).toHaveLength(39);
		expect(dg.leaves.reduce((s, l) => s + l.size, 0)).toBe(200);
		for (let c = 0; c < 5; c++)
			expect(dg.leaves.filter((l) => l.cluster === c).reduce((s, l) => s + l.size, 0)).toBe(
				r.clusters[c].size
			);
		expect(dg.links.filter((l) => l.cluster === -1)).toHaveLength(4);
		expect(r.plot!.cluster).toHaveLength(200);
		expect(r.silhouette).not.toBeNull();
		expect(r.daviesBouldin).not.toBeNull();
	});

	it('too fine a cut, or more clusters than users, is refused in plain words', async () => {
		await expect(run({ height: 0.1 })).rejects.toThrow(/falls into \d+ clusters; at most 30 can be shown/);
		const three = await loadCsv(duck, 'id,x\na,1\nb,2\nc,4\n', { columns: { user: 'id' } });
		await expect(
			three.result({ kind: 'hierarchical', features: [{ agg: 'first', column: 'x' }], k: 4 })
		).rejects.toThrow('There are 3 users to cluster, fewer than the 4 clusters asked for.');
	});
});

describe('beyond 10,000 users', () => {
	it('the tree holds a seeded sample of 10,000; every other user joins the nearest cluster centroid', async () => {
		const rand = mulberry32(4);
		const centers = [
			[0, 0],
			[20, 0],
			[0, 20]
		];
		const lines = ['id,x,y,blob'];
		for (let i = 0; i < 10_300; i++) {
			const [cx, cy] = centers[i % 3];
			lines.push(`u${i},${(cx + rand() * 4).toFixed(3)},${(cy + rand() * 4).toFixed(3)},${i % 3}`);
		}
		const big = await loadCsv(duck, lines.join('\n') + '\n', { columns: { user: 'id' } });
		const features = [
			{ agg: 'first' as const, column: 'x' },
			{ agg: 'first' as const, column: 'y' }
		];
		const r = (await big.result({
			kind: 'hierarchical',
			features,
			k: 3,
			perUser: true
		})) as HierarchicalResult;
		expect(r.users).toBe(10_300);
		expect(r.treeSample).toBe(10_000);
		expect(r.dendrogram.leaves.reduce((s, l) => s + l.size, 0)).toBe(10_000);
		// Blobs 20 apart and 4 wide: each cluster is exactly one blob, sampled users or not.
		const blobOf = new Map(lines.slice(1).map((l) => [l.split(',')[0], Number(l.split(',')[3])]));
		const pairs = new Set(r.rows!.map((u) => `${u.cluster}:${blobOf.get(u.user)}`));
		expect(pairs.size).toBe(3);
		expect(r.clusters.map((c) => c.size)).toEqual([3434, 3433, 3433]);
	});
});

describe('the spec', () => {
	const parse = (x: object) =>
		parseHierarchical({ kind: 'hierarchical', features: [{ agg: 'count' }], ...x });

	it('defaults: 4 clusters, no scaling (as k-means), seed 0; parsing twice changes nothing', () => {
		const s = parse({});
		expect(s).toMatchObject({ k: 4, height: null, scale: 'none', seed: 0, plot: false, perUser: false });
		expect(parseHierarchical(s)).toEqual(s);
		const h = parse({ height: 3.5 });
		expect(h).toMatchObject({ k: null, height: 3.5 });
		expect(parseHierarchical(h)).toEqual(h);
	});

	it('names the field at fault', () => {
		expect(() => parse({ k: 2, height: 1 })).toThrow('give "k" or "height", not both');
		expect(() => parse({ k: 0 })).toThrow('analysis.k must be a whole number from 1 to 30');
		expect(() => parse({ k: 31 })).toThrow('analysis.k must be a whole number from 1 to 30');
		expect(() => parse({ height: -1 })).toThrow('analysis.height must be a number of 0 or more');
		expect(() => parse({ height: '2' })).toThrow('analysis.height must be a number of 0 or more');
		expect(() => parse({ linkage: 'single' })).toThrow(/linkage/);
		expect(() => parse({ scale: 'log' })).toThrow(/analysis.scale/);
		expect(() => parseHierarchical({ kind: 'hierarchical' })).toThrow(/analysis.features/);
	});
});

describe('the command line', () => {
	it('footfall run prints the clusters of a hierarchical spec', async () => {
		const dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-ward-'));
		const file = path.join(dir, 'spec.json');
		const analysis = spec({ k: 3 });
		await writeFile(
			file,
			JSON.stringify({ dataset: { files: [MALL], columns: { user: 'CustomerID' } }, analysis })
		);
		const out: string[] = [];
		const err: string[] = [];
		const code = await main(
			['run', file],
			(s) => out.push(s),
			(s) => err.push(s)
		);
		expect(err).toEqual([]);
		expect(code).toBe(0);
		const r = JSON.parse(out.join('\n')) as HierarchicalResult;
		expect(r.clusters.map((c) => c.size)).toEqual(scipy.byK['3']);
	});
});
