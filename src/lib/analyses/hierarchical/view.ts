/** What the cluster tree screen shows besides charts: the settings line, the cut's sync. Pure. */
import { MAX_K, type HierarchicalResult, type HierarchicalSpec } from './spec.ts';

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** "Ward · cut into 4 clusters (height 3.2) · 3 features: … · z-scored · tree on a sample of 10,000 · …". */
export function settingsLine(
	spec: HierarchicalSpec,
	result: HierarchicalResult | null,
	source: string | null
): string {
	const logs = spec.features.filter((f) => f.log).map((f) => f.name);
	const scale = { none: 'no scaling', minmax: 'min-max scaled', zscore: 'z-scored' }[spec.scale];
	const cut =
		spec.height === null
			? `cut into ${plural(spec.k!, 'cluster')}${result ? ` (height ${result.height.toPrecision(3)})` : ''}`
			: `cut at height ${spec.height}${result ? ` (${plural(result.k, 'cluster')})` : ''}`;
	return [
		'Ward linkage',
		cut,
		`${plural(spec.features.length, 'feature')}: ${spec.features.map((f) => f.name).join(', ')}`,
		scale,
		logs.length ? `log of ${logs.join(', ')}` : null,
		result?.treeSample
			? `tree on a seeded sample of ${result.treeSample.toLocaleString('en')} users (seed ${spec.seed}), the others joined to the nearest cluster centre`
			: null,
		result && result.skipped ? `${plural(result.skipped, 'user')} without every feature left out` : null,
		source
	]
		.filter(Boolean)
		.join(' · ');
}

/**
 * The number of clusters a cut at `height` leaves, from the top merge heights (highest first; entry i merges
 * i + 2 clusters into i + 1): 1 + the merges above it. Null when that is more than MAX_K.
 */
export function kAtHeight(topHeights: readonly number[], height: number): number | null {
	const k = topHeights.filter((h) => h > height).length + 1;
	return k > MAX_K ? null : k;
}

/** A height that cuts into k clusters, midway between the merges around it (as the engine's cutHeight). */
export function heightForK(topHeights: readonly number[], k: number): number | null {
	if (topHeights.length === 0) return 0;
	if (k === 1) return topHeights[0] * 1.05;
	if (k - 1 > topHeights.length) return null;
	const above = topHeights[k - 2];
	const below = topHeights[k - 1] ?? 0;
	return (above + below) / 2;
}
