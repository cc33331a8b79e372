import { untrack } from 'svelte';
import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { Priority } from '../../engine/job-queue.ts';
import { parseFeatures, type FeatureInput, type Scale } from '../features/spec.ts';
import { guessFeatures } from '../kmeans/view.ts';
import type { SavedSegment } from '../../workspace/segments.ts';
import { DBSCAN_DEFAULTS, NOISE_LABEL, type DbscanResult, type DbscanSpec } from './spec.ts';
import { groupName, segmentName } from './view.ts';

/**
 * The density clusters screen's state: the feature list and DBSCAN settings, the spec they make (null while
 * a feature is incomplete, with the reason in `problem`), the clustering query (with its 2-D map) and the
 * k-distance query, which does not depend on eps. `eps` null runs at the curve's knee. Per-user labels are
 * fetched only to save a segment or export them.
 */
export class DbscanModel {
	features = $state<FeatureInput[]>([]);
	scale = $state<Scale>(DBSCAN_DEFAULTS.scale);
	/** Null: the suggested eps (the k-distance knee). */
	eps = $state<number | null>(null);
	minPts = $state(DBSCAN_DEFAULTS.minPts);
	seed = $state(0);
	/** The cluster picked to save (0-based, or NOISE_LABEL), null before a pick. */
	selected = $state<number | null>(null);

	problem = $derived.by((): string | null => {
		if (this.features.length === 0) return 'Add at least one feature to cluster on.';
		try {
			parseFeatures($state.snapshot(this.features), 'features');
		} catch (e) {
			return e instanceof Error
				? e.message.replace(/^features\[(\d+)\]/, (_, i) => `Feature ${+i + 1}`)
				: String(e);
		}
		if (this.eps !== null && !(this.eps > 0)) return 'eps must be a number above 0.';
		if (!Number.isInteger(this.minPts) || this.minPts < 1)
			return 'minPts must be a whole number of 1 or more.';
		return null;
	});

	spec = $derived.by((): DbscanSpec | null => {
		if (this.problem) return null;
		return {
			kind: 'dbscan',
			features: parseFeatures($state.snapshot(this.features), 'features'),
			scale: this.scale,
			eps: this.eps,
			minPts: this.minPts,
			seed: this.seed,
			plot: true,
			perUser: false,
			kDistance: false,
			...this.#workbench().scope
		};
	});

	readonly query: AnalysisQuery<'dbscan'>;
	readonly kDistance: AnalysisQuery<'dbscan'>;
	readonly #workbench: () => WorkbenchModel;

	constructor(workbench: () => WorkbenchModel) {
		this.#workbench = workbench;
		$effect.pre(() => {
			void workbench().fingerprint;
			untrack(() => this.#guess());
		});
		this.query = new AnalysisQuery(workbench, () => this.spec);
		this.kDistance = new AnalysisQuery(workbench, () =>
			this.spec ? { ...this.spec, eps: null, plot: false, kDistance: true } : null
		);
	}

	#guess() {
		const report = this.#workbench().report;
		this.features = report ? guessFeatures(report.columns, Boolean(report.mapping.time)) : [];
		this.eps = null;
		this.selected = null;
	}

	addFeature() {
		this.features.push({ agg: 'count' });
	}

	removeFeature(i: number) {
		this.features.splice(i, 1);
	}

	/** The current clustering with every user's cluster (for the labels CSV and segments). */
	async labelled(): Promise<DbscanResult> {
		const spec = this.spec;
		if (!spec) throw new Error('Finish the features first.');
		const out = await this.#workbench().engine.run<'dbscan'>(
			{ ...spec, perUser: true, plot: false },
			{ priority: Priority.visible }
		);
		return out.result as DbscanResult;
	}

	/**
	 * Saves the users of cluster `id` (0-based as in the result, or NOISE_LABEL for the noise) as a segment of
	 * their ids (a `users` list: the clusters hold for the data they were computed on, as RFM's cells do).
	 * `name` empty: the generated one.
	 */
	async save(id: number, name: string): Promise<SavedSegment> {
		const r = await this.labelled();
		const ids = (r.rows ?? []).filter((u) => u.cluster === id).map((u) => u.user);
		if (ids.length === 0) throw new Error(`${groupName(id)} has no users.`);
		const spec = this.spec!;
		const what = id === NOISE_LABEL ? 'noise' : `cluster ${id + 1} of ${r.clusters.length}`;
		const origin = `DBSCAN ${what} (${spec.features.map((f) => f.name).join(', ')}; ${spec.scale}, eps ${r.eps}, minPts ${r.minPts})`;
		return this.#workbench().saveSegment(name || segmentName(r, id), { users: ids }, origin);
	}
}
