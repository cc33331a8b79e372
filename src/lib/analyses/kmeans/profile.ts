/**
 * Cluster profiles (issue 12): size, centroid in original units, difference from the overall mean in
 * standard deviations, and a short generated label. Pure.
 */
import type { Feature } from '../features/spec.ts';
import type { KmeansCluster } from './spec.ts';

/** A feature enters a label when its centroid is at least this many standard deviations from the mean. */
export const LABEL_THRESHOLD = 0.5;
/** At most this many words in a label. */
const LABEL_WORDS = 3;

/**
 * The word for a feature that is high (`up`) or low in a cluster: activity counts read "frequent" /
 * "occasional", recency "lapsed" / "recent"; any other feature "high NAME" / "low NAME".
 */
export function featureWord(f: Pick<Feature, 'agg' | 'name'>, up: boolean): string {
	if (f.agg === 'recency_days') return up ? 'lapsed' : 'recent';
	if (f.agg === 'count' || f.agg === 'active_days' || f.agg === 'sessions')
		return up ? 'frequent' : 'occasional';
	return `${up ? 'high' : 'low'} ${f.name}`;
}

/** A cluster's label from its per-feature differences (standard deviations), largest first; "typical" when none is large. */
export function clusterLabel(
	features: readonly Pick<Feature, 'agg' | 'name'>[],
	diff: readonly number[]
): string {
	const words: string[] = [];
	const order = diff
		.map((z, j) => ({ z, j }))
		.filter((e) => Math.abs(e.z) >= LABEL_THRESHOLD)
		.sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.j - b.j);
	for (const { z, j } of order) {
		const w = featureWord(features[j], z > 0);
		if (!words.includes(w)) words.push(w);
		if (words.length === LABEL_WORDS) break;
	}
	return words.length ? words.join(', ') : 'typical';
}

/**
 * Profiles of a labeling of `n × d` original values: clusters sorted by size (largest first, ties by their
 * first row) and `order`, the old cluster number of each new one. `mean` / `std`: overall per feature.
 */
export function profileClusters(
	values: Float64Array,
	n: number,
	features: readonly Feature[],
	labels: Int32Array,
	k: number,
	overall: { mean: number[]; std: number[] }
): { clusters: KmeansCluster[]; order: number[] } {
	const d = features.length;
	const size = new Array<number>(k).fill(0);
	const firstRow = new Array<number>(k).fill(Infinity);
	const sums = new Float64Array(k * d);
	for (let i = 0; i < n; i++) {
		const c = labels[i];
		size[c]++;
		if (firstRow[c] === Infinity) firstRow[c] = i;
		for (let j = 0; j < d; j++) sums[c * d + j] += values[i * d + j];
	}
	const order = [...Array(k).keys()].sort((a, b) => size[b] - size[a] || firstRow[a] - firstRow[b]);
	const clusters = order.map((c) => {
		const mean = features.map((_, j) => (size[c] ? sums[c * d + j] / size[c] : NaN));
		const diff = mean.map((m, j) =>
			overall.std[j] > 0 && size[c] ? (m - overall.mean[j]) / overall.std[j] : 0
		);
		return {
			size: size[c],
			centroid: Object.fromEntries(features.map((f, j) => [f.name, mean[j]])),
			diff: Object.fromEntries(features.map((f, j) => [f.name, diff[j]])),
			label: size[c] ? clusterLabel(features, diff) : 'empty'
		};
	});
	return { clusters, order };
}
