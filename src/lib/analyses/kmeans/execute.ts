/**
 * The k-means analysis in the worker (SEMANTICS §8): feature table from DuckDB, scaling, k-means, quality,
 * profiles, the PCA scatter; or, with a range of k, the elbow.
 */
import {
	checkFeatures,
	columnStats,
	loadFeatureTable,
	scaleTable,
	type FeatureTable
} from '../features/table.ts';
import type { AnalysisContext, AnalysisEngine } from '../types.ts';
import { fitKmeans } from './lloyd.ts';
import { daviesBouldin, silhouetteRows, silhouettes } from './metrics.ts';
import { plotRows, principalComponents, project } from './pca.ts';
import { profileClusters } from './profile.ts';
import type { KmeansElbowResult, KmeansResult, KmeansSpec } from './spec.ts';

function record(names: readonly string[], values: readonly number[]): Record<string, number> {
	return Object.fromEntries(names.map((n, j) => [n, values[j]]));
}

function noUsers(t: FeatureTable): Error {
	return new Error(
		t.skipped
			? `None of the ${t.skipped} users has a value for every feature (an average or first value needs at least one row). Pick other features.`
			: 'No user is in the data (or in the date range and segment) to cluster.'
	);
}

/** Runs a k-means spec. Throws in the user's words (fewer users than clusters, a feature the data cannot give). */
export async function executeKmeans(
	engine: AnalysisEngine,
	spec: KmeansSpec,
	ctx: AnalysisContext
): Promise<KmeansResult | KmeansElbowResult> {
	checkFeatures(spec.features, ctx, 'analysis.features');
	const single = typeof spec.k === 'number';
	const table = await loadFeatureTable(engine, spec.features, spec, ctx, single && spec.perUser);
	const { n, d } = table;
	if (n === 0) throw noUsers(table);
	const X = scaleTable(table, spec.features, spec.scale);
	const stop = () => {
		// The engine reports the job as cancelled however it ends; this only stops the work early.
		if (engine.isCancelled()) throw new Error('The clustering was cancelled.');
	};
	stop();
	const opts = { seed: spec.seed, nInit: spec.nInit, maxIter: spec.maxIter };
	const sil = silhouetteRows(n, spec.seed);
	const silhouetteSample = sil.sampled ? sil.rows.length : null;
	if (typeof spec.k !== 'number') {
		const [from, to] = spec.k;
		const fits = [];
		for (let k = from; k <= Math.min(to, n); k++) {
			fits.push(fitKmeans(X, n, d, { ...opts, k }));
			stop();
		}
		const scores = silhouettes(
			X,
			d,
			fits.map((f) => f.labels),
			fits.map((f) => f.k),
			sil.rows
		);
		const elbow = fits.map((f, i) => ({
			k: f.k,
			inertia: f.inertia,
			silhouette: scores[i],
			daviesBouldin: daviesBouldin(X, n, d, f.labels, f.k)
		}));
		return { users: n, skipped: table.skipped, elbow, silhouetteSample };
	}
	const fit = fitKmeans(X, n, d, { ...opts, k: spec.k });
	stop();
	const [silhouette] = silhouettes(X, d, [fit.labels], [fit.k], sil.rows);
	const stats = columnStats(table.values, n, d);
	const { clusters, order } = profileClusters(table.values, n, spec.features, fit.labels, fit.k, stats);
	const renumber = new Int32Array(fit.k);
	order.forEach((old, now) => (renumber[old] = now));
	const result: KmeansResult = {
		k: fit.k,
		users: n,
		skipped: table.skipped,
		features: table.names,
		inertia: fit.inertia,
		silhouette,
		silhouetteSample,
		daviesBouldin: daviesBouldin(X, n, d, fit.labels, fit.k),
		iterations: fit.iterations,
		startRows: fit.startRows,
		overall: { mean: record(table.names, stats.mean), std: record(table.names, stats.std) },
		clusters
	};
	if (spec.plot) {
		const pca = principalComponents(X, n, d);
		const { rows, sampled } = plotRows(n, spec.seed);
		const xy = project(X, d, pca, rows);
		const cluster = Array.from(rows, (r) => renumber[fit.labels[r]]);
		result.plot = { explained: pca.explained, components: pca.components, ...xy, cluster, sampled };
	}
	if (table.users) {
		const users = table.users;
		result.rows = users.map((user, i) => ({ user, cluster: renumber[fit.labels[i]] }));
	}
	return result;
}
