import { untrack } from 'svelte';
import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { downloadText, toCsv } from '../../components/export/download.ts';
import { Priority } from '../../engine/job-queue.ts';
import { userMessage } from '../../messages.ts';
import type { SavedSegment } from '../../workspace/segments.ts';
import type { SpecInputOf } from '../registry.ts';
import { guessFeatures } from '../kmeans/view.ts';
import { parseFeatures, type Feature, type FeatureInput, type Scale } from './spec.ts';

/** The clustering analyses, whose screens share this model's features, scaling, seed and labels. */
export type ClusterKind = 'kmeans' | 'dbscan' | 'hierarchical';

/** What every clustering result holds per user when run with `perUser` (cluster 0-based; DBSCAN noise -1). */
export type Labelled = { rows?: { user: string; cluster: number }[] | null };

/**
 * The state the three clustering screens share (SEMANTICS §8): the feature list (guessed from the columns
 * each time a dataset loads), scaling and seed, the reason the features cannot run yet (`problem`, then the
 * screen's own `settingsProblem`), the common part of the spec with the workbench scope, the per-user labels
 * (fetched only to save a segment or export them; `R`, the result with its per-user rows) and the
 * busy/error state of those actions.
 */
export abstract class ClusterModel<K extends ClusterKind, R extends Labelled> {
	features = $state<FeatureInput[]>([]);
	scale = $state<Scale>('zscore');
	seed = $state(0);
	/** True while the labels are fetched for an export or a save; `actionError` says why one failed. */
	busy = $state(false);
	actionError = $state<string | null>(null);

	/** The first thing keeping the spec from being made, in the user's words ("Feature 2 needs a column."). */
	problem = $derived.by((): string | null => {
		if (this.features.length === 0) return 'Add at least one feature to cluster on.';
		try {
			parseFeatures($state.snapshot(this.features), 'features');
		} catch (e) {
			return e instanceof Error
				? e.message.replace(/^features\[(\d+)\]/, (_, i) => `Feature ${+i + 1}`)
				: String(e);
		}
		return this.settingsProblem();
	});

	/** The spec the controls make, or null while there is a problem. */
	abstract readonly spec: SpecInputOf<K> | null;
	protected readonly workbench: () => WorkbenchModel;
	/** Set by `restoreCommon`: the dataset's first guess then leaves the restored features alone. */
	#restored = false;

	constructor(workbench: () => WorkbenchModel) {
		this.workbench = workbench;
	}

	/**
	 * Guesses the features again (and calls `reset`) each time a dataset loads. Subclasses call it at the end
	 * of their constructor: the effect may run at once, and `reset` touches the subclass's own fields.
	 */
	protected followDataset() {
		$effect.pre(() => {
			void this.workbench().fingerprint;
			untrack(() => {
				if (this.#restored) {
					this.#restored = false;
					return;
				}
				const report = this.workbench().report;
				this.features = report ? guessFeatures(report.columns, Boolean(report.mapping.time)) : [];
				this.reset();
			});
		});
	}

	/** The screen's own settings' problem (after the features'), null when none. */
	protected settingsProblem(): string | null {
		return null;
	}

	/** Called when a new dataset loads, after the features are guessed again. */
	protected reset(): void {}

	/**
	 * Sets the shared controls from a parsed spec (the address's, or this kind's last settings in this tab),
	 * before the dataset's first guess, which then keeps them. Each screen's `restore` calls it.
	 */
	protected restoreCommon(s: { features: Feature[]; scale: Scale; seed: number }) {
		this.features = structuredClone(s.features);
		this.scale = s.scale;
		this.seed = s.seed;
		this.#restored = true;
	}

	/**
	 * The part of the spec every clustering shares: the parsed features, scale, seed, a plot and no per-user
	 * rows, with the workbench's date range and segment. Call only when `problem` is null.
	 */
	protected common() {
		return {
			features: parseFeatures($state.snapshot(this.features), 'features'),
			scale: this.scale,
			seed: this.seed,
			plot: true as const,
			perUser: false as const,
			...this.workbench().scope
		};
	}

	addFeature() {
		this.features.push({ agg: 'count' });
	}

	removeFeature(i: number) {
		this.features.splice(i, 1);
	}

	/** The current clustering with every user's cluster (for the labels CSV and segments). */
	async labelled(): Promise<R> {
		const spec = this.spec;
		if (!spec) throw new Error('Finish the features first.');
		const out = await this.workbench().engine.run<K>(
			{ ...spec, perUser: true, plot: false } as SpecInputOf<K>,
			{ priority: Priority.visible }
		);
		return out.result as unknown as R;
	}

	/** Runs a labels action, keeping `busy` up meanwhile and its failure in `actionError`. */
	async act(work: () => Promise<void>): Promise<void> {
		this.busy = true;
		this.actionError = null;
		try {
			await work();
		} catch (e) {
			this.actionError = userMessage(e, { doing: 'analysis' });
		} finally {
			this.busy = false;
		}
	}

	/** Downloads every user's cluster as `filename` (CSV), in the columns `table` makes. */
	exportLabels(
		table: (r: R) => { header: string[]; rows: (string | number)[][] },
		filename: string
	): Promise<void> {
		return this.act(async () => {
			const t = table(await this.labelled());
			downloadText(toCsv(t.header, t.rows), filename);
		});
	}

	/**
	 * Saves the users of cluster `cluster` (as in the result's per-user rows) as a segment of their ids (a
	 * `users` list: the clusters hold for the data they were computed on, as RFM's cells do). `describe`
	 * gives the name when none is typed, the origin shown in the sidebar and the error for an empty cluster.
	 */
	protected async saveUsers(
		cluster: number,
		name: string | undefined,
		describe: (r: R) => { name: string; origin: string; empty: string }
	): Promise<SavedSegment> {
		const r = await this.labelled();
		const ids = (r.rows ?? []).filter((u) => u.cluster === cluster).map((u) => u.user);
		const d = describe(r);
		if (ids.length === 0) throw new Error(d.empty);
		return this.workbench().saveSegment(name || d.name, { users: ids }, d.origin);
	}

	/** "income, score; zscore": the features and scaling, for a saved segment's origin. */
	protected describeSpec(): string {
		const spec = this.spec as { features: Feature[]; scale: Scale };
		return `${spec.features.map((f) => f.name).join(', ')}; ${spec.scale}`;
	}
}
