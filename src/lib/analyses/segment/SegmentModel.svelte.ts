import { Priority } from '../../engine/client.ts';
import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { downloadText } from '../../components/export/download.ts';
import type { SegmentRule } from '../../spec/segment-rule.ts';
import { SEGMENT_TEMPLATES, type SavedSegment } from '../../workspace/segments.ts';
import { userMessage } from '../../messages.ts';
import { blankDraft, buildRule, columnTypes, type GroupNode } from './rule-draft.ts';
import { draftOf } from './draft-of.ts';
import { segmentUsersCsv } from './export.ts';
import type { SegmentSpec } from './spec.ts';

/** How long the builder waits after the last edit before it counts the segment again. */
export const SIZE_DEBOUNCE_MS = 300;

/**
 * The segment screen's state: the draft rule being built (rule-draft.ts), the rule it makes (null while a
 * row is unfinished, with the reasons), and its live size. The size follows the last complete rule
 * `SIZE_DEBOUNCE_MS` after the last edit; the shared query helper cancels the count it replaces.
 */
export class SegmentModel {
	root = $state.raw<GroupNode>(draftOf(SEGMENT_TEMPLATES[0].rule));
	name = $state(SEGMENT_TEMPLATES[0].name);
	/** The saved segment being edited, or null for a new one. */
	editing = $state<string | null>(null);
	/** A save or export that failed, in the user's words. */
	problem = $state<string | null>(null);
	exporting = $state(false);

	readonly #workbench: () => WorkbenchModel;
	/** The data's columns and types: what property rows and value expressions may name. */
	columns = $derived.by(() => columnTypes(this.#workbench().report?.columns ?? []));
	built = $derived(buildRule(this.root, { columns: this.columns }));
	/** The rule being counted: the built rule once the edits pause. */
	counted = $state.raw<SegmentRule | null>(null);
	/** True while the size shown is not yet the size of the rule on screen. */
	pending = $derived(this.built.rule !== null && this.built.rule !== this.counted);

	spec = $derived.by((): SegmentSpec | null =>
		this.counted ? { kind: 'segment', name: null, rule: this.counted, asOf: null, list: false } : null
	);

	readonly query: AnalysisQuery<'segment'>;

	constructor(workbench: () => WorkbenchModel) {
		this.#workbench = workbench;
		$effect(() => {
			const rule = this.built.rule;
			if (!rule) return;
			const timer = setTimeout(() => (this.counted = rule), this.counted ? SIZE_DEBOUNCE_MS : 0);
			return () => clearTimeout(timer);
		});
		this.query = new AnalysisQuery(
			workbench,
			() => this.spec,
			(s) => this.restore(s)
		);
	}

	/**
	 * Sets the builder from a parsed spec (the address's, or this kind's last settings in this tab). The rule
	 * is no longer the template's, so its name is left for the user to give.
	 */
	restore(s: SegmentSpec) {
		this.root = draftOf(s.rule);
		this.name = '';
	}

	/** Applies a pure edit of the draft (tree-edit.ts). */
	edit(change: (root: GroupNode) => GroupNode) {
		this.root = change(this.root);
	}

	/** True once the user typed a name, until a template or saved segment is picked by hand. */
	#typed = false;

	/** The name as the user types it: theirs from now on (see `start`). */
	typeName(name: string) {
		this.name = name;
		this.#typed = true;
	}

	/**
	 * Starts a new segment from a template (or from nothing). `fromLink`: applied by the page from its address
	 * (the sidebar's links), which may land after the user has typed a name: the typed name then stays.
	 */
	start(template: { name: string; rule: SegmentRule } | null, fromLink = false) {
		this.root = template ? draftOf(template.rule) : blankDraft();
		if (!(fromLink && this.#typed)) this.name = template?.name ?? '';
		this.#typed = fromLink && this.#typed;
		this.editing = null;
		this.problem = null;
	}

	/** Opens a saved segment in the builder; saving then updates it. `fromLink`: as for `start`. */
	open(saved: SavedSegment, fromLink = false) {
		this.root = draftOf(saved.rule);
		if (!(fromLink && this.#typed)) this.name = saved.name;
		this.#typed = fromLink && this.#typed;
		this.editing = saved.id;
		this.problem = null;
	}

	/** Saves the rule: as changes to the segment being edited, or (`asNew`, or none) as a new segment. */
	async save(asNew = false) {
		const rule = this.built.rule;
		if (!rule) return;
		this.problem = null;
		try {
			const wb = this.#workbench();
			const saved =
				this.editing && !asNew
					? await wb.updateSegment(this.editing, { name: this.name, rule })
					: await wb.saveSegment(this.name, rule);
			this.editing = saved.id;
			this.name = saved.name;
		} catch (e) {
			this.problem = userMessage(e);
		}
	}

	/** Downloads every user id of the rule as CSV (one column, `user`). */
	async exportUsers() {
		const rule = this.built.rule;
		if (!rule) return;
		this.exporting = true;
		this.problem = null;
		try {
			const out = await this.#workbench().engine.run<'segment'>(
				{ kind: 'segment', rule, list: true },
				{ priority: Priority.visible }
			);
			const file = (this.name.trim() || 'segment').replace(/[^\p{L}\p{N}_-]+/gu, '-');
			downloadText(segmentUsersCsv(out.result.userIds ?? []), `${file}-users.csv`);
		} catch (e) {
			this.problem = userMessage(e, { doing: 'analysis' });
		} finally {
			this.exporting = false;
		}
	}
}
