import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { ClusterModel } from '../features/ClusterModel.svelte.ts';
import type { SavedSegment } from '../../workspace/segments.ts';
import { DBSCAN_DEFAULTS, NOISE_LABEL, type DbscanResult, type DbscanSpec } from './spec.ts';
import { groupName, segmentName } from './view.ts';

/**
 * The density clusters screen's state: the shared feature list, scaling and seed (ClusterModel), the DBSCAN
 * settings, the spec they make (null while a feature or a setting is wrong, with the reason in `problem`),
 * the clustering query (with its 2-D map) and the k-distance query, which does not depend on eps. `eps` null
 * runs at the curve's knee.
 */
export class DbscanModel extends ClusterModel<'dbscan', DbscanResult> {
	/** Null: the suggested eps (the k-distance knee). */
	eps = $state<number | null>(null);
	minPts = $state(DBSCAN_DEFAULTS.minPts);
	/** The cluster picked to save (0-based, or NOISE_LABEL), null before a pick. */
	selected = $state<number | null>(null);

	spec = $derived.by((): DbscanSpec | null => {
		if (this.problem) return null;
		return { kind: 'dbscan', ...this.common(), eps: this.eps, minPts: this.minPts, kDistance: false };
	});

	readonly query: AnalysisQuery<'dbscan'>;
	readonly kDistance: AnalysisQuery<'dbscan'>;

	constructor(workbench: () => WorkbenchModel) {
		super(workbench);
		this.followDataset();
		this.scale = DBSCAN_DEFAULTS.scale;
		this.query = new AnalysisQuery(
			workbench,
			() => this.spec,
			(s) => this.restore(s)
		);
		this.kDistance = new AnalysisQuery(
			workbench,
			() => (this.spec ? { ...this.spec, eps: null, plot: false, kDistance: true } : null),
			null
		);
	}

	/** Sets the controls from a parsed spec (the address's, or this kind's last settings in this tab). */
	restore(s: DbscanSpec) {
		this.restoreCommon(s);
		this.eps = s.eps;
		this.minPts = s.minPts;
	}

	protected override settingsProblem(): string | null {
		if (this.eps !== null && !(this.eps > 0)) return 'eps must be a number above 0.';
		if (!Number.isInteger(this.minPts) || this.minPts < 1)
			return 'minPts must be a whole number of 1 or more.';
		return null;
	}

	protected override reset() {
		this.eps = null;
		this.selected = null;
	}

	/**
	 * Saves the users of cluster `id` (0-based as in the result, or NOISE_LABEL for the noise) as a segment of
	 * their ids. `name` empty: the generated one.
	 */
	save(id: number, name: string): Promise<SavedSegment> {
		return this.saveUsers(id, name, (r) => {
			const what = id === NOISE_LABEL ? 'noise' : `cluster ${id + 1} of ${r.clusters.length}`;
			return {
				name: segmentName(r, id),
				origin: `DBSCAN ${what} (${this.describeSpec()}, eps ${r.eps}, minPts ${r.minPts})`,
				empty: `${groupName(id)} has no users.`
			};
		});
	}
}
