import { untrack } from 'svelte';
import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { MAX_WEIGHTS, type EngagementWeight } from '../../spec/engagement.ts';
import { weightsOf, type WeightRow } from './weights.ts';
import type { SegmentRule } from '../../spec/segment-rule.ts';
import { resolveDateRange } from '../../sql/scope.ts';
import { ENGAGEMENT_DEFAULTS, type EngagementSpec } from './spec.ts';

/**
 * The engagement screen's state: the weight rows (every event at 1 to start: the score is then the number
 * of events), the scale and the top size; the spec they make and the shared query that runs it.
 */
export class EngagementModel {
	rows = $state<WeightRow[]>([]);
	scale = $state<EngagementSpec['scale']>(ENGAGEMENT_DEFAULTS.scale);
	top = $state<number>(ENGAGEMENT_DEFAULTS.top);

	weights = $derived(weightsOf(this.rows));

	spec = $derived.by((): EngagementSpec | null => {
		if (this.weights.length === 0) return null;
		return {
			kind: 'engagement',
			weights: $state.snapshot(this.weights) as EngagementWeight[],
			scale: this.scale,
			top: this.top,
			list: false,
			...this.#workbench().scope
		};
	});

	readonly query: AnalysisQuery<'engagement'>;

	readonly #workbench: () => WorkbenchModel;
	/** Set by `restore`: the dataset's first weights (every event at 1) then leave the restored ones alone. */
	#restored = false;

	/** Sets the controls from a parsed spec (the address's, or this kind's last settings in this tab). */
	restore(s: EngagementSpec) {
		this.rows = s.weights.map((w) => ({ ...w }));
		this.scale = s.scale;
		this.top = s.top;
		this.#restored = true;
	}

	constructor(workbench: () => WorkbenchModel) {
		this.#workbench = workbench;
		this.query = new AnalysisQuery(
			workbench,
			() => this.spec,
			(s) => this.restore(s)
		);
		$effect.pre(() => {
			const names = workbench().report?.eventNames ?? [];
			untrack(() => {
				if (this.#restored) this.#restored = false;
				else this.rows = names.slice(0, MAX_WEIGHTS).map((event) => ({ event, weight: 1 }));
			});
		});
	}

	/**
	 * The percentile segment rule of this score: the top `top` % of all users (SEMANTICS §4), scored over the
	 * days of the date range in force (as calendar days, the same days this screen scores).
	 */
	segmentRule(top: number): SegmentRule {
		const wb = this.#workbench();
		const lastEventMs = wb.report?.lastTime ? Date.parse(wb.report.lastTime) : null;
		const days = resolveDateRange(wb.scope.dateRange, {
			timezone: wb.report?.dataset.timezone ?? 'UTC',
			lastEventMs
		});
		const weights = $state.snapshot(this.weights) as EngagementWeight[];
		return { percentile: { of: 'engagement', weights, top, ...(days ? { within: days } : {}) } };
	}
}
