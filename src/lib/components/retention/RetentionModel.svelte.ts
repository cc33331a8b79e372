import { CancelledError, Priority } from '../../engine/client.ts';
import type { WorkbenchModel } from '../workbench/WorkbenchModel.svelte.ts';
import type { EventRef, RetentionResult, RetentionSpec, RowFilter } from '../../spec/types.ts';
import { message } from '../workbench/WorkbenchModel.svelte.ts';
import { RETENTION_DEFAULTS } from '../../spec/defaults.ts';

export type RetentionControls = Omit<RetentionSpec, 'startEvent' | 'returnEvent'> & {
	startEvent: EventRef | null;
	returnEvent: EventRef | null;
};

/** The screen starts from the spec defaults (spec/defaults.ts), with no date range or segment. */
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
 * Owns the retention query: the controls are the spec; any change cancels the running query and starts a
 * new one. Results are raw state (no deep proxies over large tables).
 */
export class RetentionModel {
	readonly #workbench: () => WorkbenchModel;
	controls = $state<RetentionControls>(structuredClone(DEFAULT_CONTROLS));
	result = $state.raw<RetentionResult | null>(null);
	error = $state<string | null>(null);
	running = $state(false);
	ms = $state(0);
	cached = $state(false);

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

	constructor(workbench: () => WorkbenchModel) {
		this.#workbench = workbench;
		$effect(() => {
			const spec = this.spec;
			// A new dataset (fingerprint) reruns the same spec.
			void this.workbench.fingerprint;
			const abort = new AbortController();
			void this.#run(spec, abort.signal);
			return () => abort.abort();
		});
	}

	get workbench(): WorkbenchModel {
		return this.#workbench();
	}

	async #run(spec: RetentionSpec, signal: AbortSignal) {
		this.running = true;
		this.error = null;
		try {
			const out = await this.workbench.engine.run(spec, { signal, priority: Priority.visible });
			if (signal.aborted) return;
			this.result = out.result as RetentionResult;
			this.ms = out.ms;
			this.cached = out.cached;
		} catch (e) {
			if (e instanceof CancelledError || signal.aborted) return;
			this.error = message(e, { doing: 'analysis' });
		} finally {
			if (!signal.aborted) this.running = false;
		}
	}
}

function clean(ref: EventRef | null): EventRef | null {
	if (!ref) return null;
	const where = (ref.where ?? []).filter((f: RowFilter) => f.column);
	return where.length > 0 ? { event: ref.event, where } : ref.event === null ? null : { event: ref.event };
}
