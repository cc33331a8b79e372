/** The k-means spec and result (SEMANTICS §8): types and checks (pure). */
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
import type { ColumnReference } from '../types.ts';

export const MAX_K = 30;

export interface KmeansSpec extends Scope {
	kind: 'kmeans';
	features: Feature[];
	scale: Scale;
	/** Clusters, or `[from, to]`: the elbow over that range of k (from ≥ 1, to ≤ MAX_K). */
	k: number | [number, number];
	seed: number;
	/** Restarts, best by inertia. */
	nInit: number;
	maxIter: number;
	/** Also the 2-D principal-component scatter (SEMANTICS §8 `pca`): single k only. */
	plot: boolean;
	/** Also every user's cluster (labels CSV, "save as segment"): single k only. */
	perUser: boolean;
}

export type KmeansSpecInput = { kind: 'kmeans'; features: FeatureInput[] } & Partial<
	Omit<KmeansSpec, 'kind' | 'features'>
>;

/** One cluster: sorted by size, largest first, numbered from 0 in that order. */
export interface KmeansCluster {
	size: number;
	/** Mean of each feature over its users, in original units (before log and scaling). */
	centroid: Record<string, number>;
	/** (centroid − overall mean) / overall population standard deviation, per feature, original units. */
	diff: Record<string, number>;
	/** A short description from its largest differences: "frequent, recent, high sum Price". */
	label: string;
}

export interface KmeansPlot {
	/** Share of variance per component, largest first. */
	explained: number[];
	/** Weights of the two plotted components per feature, in feature order. */
	components: number[][];
	x: number[];
	y: number[];
	/** Cluster of each plotted point. */
	cluster: number[];
	/** True when the points are a seeded sample of the users (more than 100,000). */
	sampled: boolean;
}

/** The result for one k. Inertia and silhouette in the scaled space; centroids in original units. */
export interface KmeansResult {
	k: number;
	/** Users clustered (every feature present); `skipped` users in the scope lacked a feature. */
	users: number;
	skipped: number;
	features: string[];
	inertia: number;
	/** Mean silhouette; null when fewer than 2 clusters have users. */
	silhouette: number | null;
	/** Rows the silhouette was computed on when sampled (more than 10,000 users); null when exact. */
	silhouetteSample: number | null;
	daviesBouldin: number | null;
	iterations: number;
	/** Rows the k-means++ restarts ran on (a seeded sample beyond 20,000 users). */
	startRows: number;
	/** Overall mean and population standard deviation per feature, original units. */
	overall: { mean: Record<string, number>; std: Record<string, number> };
	clusters: KmeansCluster[];
	plot?: KmeansPlot;
	/** With `perUser`: each user's cluster, in user order. */
	rows?: { user: string; cluster: number }[];
}

/** The elbow: one point per k of the range. */
export interface KmeansElbowResult {
	users: number;
	skipped: number;
	elbow: { k: number; inertia: number; silhouette: number | null; daviesBouldin: number | null }[];
	silhouetteSample: number | null;
}

export const KMEANS_DEFAULTS = {
	// SEMANTICS §8's example spec.
	scale: 'none' as Scale,
	k: 5,
	seed: 0,
	nInit: 10,
	// scikit-learn's default.
	maxIter: 300,
	plot: false,
	perUser: false
};

const KEYS = ['kind', 'features', 'scale', 'k', 'seed', 'nInit', 'maxIter', 'plot', 'perUser', ...SCOPE_KEYS];

function kValue(x: unknown, path: string): number | [number, number] {
	if (Array.isArray(x)) {
		if (x.length !== 2) throw new SpecError(path, `${path} must be a number or [from, to], got ${show(x)}`);
		const from = wholeNumber(x[0], `${path}[0]`, 1, MAX_K);
		const to = wholeNumber(x[1], `${path}[1]`, from, MAX_K);
		return [from, to];
	}
	return wholeNumber(x, path, 1, MAX_K);
}

/** Checks a k-means spec at `path` and returns it with defaults applied. Throws `SpecError` naming the field. */
export function parseKmeans(input: unknown, path = 'analysis'): KmeansSpec {
	const a = object(input, path, 'a k-means spec');
	knownKeys(a, KEYS, path, 'a k-means spec');
	if (a.kind !== 'kmeans') throw new SpecError(`${path}.kind`, `${path}.kind must be "kmeans"`);
	const d = KMEANS_DEFAULTS;
	return {
		kind: 'kmeans',
		features: parseFeatures(a.features, `${path}.features`),
		scale: a.scale === undefined ? d.scale : oneOf(a.scale, SCALES, `${path}.scale`),
		k: a.k === undefined ? d.k : kValue(a.k, `${path}.k`),
		seed: a.seed === undefined ? d.seed : wholeNumber(a.seed, `${path}.seed`, 0, 2 ** 31 - 1),
		nInit: a.nInit === undefined ? d.nInit : wholeNumber(a.nInit, `${path}.nInit`, 1, 100),
		maxIter: a.maxIter === undefined ? d.maxIter : wholeNumber(a.maxIter, `${path}.maxIter`, 1, 10_000),
		plot: a.plot === undefined ? d.plot : boolean(a.plot, `${path}.plot`),
		perUser: a.perUser === undefined ? d.perUser : boolean(a.perUser, `${path}.perUser`),
		...scopeOf(a, path)
	};
}

/** The data columns a k-means spec names. */
export function kmeansColumns(spec: KmeansSpec): ColumnReference[] {
	return [...featureColumns(spec.features, 'analysis.features'), ...scopeColumns(spec, 'analysis')];
}
