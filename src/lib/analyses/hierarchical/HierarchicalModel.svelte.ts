import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { ClusterModel } from '../features/ClusterModel.svelte.ts';
import type { SavedSegment } from '../../workspace/segments.ts';
import type { HierarchicalResult, HierarchicalSpec } from './spec.ts';
import { heightForK, kAtHeight } from './view.ts';

/**
 * The cluster tree screen's state: the shared feature list, scaling and seed (ClusterModel), and the cut,
 * held as either a number of clusters or a height (`by`), the other one kept in step from the last result's
 * top merge heights.
 */
export class HierarchicalModel extends ClusterModel<'hierarchical', HierarchicalResult> {
	by = $state<'k' | 'height'>('k');
	k = $state(4);
	height = $state(0);
	/** Top merge heights of the last result, highest first (for keeping k and height in step). */
	topHeights = $state<number[]>([]);

	spec = $derived.by((): HierarchicalSpec | null => {
		if (this.problem) return null;
		return {
			kind: 'hierarchical',
			...this.common(),
			k: this.by === 'k' ? this.k : null,
			height: this.by === 'height' ? this.height : null
		};
	});

	readonly query: AnalysisQuery<'hierarchical'>;

	constructor(workbench: () => WorkbenchModel) {
		super(workbench);
		this.followDataset();
		this.query = new AnalysisQuery(
			workbench,
			() => this.spec,
			(s) => this.restore(s)
		);
	}

	/** Sets the controls from a parsed spec (the address's, or this kind's last settings in this tab). */
	restore(s: HierarchicalSpec) {
		this.restoreCommon(s);
		this.by = s.height !== null ? 'height' : 'k';
		if (s.k !== null) this.k = s.k;
		if (s.height !== null) this.height = s.height;
	}

	/** Cut into k clusters; the height follows (midway between the merges around the cut). */
	setK(k: number) {
		this.by = 'k';
		this.k = k;
		const h = heightForK(this.topHeights, k);
		if (h !== null) this.height = Number(h.toPrecision(4));
	}

	/** Cut at a height; the number of clusters follows. */
	setHeight(height: number) {
		this.by = 'height';
		this.height = height;
		const k = kAtHeight(this.topHeights, height);
		if (k !== null) this.k = k;
	}

	/** Takes in a new result: its heights, and the side of the cut the user did not set. */
	sync(r: HierarchicalResult) {
		this.topHeights = r.topHeights;
		if (this.by === 'k') this.height = Number(r.height.toPrecision(4));
		else this.k = r.k;
	}

	/** Saves the users of cluster `cluster` (0-based) as a segment of their ids, as k-means clusters are. */
	saveCluster(cluster: number, name: string): Promise<SavedSegment> {
		return this.saveUsers(cluster, name, (r) => ({
			name,
			origin: `Ward cluster ${cluster + 1} of ${r.k} (${this.describeSpec()})`,
			empty: 'This cluster has no users.'
		}));
	}
}
