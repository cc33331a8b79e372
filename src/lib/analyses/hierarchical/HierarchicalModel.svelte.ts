import { untrack } from 'svelte';
import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { Priority } from '../../engine/job-queue.ts';
import { parseFeatures, type FeatureInput, type Scale } from '../features/spec.ts';
import { guessFeatures } from '../kmeans/view.ts';
import type { SavedSegment } from '../../workspace/segments.ts';
import type { HierarchicalResult, HierarchicalSpec } from './spec.ts';
import { heightForK, kAtHeight } from './view.ts';

/**
 * The cluster tree screen's state: the features (first guessed as on the k-means screen), scaling, and the
 * cut, held as either a number of clusters or a height (`by`), the other one kept in step from the last
 * result's top merge heights. Per-user labels are fetched only to save a segment or export them.
 */
export class HierarchicalModel {
	features = $state<FeatureInput[]>([]);
	scale = $state<Scale>('zscore');
	by = $state<'k' | 'height'>('k');
	k = $state(4);
	height = $state(0);
	seed = $state(0);
	/** Top merge heights of the last result, highest first (for keeping k and height in step). */
	topHeights = $state<number[]>([]);

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

	spec = $derived.by((): HierarchicalSpec | null => {
		if (this.problem) return null;
		return {
			kind: 'hierarchical',
			features: parseFeatures($state.snapshot(this.features), 'features'),
			scale: this.scale,
			k: this.by === 'k' ? this.k : null,
			height: this.by === 'height' ? this.height : null,
			seed: this.seed,
			plot: true,
			perUser: false,
			...this.#workbench().scope
		};
	});

	readonly query: AnalysisQuery<'hierarchical'>;
	readonly #workbench: () => WorkbenchModel;

	constructor(workbench: () => WorkbenchModel) {
		this.#workbench = workbench;
		$effect.pre(() => {
			void workbench().fingerprint;
			untrack(() => {
				const report = this.#workbench().report;
				this.features = report ? guessFeatures(report.columns, Boolean(report.mapping.time)) : [];
			});
		});
		this.query = new AnalysisQuery(workbench, () => this.spec);
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

	/** The current cut with every user's cluster (for the labels CSV and segments). */
	async labelled(): Promise<HierarchicalResult> {
		const spec = this.spec;
		if (!spec) throw new Error('Finish the features first.');
		const out = await this.#workbench().engine.run<'hierarchical'>(
			{ ...spec, perUser: true, plot: false },
			{ priority: Priority.visible }
		);
		return out.result as HierarchicalResult;
	}

	/** Saves the users of cluster `cluster` (0-based) as a segment of their ids, as k-means clusters are. */
	async saveCluster(cluster: number, name: string): Promise<SavedSegment> {
		const r = await this.labelled();
		const ids = (r.rows ?? []).filter((u) => u.cluster === cluster).map((u) => u.user);
		if (ids.length === 0) throw new Error('This cluster has no users.');
		const spec = this.spec!;
		const origin = `Ward cluster ${cluster + 1} of ${r.k} (${spec.features.map((f) => f.name).join(', ')}; ${spec.scale})`;
		return this.#workbench().saveSegment(name, { users: ids }, origin);
	}
}
