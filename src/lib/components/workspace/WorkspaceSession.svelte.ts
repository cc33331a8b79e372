import type { DatasetSource, LoadOrigin, WorkbenchModel } from '../workbench/WorkbenchModel.svelte.ts';
import { FootfallDb, type Workspace } from '../../workspace/db.ts';
import { chooseKeeper } from '../../workspace/keep-files.ts';
import { WorkspaceStore } from '../../workspace/workspaces.ts';
import { DexieSegmentStore, type SegmentStore } from '../../workspace/segments.ts';
import { notKeptMessage } from '../../workspace/storage-messages.ts';
import { DEMO_LABEL } from '../workbench/demo.ts';
import { userMessage } from '../../messages.ts';
import { checkStoredReport, storedReport, withSummaries } from '../../workspace/stored-report.ts';
import type { DerivedSummary } from '../../engine/derived.ts';
import type { ColumnDistinct } from '../../engine/distinct.ts';

/** This tab's workspace id (a reload keeps it; another tab may have another workspace open). */
const TAB_KEY = 'footfall-workspace';

/** What the first open found to load: the workspace's kept files, the demo, or nothing. */
export type StartResult = 'restored' | 'demo' | 'not-kept';

/**
 * The workspace open in this tab (issue 13): the list of workspaces, switching between them, and keeping the
 * dataset of each load so a reload brings it back. A restore is a background load, so a file the user drops
 * meanwhile wins (WorkbenchModel.load, issue 7).
 */
export class WorkspaceSession {
	list = $state.raw<Workspace[]>([]);
	current = $state.raw<Workspace | null>(null);
	/** The browser's answer to navigator.storage.persist(); null until asked. */
	persisted = $state<boolean | null>(null);
	/**
	 * False until `start` has opened storage and started restoring the kept dataset (or found none): until
	 * then a page cannot yet tell "no data" from "data on its way".
	 */
	started = $state(false);
	/** Set while the dataset of the last load is being written to storage. */
	keeping = $state(false);
	store: WorkspaceStore | null = null;
	#model: WorkbenchModel | null = null;
	/** The files already kept for the current workspace: a remap of them keeps no new copy. */
	#kept: File[] | null = null;
	#opened!: (store: WorkspaceStore | null) => void;
	/**
	 * Resolves once storage has been opened (or could not be: null). A workspace file dropped before then waits
	 * for it (share.ts `openWorkspaceFile`) rather than being refused.
	 */
	readonly opened = new Promise<WorkspaceStore | null>((resolve) => (this.#opened = resolve));

	/**
	 * Opens storage, picks this tab's workspace, reads its segments and starts restoring its dataset. Resolves
	 * once the restore has started (not finished). Storage that cannot be opened is a notice, never a failure.
	 */
	async start(model: WorkbenchModel): Promise<StartResult> {
		this.#model = model;
		try {
			const db = new FootfallDb();
			const store = new WorkspaceStore(db, await chooseKeeper(db));
			this.store = store;
			const w = await store.current(sessionStorage.getItem(TAB_KEY));
			sessionStorage.setItem(TAB_KEY, w.id);
			this.current = w;
			this.list = await store.list();
			this.#opened(store);
			store.onRemoteChange = (id) => void this.#remote(id);
			void model.loadSegments(this.#segmentStore(w.id));
			model.onLoaded = (source, fingerprint, origin) => void this.#keep(source, fingerprint, origin);
			model.onSummaries = (fingerprint, derived, distinct) =>
				void this.#keepSummaries(fingerprint, derived, distinct);
			return await this.#restore(w);
		} catch (e) {
			this.#opened(null);
			model.notice = `Browser storage could not be opened (${userMessage(e)}): your data and analyses will not be kept after this visit.`;
			return 'demo';
		} finally {
			this.started = true;
		}
	}

	async #restore(w: Workspace): Promise<StartResult> {
		const model = this.#model!;
		const d = w.dataset;
		if (!d || d.demo) return 'demo';
		const files = await this.store!.keptFiles(w.id);
		if (!files) {
			model.notice = `${d.label} is not kept in this browser any more: drop the file again to see this workspace's analyses.`;
			return 'not-kept';
		}
		this.#kept = files;
		const check = checkStoredReport(d, files);
		void model.restore(d.label, { files, input: d.input }, check.ok ? check.stored : null);
		return 'restored';
	}

	/** A segment store that tells the other tabs of each change. */
	#segmentStore(workspaceId: string): SegmentStore {
		const inner = new DexieSegmentStore(this.store!.db, workspaceId);
		const told =
			<A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
			async (...a: A) => {
				const r = await f(...a);
				this.store?.announce(workspaceId);
				return r;
			};
		return {
			list: () => inner.list(),
			add: told((n, r, o) => inner.add(n, r, o)),
			rename: told((id, n) => inner.rename(id, n)),
			update: told((id, p) => inner.update(id, p)),
			remove: told((id) => inner.remove(id))
		};
	}

	async #keep(source: DatasetSource, fingerprint: string, origin: LoadOrigin) {
		const store = this.store;
		const w = this.current;
		const model = this.#model;
		if (!store || !w || !model) return;
		const demo = source.label === DEMO_LABEL;
		// The demo loaded on its own on first open is not the user's choice: the workspace stays empty.
		if (demo && origin === 'background') return;
		const report = model.report && storedReport(model.report, fingerprint);
		try {
			if (source.files === this.#kept) {
				await store.update(w.id, (x) => {
					if (!x.dataset) return;
					// A reopen that found the same data keeps the summaries kept with it.
					const same = x.dataset.report?.fingerprint === fingerprint ? x.dataset.report : undefined;
					x.dataset = { ...x.dataset, input: source.input, fingerprint, report: same ?? report ?? undefined };
				});
			} else {
				this.keeping = true;
				if (!demo) void this.#persist();
				const files = source.files.map((f) => ({
					name: f.name,
					size: f.size,
					lastModified: f.lastModified,
					type: f.type
				}));
				await store.keepDataset(
					w.id,
					{ label: source.label, files, input: source.input, fingerprint, demo, report: report ?? undefined },
					source.files
				);
				this.#kept = source.files;
			}
			// Summaries computed while the files were written found no report to join: add them now.
			const { derived, distinct } = model;
			if (model.fingerprint === fingerprint && derived && distinct)
				await this.#keepSummaries(fingerprint, derived, distinct);
			await this.refresh();
		} catch (e) {
			const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
			model.notice = notKeptMessage(source.label, e, estimate);
		} finally {
			this.keeping = false;
		}
	}

