/**
 * Ward's tree (nearest-neighbour chain, centroid form) and its cuts against an independent O(n³) reference
 * (test/unit/support/ward-reference.ts: Lance-Williams on the full distance matrix) and a case worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import {
	firstNonGreedyStep,
	naiveWard,
	naiveWardAtHeight,
	naiveWardClusters,
	type RefMerge
} from '../../../../test/unit/support/ward-reference.ts';
import { clustersAtHeight, cutHeight, cutTree, dendrogram, topHeights } from './cut.ts';
import { wardLinkage, type Linkage } from './ward.ts';

function points(n: number, d: number, seed: number): number[][] {
	const rand = mulberry32(seed);
	// Three loose groups, so the top merges are far apart and the bottom ones close.
	return Array.from({ length: n }, (_, i) =>
		Array.from({ length: d }, (_, j) => ((i % 3) * 4 + j) * 0.7 + rand() * 3)
	);
}

function tree(rows: number[][]): Linkage {
	return wardLinkage(Float64Array.from(rows.flat()), rows.length, rows[0].length);
}

/** The tree's merges as the row sets they join, in order (smaller first row first). */
function asRowSets(t: Linkage): RefMerge[] {
	const members: number[][] = Array.from({ length: t.n }, (_, i) => [i]);
	return Array.from(t.height, (height, i) => {
		const a = members[t.left[i]];
		const b = members[t.right[i]];
		members.push([...a, ...b].sort((x, y) => x - y));
		return a[0] < b[0] ? { a, b, height } : { a: b, b: a, height };
	});
}

/** Flat clusters as sorted row lists, sorted by first row. */
function partition(labels: Int32Array): number[][] {
	const by = new Map<number, number[]>();
	labels.forEach((c, i) => by.set(c, [...(by.get(c) ?? []), i]));
	return [...by.values()].sort((x, y) => x[0] - y[0]);
}

describe('Ward by hand', () => {
	// 1-D rows 0, 1, 3, 7, 9. Δ = |A||B|/(|A|+|B|)·(cA − cB)², height = √(2Δ):
	//  {0}+{1}: Δ 0.5 → 1; {7}+{9}: Δ 2 → 2; {0,1}+{3}: 2·1/3·2.5² = 25/6 → √(25/3);
	//  {0,1,3}+{7,9}: 3·2/5·(8 − 4/3)² = 160/3 → √(320/3). The Δ sum to the total inertia 60.
	const rows = [[0], [1], [3], [7], [9]];
	const t = tree(rows);

	it('merges and heights in SciPy layout', () => {
		expect([...t.left]).toEqual([0, 3, 2, 6]);
		expect([...t.right]).toEqual([1, 4, 5, 7]);
		expect([...t.size]).toEqual([2, 2, 3, 5]);
		const want = [1, 2, Math.sqrt(25 / 3), Math.sqrt(320 / 3)];
		t.height.forEach((h, i) => expect(h).toBeCloseTo(want[i], 12));
		expect(Array.from(t.height, (h) => (h * h) / 2).reduce((s, x) => s + x, 0)).toBeCloseTo(60, 12);
	});

	it('cuts by k and by height', () => {
		expect(partition(cutTree(t, 2))).toEqual([
			[0, 1, 2],
			[3, 4]
		]);
		expect(partition(cutTree(t, 3))).toEqual([[0, 1], [2], [3, 4]]);
		expect([...cutTree(t, 5)]).toEqual([0, 1, 2, 3, 4]);
		expect([...cutTree(t, 1)]).toEqual([0, 0, 0, 0, 0]);
		// A merge at exactly the cut height is made (SciPy's fcluster 'distance': cophenetic distance ≤ h).
		expect(clustersAtHeight(t, 2)).toBe(3);
		expect(clustersAtHeight(t, 1.999)).toBe(4);
		expect(clustersAtHeight(t, 0.5)).toBe(5);
		expect(clustersAtHeight(t, 100)).toBe(1);
		expect(cutHeight(t, 3)).toBeCloseTo((2 + Math.sqrt(25 / 3)) / 2, 12);
		for (let k = 1; k <= 5; k++) expect(clustersAtHeight(t, cutHeight(t, k))).toBe(k);
		expect(topHeights(t, 2)).toEqual([t.height[3], t.height[2]]);
	});

	it('the dendrogram: leaves in drawing order, each merge over the middle of its children', () => {
		const dg = dendrogram(t, cutTree(t, 2), 2, 40);
		expect(dg.leaves.map((l) => l.size)).toEqual([1, 1, 1, 1, 1]);
		// Root (6, 7): left {3,4} drawn first, then {2, {0,1}}.
		expect(dg.leaves.map((l) => l.cluster)).toEqual([1, 1, 0, 0, 0]);
		const root = dg.links[dg.links.length - 1];
		expect(root.cluster).toBe(-1);
		// {3,4} at 0 and 1 → 0.5; {2} at 2 with {0,1} at 3 and 4 (3.5) → 2.75.
		expect(root.x).toEqual([0.5, 2.75]);
		const collapsed = dendrogram(t, cutTree(t, 2), 2, 3);
		expect(collapsed.leaves.map((l) => l.size)).toEqual([2, 1, 2]);
		expect(collapsed.links).toHaveLength(2);
	});
});

