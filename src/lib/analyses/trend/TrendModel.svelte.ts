import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import type { EventRef } from '../../spec/types.ts';
import { refOfSpec, runnableRef } from '../../components/pickers/event-ref.ts';
import { TREND_DEFAULTS, type TrendSpec } from './spec.ts';

/** The trend screen's state: its controls, the spec they make, and the shared query that runs it. */
export class TrendModel {
	event = $state<EventRef | null>(null);
	measure = $state<TrendSpec['measure']>(TREND_DEFAULTS.measure);
	period = $state<TrendSpec['period']>(TREND_DEFAULTS.period);
	breakdown = $state<string | null>(TREND_DEFAULTS.breakdown);

	/**
	 * The spec the controls make, or null while a `where` filter is incomplete (no column, or an empty value
	 * for an operator that takes one): an incomplete filter does not run.
	 */
	spec = $derived.by((): TrendSpec | null => {
		const ref = runnableRef($state.snapshot(this.event) as EventRef | null);
		if (ref === undefined) return null;
		return {
			kind: 'trend',
			event: ref?.event ?? null,
			where: ref?.where ?? [],
			measure: this.measure,
			period: this.period,
			breakdown: this.breakdown,
			...this.#workbench().scope
		};
	});

	readonly query: AnalysisQuery<'trend'>;

	/** Sets the controls from a parsed spec (the page address's); the scope is the workbench's. */
	restore(s: TrendSpec) {
		this.event = refOfSpec(s);
		this.measure = s.measure;
		this.period = s.period;
		this.breakdown = s.breakdown;
	}

	readonly #workbench: () => WorkbenchModel;

	constructor(workbench: () => WorkbenchModel) {
		this.#workbench = workbench;
		this.query = new AnalysisQuery(
			workbench,
			() => this.spec,
			(s) => this.restore(s)
		);
	}
}
