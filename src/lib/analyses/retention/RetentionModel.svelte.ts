import { untrack } from 'svelte';
import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import type { SpecOf } from '../registry.ts';
import { datasetCalendar } from '../../spec/defaults.ts';
import type { EventRef } from '../../spec/types.ts';
import { runnableRef } from '../../components/pickers/event-ref.ts';
import { RETENTION_DEFAULTS, type RetentionSpec } from './spec.ts';
import { defaultPeriods } from './view.ts';

export type RetentionControls = Omit<RetentionSpec, 'startEvent' | 'returnEvent'> & {
	startEvent: EventRef | null;
	returnEvent: EventRef | null;
};

/** The screen starts from the spec defaults (spec.ts), with no date range or segment. */
export const DEFAULT_CONTROLS: RetentionControls = {
	kind: 'retention',
	startEvent: RETENTION_DEFAULTS.startEvent,
	returnEvent: RETENTION_DEFAULTS.returnEvent,
	type: RETENTION_DEFAULTS.type,
	period: RETENTION_DEFAULTS.period,
	periods: RETENTION_DEFAULTS.periods,
	mode: RETENTION_DEFAULTS.mode,
	window: RETENTION_DEFAULTS.window,
	breakdown: RETENTION_DEFAULTS.breakdown,
	cohortBy: RETENTION_DEFAULTS.cohortBy
};

/**
 * The retention screen's state: the controls are the spec; the shared query helper runs it whenever it
 * changes. Constructed in the component, so its effect lives as long as the screen.
 */
export class RetentionModel {
	controls = $state<RetentionControls>(structuredClone(DEFAULT_CONTROLS));

	/**
	 * The spec as JSON: what the CLI runs, what a workspace saves. Null while a `where` row is still a draft
	 * (no column, or no value): an incomplete filter does not run.
	 */
	spec = $derived.by((): RetentionSpec | null => {
		const c = $state.snapshot(this.controls) as RetentionControls;
		const startEvent = runnableRef(c.startEvent);
		const returnEvent = runnableRef(c.returnEvent);
		if (startEvent === undefined || returnEvent === undefined) return null;
		return {
			...c,
			startEvent,
			returnEvent,
			cohortBy: c.breakdown ? c.cohortBy : 'period',
			...this.#workbench().scope
		};
	});

	/** True until the user types a number of periods: until then it follows the data's span. */
	periodsAuto = $state(true);

	readonly query: AnalysisQuery<'retention'>;

	/** Sets the controls from a parsed spec (the page address's); its number of periods is then kept. */
	restore(s: SpecOf<'retention'>) {
		const { dateRange: _d, segment: _s, ...controls } = s;
		this.controls = structuredClone(controls) as RetentionControls;
		this.periodsAuto = false;
	}

	readonly #workbench: () => WorkbenchModel;

	constructor(workbench: () => WorkbenchModel) {
		this.#workbench = workbench;
		this.query = new AnalysisQuery(
			workbench,
			() => this.spec,
			(s) => this.restore(s)
		);
		$effect.pre(() => {
			const report = workbench().report;
			const period = this.controls.period;
			if (!report || !untrack(() => this.periodsAuto)) return;
			this.controls.periods = defaultPeriods(report, period, datasetCalendar(report.dataset));
		});
	}
}
