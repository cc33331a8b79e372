import { page } from '$app/state';
import { replaceState } from '$app/navigation';
import type { WorkbenchModel } from '../workbench/WorkbenchModel.svelte.ts';
import type { WorkspaceSession } from '../workspace/WorkspaceSession.svelte.ts';
import {
	openingScope,
	readStoredScope,
	readUrlScope,
	sameScope,
	scopeOfWorkbench,
	writeUrlScope,
	type DashboardScope
} from '../../analyses/dashboard-scope.ts';
import { userMessage } from '../../messages.ts';

/**
 * The dashboard's date range and segment across reloads (issue 13). On open it applies the scope the address
 * names, else the one kept with the workspace, else keeps the workbench's (dashboard-scope.ts
 * `openingScope`); from then on each change made on the dashboard is kept with the workspace (Dexie, the
 * workspace record's `dashboardScope`) and written into the address, so a reload, a bookmark and the back
 * button land on the same tiles. The scope stays the workbench's one scope: the analyses opened from a tile
 * share it, as they do from any page.
 */
export class DashboardScopeKeeper {
	/** True once the opening scope is in force: tiles wait for it, so none runs twice. */
	ready = $state(false);
	error = $state<string | null>(null);
	#kept: DashboardScope | null = null;
	#workbench: () => WorkbenchModel | null;
	#session: () => WorkspaceSession | null;
	#opening = false;

	constructor(workbench: () => WorkbenchModel | null, session: () => WorkspaceSession | null) {
		this.#workbench = workbench;
		this.#session = session;
	}

	/**
	 * Applies the opening scope once the workbench exists, storage is open (or could not be) and the saved
	 * segments were read (a segment is kept by id). Call from an effect that reads `segmentsRead`; it does its
	 * work once.
	 */
	async open() {
		const model = this.#workbench();
		if (this.ready || this.#opening || !model) return;
		const session = this.#session();
		const store = session ? await session.opened : null;
		// Without storage no segment is saved to wait for (?workspace=0 still reads the segments).
		if ((store || !session) && !model.segmentsRead) return;
		if (this.ready || this.#opening) return;
		this.#opening = true;
		let stored: DashboardScope | null = null;
		if (store && session?.current) {
			try {
				stored = readStoredScope((await store.get(session.current.id))?.dashboardScope);
			} catch (e) {
				this.error = `The dashboard's dates and segment could not be read: ${userMessage(e)}`;
			}
		}
		const now = scopeOfWorkbench(model.scope, model.scopeSegmentId);
		const target = openingScope(readUrlScope(location.search), stored, now);
		if (!sameScope(target, now)) {
			model.scope = { ...model.scope, dateRange: target.dateRange };
			model.useSegment(target.segmentId, target.compare);
		}
		this.#kept = stored;
		this.ready = true;
	}

	/**
	 * Keeps the workbench's scope as the dashboard's when it differs from the kept one, and writes it into the
	 * address. Call from an effect that reads the scope, so each change on the dashboard lands here.
	 */
	async keep(scope: DashboardScope) {
		if (!this.ready) return;
		const search = writeUrlScope(location.search, scope);
		// The page's own path with new parameters: nothing to resolve against the base path.
		// eslint-disable-next-line svelte/no-navigation-without-resolve
		if (search !== location.search) replaceState(search, page.state);
		if (this.#kept && sameScope(this.#kept, scope)) return;
		this.#kept = scope;
		const session = this.#session();
		const id = session?.current?.id;
		if (!session?.store || !id) return;
		try {
			await session.store.update(id, (w) => {
				w.dashboardScope = scope;
			});
			this.error = null;
		} catch (e) {
			this.error = `The dashboard's dates and segment could not be kept: ${userMessage(e)}`;
		}
	}
}
