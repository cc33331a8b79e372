import { untrack } from 'svelte';
import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { Priority } from '../../engine/job-queue.ts';
import type { SavedSegment } from '../../workspace/segments.ts';
import { partName, usersOfPart, type BarPart } from './chart-options.ts';
import { draftOfSpec, emptyDraft, newStep, specOfDraft, withoutStep, type FunnelDraft } from './draft.ts';
import type { FunnelSpec } from './spec.ts';
import { PickedName } from './picked-name.svelte.ts';
import { presetDraftSteps } from './preset.ts';
import { parseFunnelDraft } from './draft-parse.ts';
import { keepDraft, restoredDraft } from '../../components/analysis/draft-state.ts';

/**
 * The funnel screen's state: the controls' draft (draft.ts), the spec it makes with the workbench scope, the
 * problems that keep it from running, the shared query, and the selected part of a bar.
 */
export class FunnelModel {
	draft = $state<FunnelDraft>(emptyDraft());
	#picked = $state<{ part: BarPart; spec: string } | null>(null);

	/**
	 * The clicked part of a bar, to save as a segment; it belongs to the funnel it was clicked on, so any
	 * change of the spec (a step removed, another window) clears it.
	 */
	get selected(): BarPart | null {
		const p = this.#picked;
		return p && p.spec === JSON.stringify(this.spec) ? p.part : null;
	}

	set selected(part: BarPart | null) {
		this.#picked = part ? { part, spec: JSON.stringify(this.spec) } : null;
	}

	#built = $derived(specOfDraft($state.snapshot(this.draft) as FunnelDraft));

	/**
	 * What keeps the funnel from running, one sentence each ("Pick an event for step 2."); breakdown by
	 * segment needs a saved segment drawn beside all users.
	 */
	problems = $derived.by((): string[] => {
		const own = this.#built.problems;
		const compare = Boolean(this.#workbench().scope.segment?.compare);
		if (this.draft.breakdownMode === 'segment' && !compare)
			return [...own, 'Pick a saved segment to compare with all users.'];
		return own;
	});

	/** The spec the controls make with the workbench's scope, or null while there is a problem. */
	spec = $derived.by((): FunnelSpec | null => {
		const s = this.#built.spec;
		if (!s || this.problems.length) return null;
		return { ...s, ...this.#workbench().scope };
	});

	readonly query: AnalysisQuery<'funnel'>;
	readonly #workbench: () => WorkbenchModel;

	constructor(workbench: () => WorkbenchModel) {
		this.#workbench = workbench;
		this.query = new AnalysisQuery(
			workbench,
			() => this.spec,
			(s) => this.restore(s)
		);
		untrack(() => this.#reopen());
		// Unfinished controls make no spec, so the query writes none: the draft goes in the address itself, and
		// the preset's mark while its steps are untouched (draft-state.ts).
		$effect(() => {
			const state = { draft: this.spec ? null : $state.snapshot(this.draft), preset: this.fromPreset };
			untrack(() => keepDraft('funnel', state));
		});
	}

	/**
	 * After the query restored the spec (the address's or the last one): the unfinished draft the address or
	 * the last visit kept goes over it, and a preset's mark makes the steps the preset's again, so `preset`
	 * derives them anew for the data in (another dataset may have come in since).
	 */
	#reopen() {
		const found = restoredDraft('funnel');
		const draft = found.draft === null ? null : parseFunnelDraft(found.draft);
		if (draft) this.restore(draft);
		if (!found.preset) return;
		this.#restored = false;
		this.#preset = JSON.stringify($state.snapshot(this.draft.steps));
	}

	/**
	 * Sets the controls from a parsed spec (the page address's), or from a draft the address kept; the scope is
	 * the workbench's.
	 */
	restore(from: FunnelSpec | FunnelDraft) {
		this.draft = 'kind' in from ? draftOfSpec(from) : from;
		this.#preset = null;
		this.#restored = true;
	}

	/** The steps `preset` last put in (as JSON); compared with the steps to tell whether they are untouched. */
	#preset = $state<string | null>(null);
	/** Set once the address or the last visit gave the person's steps: no preset goes over them. */
	#restored = false;

	/**
	 * True while the steps are the preset's as it put them in (the person has not changed them): the address
	 * marks them so (`preset=1`), and they are derived again for another dataset rather than kept.
	 */
	fromPreset = $derived(
		this.#preset !== null && JSON.stringify($state.snapshot(this.draft.steps)) === this.#preset
	);

	/**
	 * Opens the funnel on the preset steps for `eventNames` (preset.ts) while it is not the person's yet: no
	 * step picked and nothing restored, or the preset's own steps untouched (another dataset came in). Steps
	 * the person set, or that the address or their last visit brought back, always stay. Reads the draft
	 * untracked: an effect that calls it reruns on the event names only.
	 */
	preset(eventNames: readonly string[]) {
		untrack(() => {
			const steps = this.draft.steps;
			const now = JSON.stringify($state.snapshot(steps));
			const unpicked = steps.every((s) => s.ref === null && !s.optional && !s.within);
			if (this.#restored || !(unpicked || now === this.#preset)) return;
			const next = presetDraftSteps(eventNames);
			this.#preset = JSON.stringify(next);
			if (now !== this.#preset) this.draft.steps = next;
		});
	}

	addStep() {
		this.draft.steps.push(newStep());
	}

	removeStep(i: number) {
		if (this.draft.steps.length > 2) this.draft = withoutStep($state.snapshot(this.draft) as FunnelDraft, i);
	}

	/** A new exclusion between the first and the last step that is not optional. */
	addExclusion() {
		const last = this.draft.steps.findLastIndex((s, i) => i > 0 && !s.optional);
		this.draft.exclusions.push({ ref: null, fromStep: 0, toStep: Math.max(1, last) });
	}

	removeExclusion(k: number) {
		this.draft.exclusions.splice(k, 1);
	}

	/** Breakdown by a saved segment: applies it as the scope, drawn beside all users (SEMANTICS §1b). */
	compareSegment(id: string | null) {
		this.#workbench().useSegment(id, id !== null);
	}

	/** The name field for the selected part: its default until typed, reset by another pick (PickedName). */
	readonly segmentName = new PickedName(
		() => this.selected,
		() => this.selectionName() ?? ''
	);

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
