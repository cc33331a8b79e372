import type { Scope } from '../../spec/scope.ts';
import type { SegmentRule } from '../../spec/segment-rule.ts';
import { MemorySegmentStore, type SavedSegment, type SegmentStore } from '../../workspace/segments.ts';
import { userMessage } from '../../messages.ts';

/**
 * What every analysis page shares beside the dataset (the WorkbenchModel extends it): the date range and
 * segment they apply (SEMANTICS §1b), the saved segments (SEMANTICS §4) and the notice line of the page.
 */
export class WorkbenchScope {
	notice = $state<string | null>(null);
	/**
	 * The date range and segment every analysis page applies (SEMANTICS §1b): one control above every
	 * analysis, kept in each spec and so in each cache key.
	 */
	scope = $state.raw<Scope>({ dateRange: null, segment: null });
	/** The saved segment the scope's segment came from (for its name), or null. */
	scopeSegmentId = $state<string | null>(null);
	/** Saved segments (SEMANTICS §4), oldest first. */
	segments = $state.raw<SavedSegment[]>([]);
	/** True once the saved segments were read (or could not be): a segment kept by id can then be found. */
	segmentsRead = $state(false);
	segmentStore: SegmentStore | null = null;

	/** Counts this tab's own saves, updates and deletions (see loadSegments). */
	#edits = 0;

	/**
	 * Reads the saved segments from the store (the sidebar and every segment picker show them); also how
	 * another tab's change arrives. A change made here while the list was being read is not lost: the list is
	 * read again (the change is stored by then). Segments that did not change keep their object, merged by
	 * id, so nothing drawn from them (a rename or edit in progress) is redrawn.
	 */
	async loadSegments(store: SegmentStore) {
		this.segmentStore = store;
		try {
			let list: SavedSegment[];
			for (let tries = 0; ; tries++) {
				const at = this.#edits;
				list = await store.list();
				if (at === this.#edits || tries === 3) break;
			}
			const mine = this.segments;
			this.segments = list.map((s) => {
				const had = mine.find((m) => m.id === s.id);
				return had && JSON.stringify(had) === JSON.stringify(s) ? had : s;
			});
		} catch (e) {
			this.notice = `Saved segments could not be read: ${userMessage(e)}`;
		}
		this.segmentsRead = true;
	}

	/** Saves a segment and returns it; the store checks the rule. */
	async saveSegment(name: string, rule: SegmentRule, origin?: string): Promise<SavedSegment> {
		const store = this.segmentStore ?? (this.segmentStore = new MemorySegmentStore());
		const saved = await store.add(name, rule, origin);
		this.#edits++;
		this.segments = [...this.segments, saved];
		return saved;
	}

	/** Renames a saved segment and/or changes its rule; a segment in use as the filter applies the new rule. */
	async updateSegment(id: string, patch: { name?: string; rule?: SegmentRule }): Promise<SavedSegment> {
		const store = this.segmentStore ?? (this.segmentStore = new MemorySegmentStore());
		const saved = await store.update(id, patch);
		this.#edits++;
		this.segments = this.segments.map((s) => (s.id === id ? saved : s));
		if (this.scopeSegmentId === id) this.useSegment(id, Boolean(this.scope.segment?.compare));
		return saved;
	}

	/** Saves a copy of a saved segment under "<name> (copy)". */
	async duplicateSegment(id: string): Promise<SavedSegment | null> {
		const s = this.segments.find((x) => x.id === id);
		return s ? this.saveSegment(`${s.name} (copy)`, s.rule, s.origin) : null;
	}

	async deleteSegment(id: string) {
		await this.segmentStore?.remove(id);
		this.#edits++;
		this.segments = this.segments.filter((s) => s.id !== id);
		if (this.scopeSegmentId === id) this.useSegment(null);
	}

	/** Applies a saved segment (or none) as the scope of every analysis, optionally beside all users. */
	useSegment(id: string | null, compare = false) {
		const saved = id ? this.segments.find((s) => s.id === id) : undefined;
		this.scopeSegmentId = saved?.id ?? null;
		this.scope = {
			...this.scope,
			segment: saved ? { rule: saved.rule, ...(compare ? { compare: true } : {}) } : null
		};
	}
}
