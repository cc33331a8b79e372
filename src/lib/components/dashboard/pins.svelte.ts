import type { WorkspaceSession } from '../workspace/WorkspaceSession.svelte.ts';
import type { AnalysisStore, SavedAnalysis } from '../../workspace/analyses.ts';
import { droppedOn, moved, pinnedSpec, samePinned } from '../../analyses/dashboard.ts';
import { findAnalysis } from '../../analyses/registry.ts';
import { userMessage } from '../../messages.ts';

/**
 * The pinned analyses of the workspace open in this tab (issue 13, the dashboard): read from its saved
 * analyses (Dexie, `AnalysisStore.pinned`), so they survive a reload. Pin, unpin, move, drop, resize,
 * rename and remove write through the store, then read the list again, so what is shown is what is kept.
 * Every failure lands in `error` as a sentence (messages.ts), never thrown at the page.
 */
export class PinBoard {
	/** The tiles in their stored order; empty until `load()` (or without browser storage). */
	items = $state.raw<SavedAnalysis[]>([]);
	/** True once the list was read (an empty dashboard then says how to pin). */
	loaded = $state(false);
	error = $state<string | null>(null);
	readonly #session: () => WorkspaceSession | null;

	constructor(session: () => WorkspaceSession | null) {
		this.#session = session;
	}

	#store(): AnalysisStore | null {
		const s = this.#session();
		return s?.store && s.current ? s.store.analyses(s.current.id) : null;
	}

	/** True when browser storage is open, so an analysis can be pinned. */
	get available(): boolean {
		const s = this.#session();
		return Boolean(s?.store && s.current);
	}

	/** Reads the pinned analyses again. */
	async load() {
		const store = this.#store();
		if (!store) return;
		try {
			this.items = await store.pinned();
			this.loaded = true;
		} catch (e) {
			this.error = `The dashboard could not be read: ${userMessage(e)}`;
		}
	}

	/** The pinned analysis `spec` shows (whatever its scope), or undefined. */
	find(spec: unknown): SavedAnalysis | undefined {
		return this.items.find((a) => samePinned(a, spec));
	}

	/**
	 * Pins the analysis `spec` shows (kind, settings, the tab on screen, a title after the kind's label) as
	 * the last tile; the
	 * spec is kept without its scope, which the dashboard applies (dashboard.ts `pinnedSpec`).
	 */
	async pin(spec: unknown, opts: { title?: string; tab?: string; segmentId?: string | null } = {}) {
		await this.#write(async (store) => {
			const { kind, spec: kept } = pinnedSpec(spec);
			const label = findAnalysis(kind)?.label ?? kind;
			await store.add({
				spec: kept,
				title: opts.title ? `${label}: ${opts.title}` : label,
				view: opts.tab ? { tab: opts.tab } : {},
				segmentId: opts.segmentId ?? null,
				pinned: true
			});
		});
	}

	/** Takes a tile off the dashboard (the analysis is deleted: a pin is all that saved it). */
	async remove(id: string) {
		await this.#write((store) => store.remove(id));
	}

	/** Moves a tile `delta` places (−1: up, +1: down). */
	async move(id: string, delta: number) {
		const ids = moved(
			this.items.map((a) => a.id),
			id,
			delta
		);
		await this.#write((store) => store.reorder(ids));
	}

	/** Puts tile `id` in the place of tile `target` (a drop), the tiles between shifting one place. */
	async drop(id: string, target: string) {
		const ids = this.items.map((a) => a.id);
		const next = droppedOn(ids, id, target);
		if (next.join() === ids.join()) return;
		// Shown at once, so the tile lands where it was dropped while the order is written.
		this.items = next.map((x) => this.items.find((a) => a.id === x)!);
		await this.#write((store) => store.reorder(next));
	}

	/** Gives tile `id` the whole row (`full`) or one column of the grid (null); kept with its view. */
	async resize(id: string, width: 'full' | null) {
		const a = this.items.find((x) => x.id === id);
		if (!a) return;
		const { width: _w, ...view } = a.view;
		await this.#write((store) => store.update(id, { view: width ? { ...view, width } : view }));
	}

	/** Renames tile `id` (the title is cleaned as every saved title is: analyses.ts `cleanTitle`). */
	async rename(id: string, title: string) {
		await this.#write((store) => store.update(id, { title }));
	}

	async #write(change: (store: AnalysisStore) => Promise<unknown>) {
		const store = this.#store();
		if (!store) {
			this.error = 'Browser storage is not open, so the dashboard cannot be kept.';
			return;
		}
		this.error = null;
		try {
			await change(store);
		} catch (e) {
			this.error = `The dashboard could not be changed: ${userMessage(e)}`;
		}
		await this.load();
	}
}
