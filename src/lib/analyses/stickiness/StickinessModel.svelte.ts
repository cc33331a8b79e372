import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import type { EventRef } from '../../spec/types.ts';
import { refOfSpec, runnableRef } from '../../components/pickers/event-ref.ts';
import { STICKINESS_DEFAULTS, type StickinessSpec } from './spec.ts';

/** The stickiness screen's state: its controls, the spec they make, and the shared query that runs it. */
export class StickinessModel {
	event = $state<EventRef | null>(null);
	interval = $state<StickinessSpec['interval']>(STICKINESS_DEFAULTS.interval);
	/** Draw "N or more days" instead of "exactly N days" (a view of the same result, not part of the spec). */
	cumulative = $state(false);

	/** The spec the controls make, or null while a `where` filter is incomplete. */
	spec = $derived.by((): StickinessSpec | null => {
		const ref = runnableRef($state.snapshot(this.event) as EventRef | null);
		if (ref === undefined) return null;
		return {
			kind: 'stickiness',
			event: ref?.event ?? null,
			where: ref?.where ?? [],
			interval: this.interval,
			...this.#workbench().scope
		};
	});

	readonly query: AnalysisQuery<'stickiness'>;

	/** Sets the controls from a parsed spec (the address's, or this kind's last settings in this tab). */
	restore(s: StickinessSpec) {
		this.event = refOfSpec(s);
		this.interval = s.interval;
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
