/** The DBSCAN spec and result (SEMANTICS §8 `dbscan`): types and checks (pure). */
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
import type { KmeansCluster, KmeansPlot } from '../kmeans/spec.ts';
import type { ColumnReference } from '../types.ts';

export interface DbscanSpec extends Scope {
	kind: 'dbscan';
	features: Feature[];
	scale: Scale;
	/**
	 * Neighbourhood radius, Euclidean, in the scaled space (after log and scaling). Null: the knee of the
	 * k-distance curve (Footfall's addition; the result says which eps it used).
	 */
	eps: number | null;
	/** Rows within eps, the row itself included, that make a core row (scikit-learn's `min_samples`). */
	minPts: number;
	/** Seeds the samples of the silhouette (beyond 10,000 rows) and the scatter (beyond 100,000). */
	seed: number;
	/** Also the 2-D principal-component scatter. */
	plot: boolean;
	/** Also every user's cluster (labels CSV, "save as segment"). */
	perUser: boolean;
	/** Only the k-distance curve (k = minPts) and its knee, to help choose eps; no clustering. */
	kDistance: boolean;
}

export type DbscanSpecInput = { kind: 'dbscan'; features: FeatureInput[] } & Partial<
	Omit<DbscanSpec, 'kind' | 'features'>
>;

/** Cluster −1 in plots and per-user rows: rows in no cluster (SEMANTICS §8: label −1 = noise). */
export const NOISE_LABEL = -1;

/** The result of a clustering. Distances, eps and the silhouette in the scaled space; profiles in original units. */
export interface DbscanResult {
	/** The eps used, and whether it was the k-distance knee (spec `eps: null`). */
	eps: number;
	epsSuggested: boolean;
	minPts: number;
	/** Users clustered (every feature present); `skipped` users in the scope lacked a feature. */
	users: number;
	skipped: number;
	features: string[];
	/** Core users: at least minPts users within eps, themselves included. */
	core: number;
	/** Clusters by size, largest first, numbered from 0 in that order (shown from 1). */
	clusters: KmeansCluster[];
	/** The users in no cluster, profiled as a cluster would be (label "noise"); size 0 when none. */
	noise: KmeansCluster;
	/** Mean silhouette of the users in clusters (noise left out); null with fewer than 2 clusters. */
	silhouette: number | null;
	/** Rows the silhouette was computed on when sampled (more than 10,000 users in clusters); null when exact. */
	silhouetteSample: number | null;
	/** Overall mean and population standard deviation per feature over every user, original units. */
	overall: { mean: Record<string, number>; std: Record<string, number> };
	/** With `plot`: the scatter; `cluster` is NOISE_LABEL for noise. */
	plot?: KmeansPlot;
	/** With `perUser`: each user's cluster (NOISE_LABEL for noise), in user order. */
	rows?: { user: string; cluster: number }[];
}

/** With `kDistance`: the sorted distance of every user to its minPts-th nearest user (itself first). */
export interface DbscanKDistanceResult {
	users: number;
	skipped: number;
	k: number;
	/** Ascending, thinned to about 400 points for drawing; `rank` from 1 to `users`. */
	curve: { rank: number; distance: number }[];
	/** Where the curve bends most: the suggested eps (a suggestion, not a rule). Null when it has none. */
	knee: { rank: number; distance: number } | null;
}

export const DBSCAN_DEFAULTS = {
	// Distances in several units mean little unscaled; z-score makes one eps fit every feature.
	scale: 'zscore' as Scale,
	eps: null as number | null,
	// scikit-learn's min_samples default; Ester et al. use 4 for 2-D data.
	minPts: 5,
	seed: 0,
	plot: false,
	perUser: false,
	kDistance: false
};

/** The most rows a neighbourhood may be asked to hold to be core. */
export const MAX_MIN_PTS = 1000;

const KEYS = [
	'kind',
	'features',
	'scale',
	'eps',
	'minPts',
	'seed',
	'plot',
	'perUser',
	'kDistance',
	...SCOPE_KEYS
];

function positive(x: unknown, path: string): number {
	if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0)
		throw new SpecError(path, `${path} must be a number above 0, got ${show(x)}`);
	return x;
}

/** Checks a DBSCAN spec at `path` and returns it with defaults applied. Throws `SpecError` naming the field. */
export function parseDbscan(input: unknown, path = 'analysis'): DbscanSpec {
	const a = object(input, path, 'a DBSCAN spec');
	knownKeys(a, KEYS, path, 'a DBSCAN spec');
	if (a.kind !== 'dbscan') throw new SpecError(`${path}.kind`, `${path}.kind must be "dbscan"`);
	const d = DBSCAN_DEFAULTS;
	return {
		kind: 'dbscan',
		features: parseFeatures(a.features, `${path}.features`),
		scale: a.scale === undefined ? d.scale : oneOf(a.scale, SCALES, `${path}.scale`),
		eps: a.eps === undefined || a.eps === null ? d.eps : positive(a.eps, `${path}.eps`),
		minPts: a.minPts === undefined ? d.minPts : wholeNumber(a.minPts, `${path}.minPts`, 1, MAX_MIN_PTS),
		seed: a.seed === undefined ? d.seed : wholeNumber(a.seed, `${path}.seed`, 0, 2 ** 31 - 1),
		plot: a.plot === undefined ? d.plot : boolean(a.plot, `${path}.plot`),
		perUser: a.perUser === undefined ? d.perUser : boolean(a.perUser, `${path}.perUser`),
		kDistance: a.kDistance === undefined ? d.kDistance : boolean(a.kDistance, `${path}.kDistance`),
		...scopeOf(a, path)
	};
}

/** The data columns a DBSCAN spec names. */
export function dbscanColumns(spec: DbscanSpec): ColumnReference[] {
	return [...featureColumns(spec.features, 'analysis.features'), ...scopeColumns(spec, 'analysis')];
}
