/**
 * Hierarchical clustering in the worker (SEMANTICS §8, issue 12): the k-means feature table and scaling,
 * Ward's tree (ward.ts) on up to TREE_LIMIT users, the cut, then the same quality measures, profiles and
 * PCA scatter as k-means (imported from its folder, so both screens read the same).
 */
import { Rng } from '../../demo/rng.ts';
import { checkFeatures, columnStats, loadFeatureTable, scaleTable } from '../features/table.ts';
import { sampleRows } from '../kmeans/lloyd.ts';
import { daviesBouldin, silhouetteRows, silhouettes } from '../kmeans/metrics.ts';
import { plotRows, principalComponents, project } from '../kmeans/pca.ts';
import { profileClusters } from '../kmeans/profile.ts';
import type { AnalysisContext, AnalysisEngine } from '../types.ts';
import { clustersAtHeight, cutHeight, cutTree, dendrogram, topHeights } from './cut.ts';
import {
	DENDROGRAM_LEAVES,
	MAX_K,
	TREE_LIMIT,
	type HierarchicalResult,
	type HierarchicalSpec
} from './spec.ts';
import { wardLinkage } from './ward.ts';

const count = (n: number) => n.toLocaleString('en');

/** Per-cluster means of the rows of X (row-major `n × d`) under `labels` (0..k−1). */
function centroids(
	X: Float64Array,
	d: number,
	rows: ArrayLike<number>,
	labels: ArrayLike<number>,
	k: number
) {
	const sum = new Float64Array(k * d);
	const size = new Float64Array(k);
	for (let i = 0; i < rows.length; i++) {
		const r = rows[i];
		const c = labels[i];
		size[c]++;
		for (let j = 0; j < d; j++) sum[c * d + j] += X[r * d + j];
	}
	for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) sum[c * d + j] /= size[c] || 1;
	return sum;
}

/**
 * Every row's cluster when the tree holds only `treeRows` (ascending) with `treeLabels`: those keep theirs,
 * each other row joins the cluster whose centroid (over its tree rows, scaled space) is nearest, the lowest
 * cluster number on a tie.
 */
export function assignRest(
	X: Float64Array,
	n: number,
	d: number,
	treeRows: Int32Array,
	treeLabels: Int32Array,
	k: number
): Int32Array {
	const cent = centroids(X, d, treeRows, treeLabels, k);
	const labels = new Int32Array(n).fill(-1);
	treeRows.forEach((r, i) => (labels[r] = treeLabels[i]));
	for (let i = 0; i < n; i++) {
		if (labels[i] >= 0) continue;
		let best = 0;
		let bestD = Infinity;
		for (let c = 0; c < k; c++) {
			let s = 0;
			for (let j = 0; j < d; j++) s += (X[i * d + j] - cent[c * d + j]) ** 2;
			if (s < bestD) {
				bestD = s;
				best = c;
			}
		}
		labels[i] = best;
	}
	return labels;
}

/** Sum of squared distances of each row to its cluster's mean. */
function inertiaOf(X: Float64Array, n: number, d: number, labels: Int32Array, k: number): number {
	const all = Int32Array.from({ length: n }, (_, i) => i);
	const cent = centroids(X, d, all, labels, k);
	let s = 0;
	for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) s += (X[i * d + j] - cent[labels[i] * d + j]) ** 2;
	return s;
}

/**
 * Runs a hierarchical spec. Throws in the user's words: no users, fewer users than clusters, a cut height
 * that leaves more than MAX_K clusters, a feature the data cannot give.
 */
export async function executeHierarchical(
	engine: AnalysisEngine,
	spec: HierarchicalSpec,
	ctx: AnalysisContext
): Promise<HierarchicalResult> {
	checkFeatures(spec.features, ctx, 'analysis.features');
	const table = await loadFeatureTable(engine, spec.features, spec, ctx, spec.perUser);
	const { n, d } = table;
	if (n === 0)
		throw new Error(
			table.skipped
				? `None of the ${count(table.skipped)} users has a value for every feature (an average or first value needs at least one row). Pick other features.`
				: 'No user is in the data (or in the date range and segment) to cluster.'
		);
	const stop = () => {
		if (engine.isCancelled()) throw new Error('The clustering was cancelled.');
	};
	const X = scaleTable(table, spec.features, spec.scale);
	const treeRows = sampleRows(n, TREE_LIMIT, new Rng(spec.seed, -4));
	const m = treeRows.length;
	const S = m < n ? new Float64Array(m * d) : X;
	if (m < n) treeRows.forEach((r, i) => S.set(X.subarray(r * d, r * d + d), i * d));
	stop();
	const tree = wardLinkage(S, m, d, stop);
	const k = spec.height === null ? spec.k! : clustersAtHeight(tree, spec.height);
	if (k > m)
		throw new Error(`There are ${count(m)} users to cluster, fewer than the ${k} clusters asked for.`);
	const top = topHeights(tree, MAX_K);
	if (k > MAX_K)
		throw new Error(
			`Cut at height ${spec.height}, the tree falls into ${count(k)} clusters; at most ${MAX_K} can be shown. ` +
				`Cut higher (${MAX_K} clusters from height ${top[MAX_K - 1].toPrecision(4)}) or choose a number of clusters.`
		);
	const treeLabels = cutTree(tree, k);
	const labels = m < n ? assignRest(X, n, d, treeRows, treeLabels, k) : treeLabels;
	stop();
	const sil = silhouetteRows(n, spec.seed);
	const [silhouette] = silhouettes(X, d, [labels], [k], sil.rows);
	const stats = columnStats(table.values, n, d);
	const { clusters, order } = profileClusters(table.values, n, spec.features, labels, k, stats);
	const renumber = new Int32Array(k);
	order.forEach((old, now) => (renumber[old] = now));
	const record = (values: number[]) => Object.fromEntries(table.names.map((f, j) => [f, values[j]]));
	const result: HierarchicalResult = {
		k,
		height: spec.height ?? cutHeight(tree, k),
		users: n,
		skipped: table.skipped,
		features: table.names,
		treeSample: m < n ? m : null,
		inertia: inertiaOf(X, n, d, labels, k),
		silhouette,
		silhouetteSample: sil.sampled ? sil.rows.length : null,
		daviesBouldin: daviesBouldin(X, n, d, labels, k),
		topHeights: top,
		dendrogram: dendrogram(
			tree,
			treeLabels.map((c) => renumber[c]),
			k,
			DENDROGRAM_LEAVES
		),
		overall: { mean: record(stats.mean), std: record(stats.std) },
		clusters
	};
	if (spec.plot) {
		const pca = principalComponents(X, n, d);
		const { rows, sampled } = plotRows(n, spec.seed);
		const xy = project(X, d, pca, rows);
		const cluster = Array.from(rows, (r) => renumber[labels[r]]);
		result.plot = { explained: pca.explained, components: pca.components, ...xy, cluster, sampled };
	}
	if (table.users) {
		const users = table.users;
		result.rows = users.map((user, i) => ({ user, cluster: renumber[labels[i]] }));
	}
	return result;
}
