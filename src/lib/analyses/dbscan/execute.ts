/**
 * The DBSCAN analysis in the worker (SEMANTICS §8 `dbscan`): the feature table from DuckDB, scaled as for
 * k-means, then either the k-distance curve that helps choose eps, or the clustering with its profiles,
 * silhouette (noise left out) and PCA scatter. Profiles, silhouette and PCA are k-means' own helpers.
 */
import { checkFeatures, columnStats, loadFeatureTable, scaleTable } from '../features/table.ts';
import { silhouetteRows, silhouettes } from '../kmeans/metrics.ts';
import { plotRows, principalComponents, project } from '../kmeans/pca.ts';
import { profileClusters } from '../kmeans/profile.ts';
import type { AnalysisContext, AnalysisEngine } from '../types.ts';
import { dbscan, kDistance } from './dbscan.ts';
import { NOISE_LABEL, type DbscanKDistanceResult, type DbscanResult, type DbscanSpec } from './spec.ts';

function record(names: readonly string[], values: readonly number[]): Record<string, number> {
	return Object.fromEntries(names.map((n, j) => [n, values[j]]));
}

/**
 * Runs a DBSCAN spec. Throws in the user's words (no user with every feature, a feature the data cannot
 * give, a negative value under a log transform).
 */
export async function executeDbscan(
	engine: AnalysisEngine,
	spec: DbscanSpec,
	ctx: AnalysisContext
): Promise<DbscanResult | DbscanKDistanceResult> {
	checkFeatures(spec.features, ctx, 'analysis.features');
	const table = await loadFeatureTable(engine, spec.features, spec, ctx, spec.perUser && !spec.kDistance);
	const { n, d } = table;
	if (n === 0)
		throw new Error(
			table.skipped
				? `None of the ${table.skipped} users has a value for every feature. Pick other features.`
				: 'No user is in the data (or in the date range and segment) to cluster.'
		);
	const X = scaleTable(table, spec.features, spec.scale);
	const stop = () => {
		// The engine reports the job as cancelled however it ends; this only stops the work early.
		if (engine.isCancelled()) throw new Error('The clustering was cancelled.');
	};
	stop();
	// With fewer users than minPts the k-th neighbour is the farthest one.
	const k = Math.min(spec.minPts, n);
	if (spec.kDistance) {
		const kd = kDistance(X, n, d, k);
		return { users: n, skipped: table.skipped, k: spec.minPts, curve: kd.curve, knee: kd.knee };
	}
	let eps = spec.eps;
	if (eps === null) {
		const kd = kDistance(X, n, d, k);
		eps = kd.knee?.distance ?? kd.curve[kd.curve.length - 1].distance;
		stop();
	}
	const fit = dbscan(X, n, d, eps, spec.minPts);
	stop();
	// Noise becomes one more cluster (number fit.k) for the profiles, then is taken out.
	const labels = fit.labels.map((l) => (l < 0 ? fit.k : l));
	const stats = columnStats(table.values, n, d);
	const profiled = profileClusters(table.values, n, spec.features, labels, fit.k + 1, stats);
	const at = profiled.order.indexOf(fit.k);
	const noise = { ...profiled.clusters[at], label: 'noise' };
	const clusters = profiled.clusters.filter((_, i) => i !== at);
	const renumber = new Int32Array(fit.k + 1);
	profiled.order.filter((old) => old !== fit.k).forEach((old, now) => (renumber[old] = now));
	renumber[fit.k] = NOISE_LABEL;

	const kept = Int32Array.from({ length: n }, (_, i) => i).filter((i) => fit.labels[i] >= 0);
	const sil = silhouetteRows(kept.length, spec.seed);
	const silhouette =
		fit.k >= 2
			? silhouettes(
					X,
					d,
					[fit.labels],
					[fit.k],
					sil.rows.map((r) => kept[r])
				)[0]
			: null;
	stop();
	const core = fit.core.reduce((s, c) => s + c, 0);
	const result: DbscanResult = {
		eps,
		epsSuggested: spec.eps === null,
		minPts: spec.minPts,
		users: n,
		skipped: table.skipped,
		features: table.names,
		core,
		clusters,
		noise,
		silhouette,
		silhouetteSample: fit.k >= 2 && sil.sampled ? sil.rows.length : null,
		overall: { mean: record(table.names, stats.mean), std: record(table.names, stats.std) }
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
