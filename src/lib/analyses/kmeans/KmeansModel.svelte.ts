import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { ClusterModel } from '../features/ClusterModel.svelte.ts';
import type { SavedSegment } from '../../workspace/segments.ts';
import type { KmeansResult, KmeansSpec } from './spec.ts';
import { clusterSegmentName } from './view.ts';

/** The elbow's range of k. */
export const ELBOW_K: [number, number] = [1, 10];

/**
 * The clusters screen's state: the shared feature list, scaling and seed (ClusterModel), the k-means
 * settings, the spec they make (null while a feature is incomplete, with the reason in `problem`), the
 * clustering query (with its 2-D map) and the elbow query over k = 1..10.
 */
export class KmeansModel extends ClusterModel<'kmeans', KmeansResult> {
	k = $state(4);
	nInit = $state(10);

	spec = $derived.by((): KmeansSpec | null => {
		if (this.problem) return null;
		return { kind: 'kmeans', ...this.common(), k: this.k, nInit: this.nInit, maxIter: 300 };
	});

	readonly query: AnalysisQuery<'kmeans'>;
	readonly elbow: AnalysisQuery<'kmeans'>;

	constructor(workbench: () => WorkbenchModel) {
		super(workbench);
		this.followDataset();
		this.query = new AnalysisQuery(
			workbench,
			() => this.spec,
			(s) => this.restore(s)
		);
		this.elbow = new AnalysisQuery(
			workbench,
			() => (this.spec ? { ...this.spec, k: ELBOW_K, plot: false } : null),
			null
		);
	}

	/** Sets the controls from a parsed spec (the address's, or this kind's last settings in this tab). */
	restore(s: KmeansSpec) {
		this.restoreCommon(s);
		if (typeof s.k === 'number') this.k = s.k;
		this.nInit = s.nInit;
	}

	/**
	 * Saves the users of cluster `cluster` (0-based, as in the result) as a segment of their ids; `name`
	 * undefined or empty: "Cluster 2: frequent, recent".
	 */
	saveCluster(cluster: number, name?: string): Promise<SavedSegment> {
		return this.saveUsers(cluster, name, (r) => ({
			name: clusterSegmentName(r, cluster),
			origin: `k-means cluster ${cluster + 1} of ${r.k} (${this.describeSpec()}, seed ${this.spec!.seed})`,
			empty: 'This cluster has no users.'
		}));
	}
}
