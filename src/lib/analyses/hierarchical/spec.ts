/** The hierarchical (Ward) clustering spec and result (SEMANTICS §8, issue 12): types and checks (pure). */
import { boolean, knownKeys, object, oneOf, show, SpecError, wholeNumber } from '../../spec/check.ts';
import { SCOPE_KEYS, scopeColumns, scopeOf, type Scope } from '../../spec/scope.ts';
import {
	featureColumns,
	parseFeatures,
	SCALES,
	type Feature,
	type FeatureInput,
	type Scale
} from '../features/spec.ts';
import { MAX_K } from '../kmeans/spec.ts';
import type { KmeansCluster, KmeansPlot } from '../kmeans/spec.ts';
import type { Dendrogram } from './cut.ts';
import type { ColumnReference } from '../types.ts';

export { MAX_K };

/** The tree is built on at most this many users; beyond, on a seeded sample of this many. */
export const TREE_LIMIT = 10_000;
/** The dendrogram draws the last merges over at most this many leaves (SciPy's `truncate_mode='lastp'`). */
export const DENDROGRAM_LEAVES = 40;

export interface HierarchicalSpec extends Scope {
	kind: 'hierarchical';
	features: Feature[];
	scale: Scale;
	/**
	 * Where the tree is cut: into `k` clusters (1..MAX_K), or at `height` (every merge of height ≤ it is
	 * made; SciPy's `fcluster(criterion='distance')`). Exactly one is set; neither written means k = 4.
	 */
	k: number | null;
	height: number | null;
	/** Seeds the sample of TREE_LIMIT users the tree is built on when there are more. */
	seed: number;
	/** Also the 2-D principal-component scatter. */
	plot: boolean;
	/** Also every user's cluster (labels CSV, "save as segment"). */
	perUser: boolean;
}

export type HierarchicalSpecInput = { kind: 'hierarchical'; features: FeatureInput[] } & Partial<
	Omit<HierarchicalSpec, 'kind' | 'features'>
>;

/** The result of one cut. Inertia, silhouette and heights in the scaled space; centroids in original units. */
export interface HierarchicalResult {
	k: number;
	/** The height of the cut: the one asked for, or (for a k) midway between the merges it falls between. */
	height: number;
	/** Users clustered (every feature present); `skipped` users in the scope lacked a feature. */
	users: number;
	skipped: number;
	features: string[];
	/**
	 * Users the tree was built on when sampled (more than TREE_LIMIT users; the others join the cluster with
	 * the nearest centroid in the scaled space); null when the tree holds every user.
	 */
	treeSample: number | null;
	/** Sum of squared distances from each user to its cluster's centroid, in the scaled space. */
	inertia: number;
	silhouette: number | null;
	/** Rows the silhouette was computed on when sampled (more than 10,000 users); null when exact. */
	silhouetteSample: number | null;
	daviesBouldin: number | null;
	/** Heights of the top merges, highest first: entry i merges i + 2 clusters into i + 1 (up to MAX_K). */
	topHeights: number[];
	/** The top of the tree, clusters numbered as in `clusters`. */
	dendrogram: Dendrogram;
	overall: { mean: Record<string, number>; std: Record<string, number> };
	/** Sorted by size, largest first, numbered from 0 in that order. */
	clusters: KmeansCluster[];
	plot?: KmeansPlot;
	/** With `perUser`: each user's cluster, in user order. */
	rows?: { user: string; cluster: number }[];
}

// The same scaling default as k-means (SEMANTICS §8's example spec).
export const HIERARCHICAL_DEFAULTS = { scale: 'none' as Scale, k: 4, seed: 0, plot: false, perUser: false };

const KEYS = ['kind', 'features', 'scale', 'k', 'height', 'seed', 'plot', 'perUser', ...SCOPE_KEYS];

function height(x: unknown, path: string): number {
	if (typeof x !== 'number' || !Number.isFinite(x) || x < 0)
		throw new SpecError(path, `${path} must be a number of 0 or more, got ${show(x)}`);
	return x;
}

/**
 * Checks a hierarchical spec at `path` and returns it with defaults applied. Throws `SpecError` naming the
 * field (both `k` and `height` given, a k outside 1..MAX_K, a negative height, an unknown field).
 */
export function parseHierarchical(input: unknown, path = 'analysis'): HierarchicalSpec {
	const a = object(input, path, 'a hierarchical clustering spec');
	knownKeys(a, KEYS, path, 'a hierarchical clustering spec');
	if (a.kind !== 'hierarchical') throw new SpecError(`${path}.kind`, `${path}.kind must be "hierarchical"`);
	const hasK = a.k !== undefined && a.k !== null;
	const hasHeight = a.height !== undefined && a.height !== null;
	if (hasK && hasHeight)
		throw new SpecError(
			`${path}.height`,
			`${path} cuts the tree either into k clusters or at a height: give "k" or "height", not both`
		);
	const d = HIERARCHICAL_DEFAULTS;
	return {
		kind: 'hierarchical',
		features: parseFeatures(a.features, `${path}.features`),
		scale: a.scale === undefined ? d.scale : oneOf(a.scale, SCALES, `${path}.scale`),
		k: hasHeight ? null : hasK ? wholeNumber(a.k, `${path}.k`, 1, MAX_K) : d.k,
		height: hasHeight ? height(a.height, `${path}.height`) : null,
		seed: a.seed === undefined ? d.seed : wholeNumber(a.seed, `${path}.seed`, 0, 2 ** 31 - 1),
		plot: a.plot === undefined ? d.plot : boolean(a.plot, `${path}.plot`),
		perUser: a.perUser === undefined ? d.perUser : boolean(a.perUser, `${path}.perUser`),
		...scopeOf(a, path)
	};
}

/** The data columns a hierarchical spec names. */
export function hierarchicalColumns(spec: HierarchicalSpec): ColumnReference[] {
	return [...featureColumns(spec.features, 'analysis.features'), ...scopeColumns(spec, 'analysis')];
}
