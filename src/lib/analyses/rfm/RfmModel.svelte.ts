import { untrack } from 'svelte';
import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { Priority } from '../../engine/job-queue.ts';
import { refOfSpec, runnableRef } from '../../components/pickers/event-ref.ts';
import { parseValueExpr } from '../../sql/value-expr.ts';
import type { EventRef } from '../../spec/types.ts';
import { parseInstant, type RfmFrequency, type RfmSpec } from './spec.ts';
import { guessMonetary, guessPurchaseEvent, inSelection, selectionName, type RfmSelection } from './view.ts';
import type { SavedSegment } from '../../workspace/segments.ts';

/**
 * The RFM screen's state: the controls, the spec they make (null while the value expression or a filter
 * is incomplete, with the reason in `problem`), the summary query, and the per-user query, which runs only
 * once the users table is opened (50,000 users are a few MB; the grid does not need them).
 */
export class RfmModel {
	monetary = $state('');
	frequency = $state<RfmFrequency>('events');
	/** The classic quintiles: the named segments are made for 5 bins (rfm/classes.ts). */
	bins = $state(5);
	/** `YYYY-MM-DDTHH:MM` (UTC) from the date-time input, or '' for the default. */
	asOf = $state('');
	event = $state<EventRef | null>(null);
	selected = $state<RfmSelection | null>(null);
	showUsers = $state(false);

	/** Why the controls do not make a spec yet, in the user's words; null when they do. */
	problem = $derived.by((): string | null => {
		if (!this.monetary.trim()) return 'Type the value to sum per user, such as Quantity * UnitPrice.';
		try {
			parseValueExpr(this.monetary, this.#columns());
		} catch (e) {
			return `Monetary: ${e instanceof Error ? e.message : String(e)}`;
		}
		if (this.asOf && !Number.isFinite(parseInstant(this.asOf))) return 'As of: not a date and time.';
		return null;
	});

	spec = $derived.by((): RfmSpec | null => {
		const ref = runnableRef($state.snapshot(this.event) as EventRef | null);
		if (ref === undefined || this.problem) return null;
		return {
			kind: 'rfm',
			monetary: this.monetary.trim(),
			frequency: this.frequency,
			bins: this.bins,
			asOf: this.asOf ? `${this.asOf.length === 16 ? `${this.asOf}:00` : this.asOf}Z` : null,
			event: ref?.event ?? null,
			where: ref?.where ?? [],
			perUser: false,
			...this.#workbench().scope
		};
	});

	readonly query: AnalysisQuery<'rfm'>;
	readonly users: AnalysisQuery<'rfm'>;
	readonly #workbench: () => WorkbenchModel;
	/** Set by `restore`: the dataset's first guesses then leave the restored controls alone. */
	#restored = false;

	/** Sets the controls from a parsed spec (the address's, or this kind's last settings in this tab). */
	restore(s: RfmSpec) {
		this.monetary = s.monetary;
		this.frequency = s.frequency;
		this.bins = s.bins;
		this.asOf = s.asOf?.slice(0, 16) ?? '';
		this.event = refOfSpec(s);
		this.#restored = true;
	}

	constructor(workbench: () => WorkbenchModel) {
		this.#workbench = workbench;
		// Each dataset starts from its own guesses: its value column, its purchase event.
		$effect.pre(() => {
			void workbench().fingerprint;
			untrack(() => (this.#restored ? (this.#restored = false) : this.#guess()));
		});
		this.query = new AnalysisQuery(
			workbench,
			() => this.spec,
			(s) => this.restore(s)
		);
		this.users = new AnalysisQuery(
			workbench,
			() => (this.showUsers && this.spec ? { ...this.spec, perUser: true } : null),
			null
		);
	}

	#guess() {
		const report = this.#workbench().report;
		this.monetary = (report && guessMonetary(report.columns)) ?? '';
		const purchase = report ? guessPurchaseEvent(report.eventNames) : null;
		this.event = purchase ? { event: purchase } : null;
		this.selected = null;
	}

	#columns(): string[] {
		return this.#workbench().report?.columns.map((c) => c.name) ?? [];
	}

	/**
	 * Saves the selected cell or named segment as a segment of its users (a `users` rule: the scores hold for
	 * the data they were computed on, so the list is what was selected, not a rule that would drift).
	 */
	async saveSelection(name: string): Promise<SavedSegment | null> {
		const sel = this.selected;
		const spec = this.spec;
		if (!sel || !spec) return null;
		const wb = this.#workbench();
		const out = await wb.engine.run<'rfm'>({ ...spec, perUser: true }, { priority: Priority.visible });
		const ids = (out.result.rows ?? []).filter((u) => inSelection(u, sel, spec.bins)).map((u) => u.user);
		if (ids.length === 0) throw new Error('This selection has no users.');
		const origin = `${selectionName(sel)} (${spec.bins} bins, monetary ${spec.monetary}, as of ${out.result.asOf.slice(0, 16).replace('T', ' ')} UTC)`;
		return wb.saveSegment(name, { users: ids }, origin);
	}
}
