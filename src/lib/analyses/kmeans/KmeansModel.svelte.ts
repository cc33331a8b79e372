import { untrack } from 'svelte';
import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { Priority } from '../../engine/job-queue.ts';
import { parseFeatures, type FeatureInput, type Scale } from '../features/spec.ts';
import type { SavedSegment } from '../../workspace/segments.ts';
import type { KmeansResult, KmeansSpec } from './spec.ts';
import { clusterSegmentName, guessFeatures } from './view.ts';

/** The elbow's range of k. */
export const ELBOW_K: [number, number] = [1, 10];

/**
 * The clusters screen's state: the feature list and k-means settings, the spec they make (null while a
 * feature is incomplete, with the reason in `problem`), the clustering query (with its 2-D map) and the
 * elbow query over k = 1..10. Per-user labels are fetched only to save a segment or export them.
 */
export class KmeansModel {
	features = $state<FeatureInput[]>([]);
	scale = $state<Scale>('zscore');
	k = $state(4);
	seed = $state(0);
	nInit = $state(10);

	problem = $derived.by((): string | null => {
		if (this.features.length === 0) return 'Add at least one feature to cluster on.';
		try {
			parseFeatures($state.snapshot(this.features), 'features');
			return null;
		} catch (e) {
			return e instanceof Error
				? e.message.replace(/^features\[(\d+)\]/, (_, i) => `Feature ${+i + 1}`)
				: String(e);
		}
	});

	spec = $derived.by((): KmeansSpec | null => {
		if (this.problem) return null;
		return {
			kind: 'kmeans',
			features: parseFeatures($state.snapshot(this.features), 'features'),
			scale: this.scale,
			k: this.k,
			seed: this.seed,
			nInit: this.nInit,
			maxIter: 300,
			plot: true,
			perUser: false,
			...this.#workbench().scope
		};
	});

	readonly query: AnalysisQuery<'kmeans'>;
	readonly elbow: AnalysisQuery<'kmeans'>;
	readonly #workbench: () => WorkbenchModel;

	constructor(workbench: () => WorkbenchModel) {
		this.#workbench = workbench;
		$effect.pre(() => {
			void workbench().fingerprint;
			untrack(() => this.#guess());
		});
		this.query = new AnalysisQuery(workbench, () => this.spec);
		this.elbow = new AnalysisQuery(workbench, () =>
			this.spec ? { ...this.spec, k: ELBOW_K, plot: false } : null
		);
	}

	#guess() {
		const report = this.#workbench().report;
		this.features = report ? guessFeatures(report.columns, Boolean(report.mapping.time)) : [];
	}

	addFeature() {
		this.features.push({ agg: 'count' });
	}

	removeFeature(i: number) {
		this.features.splice(i, 1);
	}

	/** The current clustering with every user's cluster (for the labels CSV and segments). */
	async labelled(): Promise<KmeansResult> {
		const spec = this.spec;
		if (!spec) throw new Error('Finish the features first.');
		const out = await this.#workbench().engine.run<'kmeans'>(
			{ ...spec, perUser: true, plot: false },
			{ priority: Priority.visible }
		);
		return out.result as KmeansResult;
	}

	/**
	 * Saves the users of cluster `cluster` (0-based, as in the result) as a segment of their ids (a `users`
	 * list: the clusters hold for the data they were computed on, as RFM's cells do).
	 */
	async saveCluster(cluster: number, name?: string): Promise<SavedSegment> {
		const r = await this.labelled();
		const ids = (r.rows ?? []).filter((u) => u.cluster === cluster).map((u) => u.user);
		if (ids.length === 0) throw new Error('This cluster has no users.');
		const spec = this.spec!;
		const origin = `k-means cluster ${cluster + 1} of ${r.k} (${spec.features.map((f) => f.name).join(', ')}; ${spec.scale}, seed ${spec.seed})`;
		return this.#workbench().saveSegment(name ?? clusterSegmentName(r, cluster), { users: ids }, origin);
	}
}
