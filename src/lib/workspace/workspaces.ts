/**
 * Workspaces (issue 13) in the browser's storage: list, create, rename, duplicate, delete, the current one,
 * and the files of each workspace's dataset. Every change is one Dexie transaction, so two tabs writing at
 * once never leave half a change (IndexedDB serialises read-write transactions on the same tables across
 * tabs); each change is then announced on a BroadcastChannel so the other tabs read it again.
 */
import {
	FIRST_WORKSPACE_NAME,
	FootfallDb,
	newWorkspace,
	sharedResultsKey,
	type Workspace,
	type WorkspaceDataset
} from './db.ts';

import type { FileKeeper } from './keep-files.ts';
import { AnalysisStore } from './analyses.ts';

export type { Workspace, WorkspaceDataset };

/** The channel every tab of the site listens on; a message means "workspace `id` changed, read it again". */
export const WORKSPACE_CHANNEL = 'footfall-workspaces';
const CURRENT = 'currentWorkspace';
/** Longest workspace name kept (characters). */
export const MAX_NAME = 120;

/** A name as kept: trimmed, control characters removed, at most MAX_NAME characters. Throws when empty. */
export function cleanWorkspaceName(name: string): string {
	const clean = name
		.replace(/\p{Cc}/gu, ' ')
		.trim()
		.slice(0, MAX_NAME);
	if (!clean) throw new Error('A workspace needs a name.');
	return clean;
}

export class WorkspaceStore {
	readonly db: FootfallDb;
	readonly keeper: FileKeeper;
	#channel: BroadcastChannel | null;
	/** Called when another tab changed a workspace. */
	onRemoteChange: ((id: string) => void) | null = null;

	constructor(db: FootfallDb, keeper: FileKeeper) {
		this.db = db;
		this.keeper = keeper;
		this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(WORKSPACE_CHANNEL) : null;
		if (this.#channel)
			this.#channel.onmessage = (m: MessageEvent<{ id?: unknown }>) => {
				if (typeof m.data?.id === 'string') this.onRemoteChange?.(m.data.id);
			};
	}