describe('Ward vs the naive reference on seeded random rows', () => {
	for (const [n, d, seed] of [
		[40, 2, 1],
		[120, 3, 2],
		[200, 8, 3]
	]) {
		it(`${n} rows × ${d}: the same merges in the same order at the same heights`, () => {
			const rows = points(n, d, seed);
			const got = asRowSets(tree(rows));
			const want = naiveWard(rows);
			expect(got.map((m) => [m.a, m.b])).toEqual(want.map((m) => [m.a, m.b]));
			got.forEach((m, i) => expect(m.height).toBeCloseTo(want[i].height, 9));
		});
	}

	it('cuts by k and by height give the reference partitions', () => {
		const rows = points(90, 4, 5);
		const t = tree(rows);
		for (let k = 1; k <= 12; k++) {
			expect(partition(cutTree(t, k))).toEqual(naiveWardClusters(rows, k));
			const h = cutHeight(t, k);
			expect(partition(cutTree(t, clustersAtHeight(t, h)))).toEqual(naiveWardAtHeight(rows, h));
		}
	});
});

describe('ties', () => {
	it('equal distances: the earlier rows merge first, and the tree is always a valid Ward tree', () => {
		// Three rows equally spaced: {0,1} or {1,2} are equally close; the earlier pair goes first.
		expect([...tree([[0], [1], [2]]).left]).toEqual([0, 2]);
		expect([...tree([[2], [1], [0]]).left]).toEqual([0, 2]);
		// A 4 × 4 integer grid, twice over (exact duplicates): ties at every level.
		const grid: number[][] = [];
		for (let r = 0; r < 2; r++) for (let x = 0; x < 4; x++) for (let y = 0; y < 4; y++) grid.push([x, y]);
		const t = tree(grid);
		expect(firstNonGreedyStep(grid, asRowSets(t))).toBe(-1);
		expect(Array.from(t.height.slice(0, 16))).toEqual(new Array(16).fill(0));
		// The same rows give the same tree.
		expect(tree(grid)).toEqual(t);
		// Heights as a multiset equal the reference's, whichever of the tied pairs each merged.
		const want = naiveWard(grid).map((m) => m.height);
		t.height.forEach((h, i) => expect(h).toBeCloseTo(want[i], 9));
	});

	it('every row identical: all heights 0, any k is a valid cut', () => {
		const same = Array.from({ length: 6 }, () => [2, 2]);
		const t = tree(same);
		expect([...t.height]).toEqual([0, 0, 0, 0, 0]);
		expect(partition(cutTree(t, 3))).toHaveLength(3);
		expect(clustersAtHeight(t, 0)).toBe(1);
	});

	it('one row: no merge', () => {
		const t = tree([[1, 2]]);
		expect(t.height).toHaveLength(0);
		expect([...cutTree(t, 1)]).toEqual([0]);
		expect(dendrogram(t, cutTree(t, 1), 1, 40).leaves).toEqual([{ size: 1, cluster: 0 }]);
	});
});
