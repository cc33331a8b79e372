import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { runnableRef } from '../../components/pickers/event-ref.ts';
import { Priority } from '../../engine/job-queue.ts';
import type { SavedSegment } from '../../workspace/segments.ts';
import type { EventRef, Period } from '../../spec/types.ts';
import { partName, usersOfPart, type BarPart } from './chart-options.ts';
import {
	FUNNEL_DEFAULTS,
	type Attribution,
	type DurationUnit,
	type FunnelOrder,
	type FunnelSpec
} from './spec.ts';

/** One step as the screen edits it: an event with filters (null while not chosen) and whether it is optional. */
export interface StepDraft {
	ref: EventRef | null;
	optional: boolean;
}

/** The funnel screen's state: its controls, the spec they make, the shared query, and bar selections. */
export class FunnelModel {
	steps = $state<StepDraft[]>([
		{ ref: null, optional: false },
		{ ref: null, optional: false }
	]);
	order = $state<FunnelOrder>(FUNNEL_DEFAULTS.order);
	windowValue = $state<number>(FUNNEL_DEFAULTS.window.value);
	windowUnit = $state<DurationUnit>(FUNNEL_DEFAULTS.window.unit);
	breakdown = $state<string | null>(null);
	attribution = $state<'first_touch' | 'last_touch' | 'all_steps'>('first_touch');
	hold = $state<string | null>(null);
	trendPeriod = $state<Period>(FUNNEL_DEFAULTS.trendPeriod);
	/** The clicked part of a bar, to save as a segment. */
	selected = $state<BarPart | null>(null);

	/** The spec the controls make, or null while a step has no event or a filter is incomplete. */
	spec = $derived.by((): FunnelSpec | null => {
		const steps = [];
		for (const [i, s] of this.steps.entries()) {
			const ref = runnableRef($state.snapshot(s.ref) as EventRef | null);
			if (!ref || ref.event === null) return null;
			steps.push({
				event: ref.event,
				where: ref.where ?? [],
				optional: i > 0 && s.optional && this.order === 'sequential',
				within: null
			});
		}
		const value = Math.max(1, Math.round(this.windowValue || 1));
		const attribution: Attribution = this.order === 'any' ? 'first_touch' : this.attribution;
		return {
			kind: 'funnel',
			steps,
			order: this.order,
			window: { value, unit: this.windowUnit },
			exclusions: [],
			breakdown: this.breakdown,
			breakdownAttribution: attribution,
			hold: this.order === 'any' ? null : this.hold,
			timeToConvert: { fromStep: 0, toStep: null, bins: FUNNEL_DEFAULTS.bins },
			trendPeriod: this.trendPeriod,
			perUser: false,
			...this.#workbench().scope
		};
	});

	readonly query: AnalysisQuery<'funnel'>;
	readonly #workbench: () => WorkbenchModel;

	constructor(workbench: () => WorkbenchModel) {
		this.#workbench = workbench;
		this.query = new AnalysisQuery(workbench, () => this.spec);
	}

	addStep() {
		this.steps.push({ ref: null, optional: false });
	}

	removeStep(i: number) {
		if (this.steps.length > 2) this.steps.splice(i, 1);
	}

	/** A default name for the selected part of a bar, or null. */
	selectionName(): string | null {
		const r = this.query.result;
		return r && this.selected ? partName(r, this.selected) : null;
	}

	/**
	 * Saves the selected part of a bar as a segment of its users (a `users` list: who converted or dropped is
	 * a fact of this funnel on this data, so the list is kept, not a rule that would drift).
	 */
	async saveSelection(name: string): Promise<SavedSegment | null> {
		const sel = this.selected;
		const spec = this.spec;
		if (!sel || !spec) return null;
		const wb = this.#workbench();
		const out = await wb.engine.run<'funnel'>({ ...spec, perUser: true }, { priority: Priority.visible });
		const ids = usersOfPart(out.result, sel);
		if (ids.length === 0) throw new Error('This part of the bar has no users.');
		const origin = `${partName(out.result, sel)} (funnel ${spec.steps.map((s) => s.event).join(' → ')}, window ${spec.window.value} ${spec.window.unit}s, ${spec.order})`;
		return wb.saveSegment(name, { users: ids }, origin);
	}
}