	#changed(id: string) {
		this.announce(id);
	}

	/** Tells the other tabs that workspace `id` changed (segments are saved through their own store). */
	announce(id: string) {
		this.#channel?.postMessage({ id });
	}

	/** Every workspace, oldest first. */
	list(): Promise<Workspace[]> {
		return this.db.workspaces.orderBy('createdAt').toArray();
	}

	get(id: string): Promise<Workspace | undefined> {
		return this.db.workspaces.get(id);
	}

	/**
	 * The workspace to open: `preferred` (this tab's own, from sessionStorage) if it still exists, else the
	 * browser's last current one, else the oldest; creates the first workspace when there is none.
	 */
	async current(preferred?: string | null): Promise<Workspace> {
		return this.db.transaction('rw', this.db.workspaces, this.db.meta, async () => {
			const wanted = [preferred, (await this.db.meta.get(CURRENT))?.value];
			for (const id of wanted) {
				const w = typeof id === 'string' ? await this.db.workspaces.get(id) : undefined;
				if (w) return w;
			}
			const oldest = await this.db.workspaces.orderBy('createdAt').first();
			const w = oldest ?? newWorkspace(FIRST_WORKSPACE_NAME);
			if (!oldest) await this.db.workspaces.add(w);
			await this.db.meta.put({ key: CURRENT, value: w.id });
			return w;
		});
	}

	/** Makes `id` the workspace the next visit opens. */
	async setCurrent(id: string) {
		await this.db.meta.put({ key: CURRENT, value: id });
	}

	async create(name: string): Promise<Workspace> {
		const w = newWorkspace(cleanWorkspaceName(name));
		await this.db.workspaces.add(w);
		this.#changed(w.id);
		return w;
	}

	async rename(id: string, name: string) {
		const clean = cleanWorkspaceName(name);
		await this.db.workspaces.update(id, { name: clean, updatedAt: Date.now() });
		this.#changed(id);
	}

	/** Applies `change` to the stored workspace inside one transaction and returns it as saved. */
	async update(id: string, change: (w: Workspace) => void): Promise<Workspace> {
		const saved = await this.db.transaction('rw', this.db.workspaces, async () => {
			const w = await this.db.workspaces.get(id);
			if (!w) throw new Error('This workspace was deleted (in another tab?).');
			change(w);
			w.updatedAt = Date.now();
			await this.db.workspaces.put(w);
			return w;
		});
		this.#changed(id);
		return saved;
	}

	/** A copy under "<name> (copy)": its analyses and dashboard, segments and dataset (kept files copied too). */
	async duplicate(id: string): Promise<Workspace> {
		const { db } = this;
		const w = await db.workspaces.get(id);
		if (!w) throw new Error('This workspace was deleted (in another tab?).');
		const { id: newId, name, createdAt, updatedAt } = newWorkspace(cleanWorkspaceName(`${w.name} (copy)`));
		const c: Workspace = { ...structuredClone(w), id: newId, name, createdAt, updatedAt };
		const files = await this.keptFiles(id);
		if (c.dataset && files) {
			const loadId = crypto.randomUUID();
			try {
				await this.keeper.write(c.id, loadId, files);
				c.dataset = { ...c.dataset, loadId, keptIn: this.keeper.kind };
			} catch {
				c.dataset = { ...c.dataset, stored: false, bytes: 0 };
			}
		} else if (c.dataset) c.dataset = { ...c.dataset, stored: false, bytes: 0 };
		await db.transaction('rw', db.workspaces, db.segments, db.analyses, async () => {
			const segments = await db.segments.where('workspaceId').equals(id).toArray();
			const ids = new Map(segments.map((s) => [s.id, crypto.randomUUID()]));
			const scope = c.dashboardScope;
			if (scope?.segmentId) {
				const segmentId = ids.get(scope.segmentId) ?? null;
				c.dashboardScope = { ...scope, segmentId, compare: Boolean(segmentId && scope.compare) };
			}
			await db.workspaces.add(c);
			await db.segments.bulkAdd(segments.map((s) => ({ ...s, id: ids.get(s.id)!, workspaceId: c.id })));
			const analyses = await db.analyses.where('workspaceId').equals(id).toArray();
			await db.analyses.bulkAdd(
				analyses.map((a) => ({
					...a,
					id: crypto.randomUUID(),
					workspaceId: c.id,
					segmentId: a.segmentId ? (ids.get(a.segmentId) ?? null) : null
				}))
			);
		});
		this.#changed(c.id);
		return c;
	}

	/** The saved analyses and dashboard of workspace `id`; each change is announced to the other tabs. */
	analyses(id: string): AnalysisStore {
		return new AnalysisStore(this.db, id, () => this.#changed(id));
	}

	/**
	 * Deletes a workspace and everything it owns: its segments, analyses, the results an imported one carries
	 * (`meta`), its kept files, and the cached results of its dataset (by fingerprint) unless another
	 * workspace holds the same dataset. One transaction for the database; the files go after it.
	 */
	async remove(id: string) {
		const { db } = this;
		const tables = [db.workspaces, db.segments, db.analyses, db.meta, db.results, db.resultInfo];
		await db.transaction('rw', tables, async () => {
			const fingerprint = (await db.workspaces.get(id))?.dataset?.fingerprint;
			await db.workspaces.delete(id);
			await db.segments.where('workspaceId').equals(id).delete();
			await db.analyses.where('workspaceId').equals(id).delete();
			await db.meta.delete(sharedResultsKey(id));
			if (!fingerprint) return;
			const shared = await db.workspaces.filter((w) => w.dataset?.fingerprint === fingerprint).count();
			if (shared) return;
			const keys = await db.resultInfo.filter((r) => r.fingerprint === fingerprint).primaryKeys();
			await db.results.bulkDelete(keys);
			await db.resultInfo.bulkDelete(keys);
		});
		await this.keeper.remove(id);
		this.#changed(id);
	}

	/**
	 * Keeps `files` as the dataset of workspace `id`. The files are written under a new load id first and the
	 * workspace switched to them in one transaction only then: when the browser refuses (a full quota), the
	 * partial copy is deleted and the earlier dataset and its files stay as they were. Throws the browser's
	 * error then (storage-messages.ts words it). The demo keeps no bytes: it is fetched again.
	 */
	async keepDataset(id: string, dataset: Omit<WorkspaceDataset, 'stored' | 'bytes'>, files: File[]) {
		const { db } = this;
		const loadId = crypto.randomUUID();
		const bytes = dataset.demo ? 0 : files.reduce((s, f) => s + f.size, 0);
		if (!dataset.demo) await this.keeper.write(id, loadId, files);
		let old: WorkspaceDataset | null = null;
		try {
			await db.transaction('rw', db.workspaces, async () => {
				const w = await db.workspaces.get(id);
				if (!w) throw new Error('This workspace was deleted (in another tab?).');
				old = w.dataset;
				w.dataset = dataset.demo
					? { ...dataset, stored: false, bytes }
					: { ...dataset, stored: true, bytes, loadId, keptIn: this.keeper.kind };
				w.updatedAt = Date.now();
				await db.workspaces.put(w);
			});
		} catch (e) {
			await this.keeper.remove(id, loadId);
			throw e;
		}
		const previous = old as WorkspaceDataset | null;
		if (previous?.loadId) await this.keeper.remove(id, previous.loadId);
		this.#changed(id);
	}

	/**
	 * The kept files of workspace `id`, in load order, with the names and modification times they were
	 * dropped with (so the fingerprint, and every cached result, stays the same); null when they are not kept.
	 */
	async keptFiles(id: string): Promise<File[] | null> {
		const w = await this.db.workspaces.get(id);
		const d = w?.dataset;
		if (!d?.stored || !d.loadId) return null;
		const blobs = await this.keeper.read(id, d.loadId, d.files.length);
		return (
			blobs?.map((b, i) => {
				const info = d.files[i];
				return new File([b], info.name, { type: info.type, lastModified: info.lastModified });
			}) ?? null
		);
	}

	/** Forgets the kept bytes of workspace `id`'s dataset (its name, mapping and analyses stay). */
	async freeDataset(id: string) {
		await this.update(id, (w) => {
			if (w.dataset) w.dataset = { ...w.dataset, stored: false, bytes: 0, loadId: undefined };
		});
		await this.keeper.remove(id);
	}

	close() {
		this.#channel?.close();
		this.db.close();
	}
}
