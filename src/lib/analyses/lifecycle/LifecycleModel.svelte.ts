import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import type { EventRef } from '../../spec/types.ts';
import { refOfSpec, runnableRef } from '../../components/pickers/event-ref.ts';
import { LIFECYCLE_DEFAULTS, type LifecycleSpec } from './spec.ts';

/** The lifecycle screen's state: its controls, the spec they make, and the shared query that runs it. */
export class LifecycleModel {
	event = $state<EventRef | null>(null);
	period = $state<LifecycleSpec['period']>(LIFECYCLE_DEFAULTS.period);

	/** The spec the controls make, or null while a `where` filter is still a draft. */
	spec = $derived.by((): LifecycleSpec | null => {
		const ref = runnableRef($state.snapshot(this.event) as EventRef | null);
		if (ref === undefined) return null;
		return {
			kind: 'lifecycle',
			event: ref?.event ?? null,
			where: ref?.where ?? [],
			period: this.period,
			...this.#workbench().scope
		};
	});

	readonly query: AnalysisQuery<'lifecycle'>;

	/** Sets the controls from a parsed spec (the address's, or this kind's last settings in this tab). */
	restore(s: LifecycleSpec) {
		this.event = refOfSpec(s);
		this.period = s.period;
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