	/** Adds the sessions summary and distinct counts to the kept report of the same load (never another's). */
	async #keepSummaries(fingerprint: string, derived: DerivedSummary, distinct: ColumnDistinct[]) {
		const w = this.current;
		if (!this.store || !w) return;
		await this.store
			.update(w.id, (x) => {
				if (x.dataset)
					x.dataset = {
						...x.dataset,
						report: withSummaries(x.dataset.report, fingerprint, derived, distinct)
					};
			})
			.catch(() => {
				// Not kept: the next reopen computes them again.
			});
	}

	async #persist() {
		try {
			this.persisted =
				(await navigator.storage?.persisted?.()) || ((await navigator.storage?.persist?.()) ?? false);
		} catch {
			this.persisted = false;
		}
	}

	/** Reads the list and the current workspace again (after a change here or in another tab). */
	async refresh() {
		const store = this.store;
		if (!store || !this.current) return;
		this.list = await store.list();
		this.current = (await store.get(this.current.id)) ?? this.current;
	}

	async #remote(id: string) {
		const cur = this.current;
		await this.refresh();
		if (!cur || id !== cur.id || !this.store || !this.#model) return;
		if (!(await this.store.get(id))) {
			this.#model.notice = 'This workspace was deleted in another tab. What you do here is no longer kept.';
			return;
		}
		void this.#model.loadSegments(this.#segmentStore(id));
	}

	/** Opens workspace `id` in this tab (the page reloads into it; everything it holds is kept). */
	async switchTo(id: string) {
		sessionStorage.setItem(TAB_KEY, id);
		await this.store?.setCurrent(id);
		location.reload();
	}

	async create(name: string) {
		const w = await this.store?.create(name);
		if (w) await this.switchTo(w.id);
	}

	async rename(name: string) {
		if (!this.store || !this.current) return;
		await this.store.rename(this.current.id, name);
		await this.refresh();
	}

	async duplicate() {
		if (!this.store || !this.current) return;
		const copy = await this.store.duplicate(this.current.id);
		await this.switchTo(copy.id);
	}

	/** Deletes the current workspace and opens another (a first one is made when none is left). */
	async remove() {
		if (!this.store || !this.current) return;
		await this.store.remove(this.current.id);
		sessionStorage.removeItem(TAB_KEY);
		const next = await this.store.current();
		await this.switchTo(next.id);
	}

	/** Forgets the kept files of the current workspace's dataset (the data in memory stays until reload). */
	async freeDataset() {
		if (!this.store || !this.current) return;
		await this.store.freeDataset(this.current.id);
		this.#kept = null;
		await this.refresh();
	}
}
