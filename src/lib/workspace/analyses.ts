/**
 * Saved analyses of one workspace (issue 13; schema 4, table `analyses`): add, list, update, reorder, remove,
 * and pin to the workspace's dashboard. Every spec goes through the registry's `parse` of its kind before it
 * is kept, so what is stored is what the engine runs and hashes; a spec no analysis accepts is refused with
 * the registry's `SpecError` (naming the field) or an Error for an unknown kind. Each change is one Dexie
 * transaction, so two tabs saving at once both keep theirs.
 */
import { findAnalysis } from '../analyses/registry.ts';
import { FootfallDb, type AnalysisView, type SavedAnalysis } from './db.ts';

export type { AnalysisView, SavedAnalysis };

/** Longest title kept (characters). */
export const MAX_TITLE = 200;

/** What a caller gives to save an analysis; everything but the spec has a default. */
export interface NewAnalysis {
	/** Any spec a person or the UI writes (`{ kind, …fields }`); its `segment` is dropped (see `segmentId`). */
	spec: unknown;
	/** Defaults to the analysis's label ("Trends"). */
	title?: string;
	view?: AnalysisView;
	segmentId?: string | null;
	compare?: boolean;
	pinned?: boolean;
}

/** The fields `update` may change. */
export type AnalysisPatch = Partial<Omit<NewAnalysis, 'spec'>> & { spec?: unknown };

/**
 * The spec as kept: parsed by its kind's definition with every default applied and without a `segment` (the
 * scope's segment is kept by id; a kind such as Segment has no `segment` field at all). Throws Error for an unknown kind, SpecError for a bad field.
 */
export function savedSpec(spec: unknown): { kind: string; spec: Record<string, unknown> } {
	const kind = (spec as { kind?: unknown } | null)?.kind;
	const def = findAnalysis(kind);
	if (!def) throw new Error(`There is no analysis of kind ${JSON.stringify(kind)}.`);
	const { segment: _segment, ...rest } = spec as Record<string, unknown>;
	const parsed = def.parse(rest, 'analysis') as Record<string, unknown>;
	return { kind: def.kind, spec: parsed };
}

/** A title as kept: control characters removed, trimmed, at most MAX_TITLE characters; `fallback` if empty. */
export function cleanTitle(title: string | undefined, fallback: string): string {
	const clean = (title ?? '')
		.replace(/\p{Cc}/gu, ' ')
		.trim()
		.slice(0, MAX_TITLE);
	return clean || fallback;
}

/** A view as kept: a tab name (letters, digits, `_`, `-`) and a tile width; anything else is dropped. */
export function cleanView(view: AnalysisView | undefined): AnalysisView {
	const tab = view?.tab;
	return {
		...(typeof tab === 'string' && /^[\w-]{1,32}$/.test(tab) ? { tab } : {}),
		...(view?.width === 'full' ? { width: 'full' as const } : {})
	};
}

/** The analyses of workspace `workspaceId`. `onChange` runs after each change (to tell the other tabs). */
export class AnalysisStore {
	readonly db: FootfallDb;
	readonly workspaceId: string;
	#onChange: () => void;

	constructor(db: FootfallDb, workspaceId: string, onChange: () => void = () => {}) {
		this.db = db;
		this.workspaceId = workspaceId;
		this.#onChange = onChange;
	}

	#all() {
		return this.db.analyses
			.where('[workspaceId+order]')
			.between([this.workspaceId, -Infinity], [this.workspaceId, Infinity])
			.toArray();
	}

	/** Every analysis of the workspace by `order` (ties: oldest first). */
	async list(): Promise<SavedAnalysis[]> {
		const all = await this.#all();
		return all.sort((a, b) => a.order - b.order || a.createdAt - b.createdAt);
	}

	/** The dashboard: the pinned analyses in tile order. */
	async pinned(): Promise<SavedAnalysis[]> {
		return (await this.list()).filter((a) => a.pinned);
	}

	/** One analysis of this workspace, or undefined. */
	async get(id: string): Promise<SavedAnalysis | undefined> {
		const a = await this.db.analyses.get(id);
		return a?.workspaceId === this.workspaceId ? a : undefined;
	}

	/** Saves a new analysis after the others (last tile when pinned). Throws on a spec `savedSpec` refuses. */
	async add(input: NewAnalysis): Promise<SavedAnalysis> {
		const { kind, spec } = savedSpec(input.spec);
		const now = Date.now();
		const saved = await this.db.transaction('rw', this.db.analyses, async () => {
			const a: SavedAnalysis = {
				id: crypto.randomUUID(),
				workspaceId: this.workspaceId,
				kind,
				spec,
				segmentId: input.segmentId ?? null,
				compare: Boolean(input.segmentId && input.compare),
				view: cleanView(input.view),
				title: cleanTitle(input.title, findAnalysis(kind)?.label ?? kind),
				pinned: input.pinned ?? false,
				order: await this.#next(),
				createdAt: now,
				updatedAt: now
			};
			await this.db.analyses.add(a);
			return a;
		});
		this.#onChange();
		return saved;
	}

	/**
	 * Changes an analysis (spec parsed as `add` parses it) and returns it as saved. Pinning puts it after the
	 * other tiles. Throws when it is gone (deleted in another tab) or the spec is refused.
	 */
	async update(id: string, patch: AnalysisPatch): Promise<SavedAnalysis> {
		const parsed = patch.spec !== undefined ? savedSpec(patch.spec) : null;
		const saved = await this.db.transaction('rw', this.db.analyses, async () => {
			const a = await this.get(id);
			if (!a) throw new Error('This analysis is no longer saved (deleted in another tab?).');
			const next: SavedAnalysis = { ...a, updatedAt: Date.now() };
			if (parsed) Object.assign(next, parsed);
			if (patch.title !== undefined) next.title = cleanTitle(patch.title, a.title);
			if (patch.view !== undefined) next.view = cleanView(patch.view);
			if (patch.segmentId !== undefined) next.segmentId = patch.segmentId;
			if (patch.compare !== undefined) next.compare = patch.compare;
			if (!next.segmentId) next.compare = false;
			if (patch.pinned !== undefined && patch.pinned !== a.pinned) {
				next.pinned = patch.pinned;
				if (patch.pinned) next.order = await this.#next();
			}
			await this.db.analyses.put(next);
			return next;
		});
		this.#onChange();
		return saved;
	}

	/**
	 * Puts the analyses in the order of `ids` (ids of other workspaces or deleted ones are skipped; the
	 * analyses `ids` leaves out keep their place after them).
	 */
	async reorder(ids: string[]) {
		await this.db.transaction('rw', this.db.analyses, async () => {
			const all = await this.list();
			const rank = new Map(ids.map((id, i) => [id, i]));
			const sorted = [...all].sort(
				(a, b) => (rank.get(a.id) ?? ids.length) - (rank.get(b.id) ?? ids.length) || a.order - b.order
			);
			await this.db.analyses.bulkPut(sorted.map((a, order) => ({ ...a, order })));
		});
		this.#onChange();
	}

	async remove(id: string) {
		await this.db.transaction('rw', this.db.analyses, async () => {
			if (await this.get(id)) await this.db.analyses.delete(id);
		});
		this.#onChange();
	}

	async #next(): Promise<number> {
		const last = await this.db.analyses
			.where('[workspaceId+order]')
			.between([this.workspaceId, -Infinity], [this.workspaceId, Infinity])
			.last();
		return last ? last.order + 1 : 0;
	}
}
