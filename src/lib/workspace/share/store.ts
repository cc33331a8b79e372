/**
 * A checked workspace file (validate.ts) written into this browser's storage as a NEW workspace: its
 * segments, analyses (dashboard order kept), the dashboard's date range and segment, and the results it carries, in one transaction, so an import
 * that fails leaves nothing half-made, and the workspace and dataset already here are never touched. The
 * carried results are kept beside the workspace (table `meta`), not in the result cache: a file cannot plant
 * numbers under the cache key of a dataset the user has. With data, the files are kept as any dropped file.
 */
import type { FootfallDb, SavedAnalysis, SavedSegment, Workspace } from '../db.ts';
import { newWorkspace, sharedResultsKey as KEY } from '../db.ts';
import { cleanWorkspaceName, MAX_NAME, type WorkspaceStore } from '../workspaces.ts';
import { fileInfos } from './data.ts';
import type { SharedAnonymisation, WorkspaceFile } from './format.ts';

/** What an imported workspace shows without its data: each analysis's carried result or why there is none. */
export interface SharedResults {
	exportedAt: string;
	anonymisation: SharedAnonymisation;
	/** By the analysis's id in this browser. */
	results: Record<string, { result: unknown; note?: string }>;
}

const SALT = 'shareSalt';

/** The carried results of workspace `id` (an imported one), or null. */
export async function sharedResults(db: FootfallDb, workspaceId: string): Promise<SharedResults | null> {
	const entry = await db.meta.get(KEY(workspaceId));
	return (entry?.value as SharedResults | undefined) ?? null;
}

/** This browser's salt of anonymised exports (made on first use, kept in `meta`, never exported). */
export async function shareSalt(db: FootfallDb, make: () => Uint8Array): Promise<Uint8Array> {
	return db.transaction('rw', db.meta, async () => {
		const found = (await db.meta.get(SALT))?.value;
		if (found instanceof Uint8Array && found.length >= 16) return found;
		const salt = make();
		await db.meta.put({ key: SALT, value: salt });
		return salt;
	});
}

/**
 * `name` if no workspace here has it, else `name (imported)`, `name (imported 2)`, …: an imported workspace
 * named like the one it came from (both "My workspace") could not be told apart in the workspace menu.
 */
export function importedName(name: string, taken: readonly string[]): string {
	const used = new Set(taken);
	if (!used.has(name)) return name;
	for (let i = 1; ; i++) {
		const suffix = ` (imported${i === 1 ? '' : ` ${i}`})`;
		// The base gives way so the suffix always fits in MAX_NAME: a long name still gets a new one.
		const next = `${name.slice(0, MAX_NAME - suffix.length).trimEnd()}${suffix}`;
		if (!used.has(next)) return next;
	}
}

/**
 * Adds `file` as a new workspace named after it (see `importedName`) and returns it. `files`: its data, unpacked (data.ts), kept
 * so the workspace opens on them; null without data (the workspace then shows the carried results).
 */
export async function importWorkspace(
	store: WorkspaceStore,
	file: WorkspaceFile,
	files: File[] | null
): Promise<Workspace> {
	const { db } = store;
	const taken = (await db.workspaces.toArray()).map((x) => x.name);
	const w = newWorkspace(importedName(cleanWorkspaceName(file.name), taken));
	const segmentIds = new Map(file.segments.map((s) => [s.id, crypto.randomUUID()]));
	const now = Date.now();
	const segments: SavedSegment[] = file.segments.map((s, i) => ({
		id: segmentIds.get(s.id)!,
		name: s.name,
		rule: s.rule,
		createdAt: now + i,
		workspaceId: w.id,
		...(s.origin ? { origin: s.origin } : {})
	}));
	const sorted = [...file.analyses].sort((a, b) => a.order - b.order);
	const analyses: SavedAnalysis[] = sorted.map((a, order) => ({
		id: crypto.randomUUID(),
		workspaceId: w.id,
		kind: String(a.spec.kind),
		spec: a.spec,
		segmentId: a.segmentId === null ? null : (segmentIds.get(a.segmentId) ?? null),
		compare: a.compare,
		view: a.view,
		title: a.title,
		pinned: a.pinned,
		order,
		createdAt: now,
		updatedAt: now
	}));
	const shared: SharedResults = {
		exportedAt: file.exportedAt,
		anonymisation: file.anonymisation,
		results: Object.fromEntries(
			sorted.map((a, i) => [analyses[i].id, { result: a.result, ...(a.note ? { note: a.note } : {}) }])
		)
	};
	const scope = file.dashboardScope;
	if (scope) {
		const segmentId = scope.segmentId === null ? null : (segmentIds.get(scope.segmentId) ?? null);
		w.dashboardScope = {
			dateRange: scope.dateRange,
			segmentId,
			compare: Boolean(segmentId && scope.compare)
		};
	}
	if (file.dataset && !files) w.dataset = { ...file.dataset, stored: false, bytes: 0 };
	await db.transaction('rw', [db.workspaces, db.segments, db.analyses, db.meta], async () => {
		await db.workspaces.add(w);
		await db.segments.bulkAdd(segments);
		await db.analyses.bulkAdd(analyses);
		await db.meta.put({ key: KEY(w.id), value: shared });
	});
	if (file.dataset && files) {
		try {
			await store.keepDataset(w.id, { ...file.dataset, files: fileInfos(files) }, files);
		} catch (e) {
			// The workspace without its data is no use half-made: take it away again, the error says why.
			await store.remove(w.id);
			throw e;
		}
	}
	store.announce(w.id);
	return (await store.get(w.id)) ?? w;
}
