import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import type { EventRef, RowFilter } from '../../spec/types.ts';
import { RETENTION_DEFAULTS, type RetentionSpec } from './spec.ts';

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

	/** The spec as JSON: what the CLI runs, what a workspace saves. */
	spec = $derived.by((): RetentionSpec => {
		const c = $state.snapshot(this.controls) as RetentionControls;
		return {
			...c,
			startEvent: clean(c.startEvent),
			returnEvent: clean(c.returnEvent),
			cohortBy: c.breakdown ? c.cohortBy : 'period'
		};
	});

	readonly query: AnalysisQuery<'retention'>;

	constructor(workbench: () => WorkbenchModel) {
		this.query = new AnalysisQuery(workbench, () => this.spec);
	}
}

function clean(ref: EventRef | null): EventRef | null {
	if (!ref) return null;
	const where = (ref.where ?? []).filter((f: RowFilter) => f.column);
	return where.length > 0 ? { event: ref.event, where } : ref.event === null ? null : { event: ref.event };
}
