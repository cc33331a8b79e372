/**
 * The browser's own storage of Footfall (IndexedDB through Dexie): workspaces, the files they keep, cached
 * results and saved segments, under one versioned schema. A new version adds tables or indexes and says how
 * older data moves on (Dexie's `upgrade`, run once per browser, inside the upgrade transaction).
 */
import Dexie, { type EntityTable } from 'dexie';
import type { SegmentRule } from '../spec/segment-rule.ts';
import type { DatasetInput } from '../engine/ingest/types.ts';
import type { StoredReport } from './stored-report.ts';
import type { DashboardScope } from '../analyses/dashboard-scope.ts';

export interface CachedResult {
	key: string;
	result: unknown;
	createdAt: number;
}

/**
 * The size and last use of one cached result, apart from the result itself so that the budget is checked
 * without reading every result.
 */
export interface CachedResultInfo {
	key: string;
	/** Its size as JSON, in UTF-16 code units (≈ bytes). */
	bytes: number;
	/** When it was last read or written (ms since epoch): eviction drops the least recently used first. */
	usedAt: number;
	/**
	 * The fingerprint of the dataset it was computed on (not indexed: read when a workspace is deleted, to drop
	 * the results of its dataset). Missing on results cached before it was recorded.
	 */
	fingerprint?: string;
}

/** A segment the user saved (SEMANTICS §4): a name and the rule (or fixed user list) it stands for. */
export interface SavedSegment {
	id: string;
	name: string;
	rule: SegmentRule;
	createdAt: number;
	/** Where it came from, in words ("RFM cell 4-4", "funnel step 2, dropped"). */
	origin?: string;
	/** The workspace it belongs to (schema 3 on; older segments moved to the first workspace). */
	workspaceId?: string;
}

/** One file of a dataset as the workspace remembers it (the bytes themselves are in `files`). */
export interface DatasetFileInfo {
	name: string;
	size: number;
	/** ms since epoch, as the file had it when dropped: part of the dataset's fingerprint. */
	lastModified: number;
	type: string;
}

/** The dataset of a workspace: its files, the mapping in force and the fingerprint of the last load. */
export interface WorkspaceDataset {
	label: string;
	files: DatasetFileInfo[];
	input: DatasetInput;
	fingerprint: string;
	/** True while the files' bytes are kept in this browser (false once freed: the files must be dropped again). */
	stored: boolean;
	/** Bytes kept for it. */
	bytes: number;
	/** The demo is fetched again rather than kept. */
	demo?: boolean;
	/** Where the bytes are (keep-files.ts) and the id of the load they were written under. */
	keptIn?: 'opfs' | 'indexeddb';
	loadId?: string;
	/**
	 * The report of the load of `fingerprint`, shown at once on reopen while the files load again
	 * (stored-report.ts); absent for data kept before it was kept too. No new index: no schema version.
	 */
	report?: StoredReport;
}

/**
 * How a saved analysis was shown, apart from its spec: the tab of its frame (chart, table or its own), and
 * its tile's width on the dashboard (`full`: the whole row; absent: one column of the grid).
 */
export interface AnalysisView {
	tab?: string;
	width?: 'full';
}

/**
 * An analysis the workspace keeps (schema 4, table `analyses`): its spec as the registry's `parse` of its
 * kind returns it (defaults applied) with `segment: null`, the saved segment it was scoped to by id (a
 * segment's rule may be a list of thousands of users; the id names what the user picked), how it was shown,
 * and its place on the dashboard.
 */
export interface SavedAnalysis {
	id: string;
	workspaceId: string;
	/** The registry kind (`trend`, `funnel`…); always equal to `spec.kind`. */
	kind: string;
	spec: Record<string, unknown>;
	/** A saved segment's id (table `segments`), or null for all users. */
	segmentId: string | null;
	/** Drawn beside all users (SEMANTICS §1b); only with a segment. */
	compare: boolean;
	view: AnalysisView;
	title: string;
	/** On the workspace's dashboard. */
	pinned: boolean;
	/** Place among the workspace's analyses and on its dashboard, ascending (ties: oldest first). */
	order: number;
	/** ms since epoch. */
	createdAt: number;
	updatedAt: number;
}

/** A named collection of a dataset, analyses and segments (both by workspaceId, from schema 4 and 3). */
export interface Workspace {
	id: string;
	name: string;
	createdAt: number;
	updatedAt: number;
	dataset: WorkspaceDataset | null;
	/**
	 * The date range and segment of its dashboard, as last chosen there (dashboard-scope.ts; read through
	 * `readStoredScope`, which ignores a malformed one). Absent until one is chosen. Not indexed, so no schema
	 * version: a record without it reads as "nothing chosen yet".
	 */
	dashboardScope?: DashboardScope;
}

/** The bytes of one kept file where OPFS is missing (keep-files.ts), one row per file. */
export interface StoredFile {
	/** `<workspaceId>/<loadId>/<index>` */
	id: string;
	workspaceId: string;
	index: number;
	file: Blob;
}

/** Small settings of this browser: the current workspace, the local salt of anonymised exports. */
export interface MetaEntry {
	key: string;
	value: unknown;
}

export const FIRST_WORKSPACE_NAME = 'My workspace';

/** The `meta` key of the results an imported workspace carries (share/store.ts), deleted with it. */
export const sharedResultsKey = (workspaceId: string) => `sharedResults:${workspaceId}`;

/** A new empty workspace. */
export function newWorkspace(name: string, now = Date.now()): Workspace {
	return {
		id: crypto.randomUUID(),
		name,
		createdAt: now,
		updatedAt: now,
		dataset: null
	};
}

export class FootfallDb extends Dexie {
	results!: EntityTable<CachedResult, 'key'>;
	resultInfo!: EntityTable<CachedResultInfo, 'key'>;
	segments!: EntityTable<SavedSegment, 'id'>;
	workspaces!: EntityTable<Workspace, 'id'>;
	files!: EntityTable<StoredFile, 'id'>;
	meta!: EntityTable<MetaEntry, 'key'>;
	analyses!: EntityTable<SavedAnalysis, 'id'>;
	constructor(name = 'footfall') {
		super(name);
		this.version(1).stores({ results: 'key, createdAt' });
		this.version(2).stores({ results: 'key, createdAt', segments: 'id, name, createdAt' });
		// Schema 3 (issue 13): workspaces. The segments saved so far move into a first workspace, which becomes
		// the current one; each cached result gets a size and a last-use time (resultInfo) for the cache's budget.
		this.version(3)
			.stores({
				results: 'key, createdAt',
				resultInfo: 'key, usedAt',
				segments: 'id, name, createdAt, workspaceId',
				workspaces: 'id, name, createdAt',
				files: 'id, workspaceId',
				meta: 'key'
			})
			.upgrade(async (tx) => {
				const first = newWorkspace(FIRST_WORKSPACE_NAME);
				await tx.table('workspaces').add(first);
				await tx.table('meta').put({ key: 'currentWorkspace', value: first.id });
				await tx
					.table('segments')
					.toCollection()
					.modify((s: SavedSegment) => {
						s.workspaceId = first.id;
					});
				const results: CachedResult[] = await tx.table('results').toArray();
				await tx.table('resultInfo').bulkPut(
					results.map((r) => ({
						key: r.key,
						usedAt: r.createdAt,
						bytes: JSON.stringify(r.result ?? null).length
					}))
				);
			});
		// Schema 4 (issue 13): analyses in a table of their own, so that two tabs saving or pinning analyses of
		// one workspace never rewrite each other's, and a workspace file carries them row by row. Analyses
		// and tiles kept inside a workspace record under schema 3 (`analyses`, `dashboard`) move into it.
		this.version(4)
			.stores({ analyses: 'id, workspaceId, [workspaceId+order]' })
			.upgrade(async (tx) => {
				const all: (Workspace & V3Lists)[] = await tx.table('workspaces').toArray();
				await tx.table('analyses').bulkPut(all.flatMap(fromSchema3));
				await tx
					.table('workspaces')
					.toCollection()
					.modify((w: Workspace & V3Lists) => {
						delete w.analyses;
						delete w.dashboard;
					});
			});
	}
}

/** What a schema 3 workspace record could hold besides its dataset (never filled by the app of schema 3). */
interface V3Lists {
	analyses?: { id: string; title?: string; spec?: Record<string, unknown>; view?: AnalysisView }[];
	dashboard?: { analysisId: string }[];
}

/** The rows of schema 4 for a schema 3 workspace's analyses: pinned when on its dashboard, in its order. */
function fromSchema3(w: Workspace & V3Lists): SavedAnalysis[] {
	const tiles = (w.dashboard ?? []).map((t) => t.analysisId);
	return (w.analyses ?? [])
		.filter((a) => typeof a?.spec?.kind === 'string')
		.map((a, i) => {
			const spec = a.spec as { kind: string };
			const tile = tiles.indexOf(a.id);
			return {
				id: a.id,
				workspaceId: w.id,
				kind: spec.kind,
				spec,
				segmentId: null,
				compare: false,
				view: a.view ?? {},
				title: a.title ?? spec.kind,
				pinned: tile >= 0,
				order: tile >= 0 ? tile : tiles.length + i,
				createdAt: w.updatedAt,
				updatedAt: w.updatedAt
			};
		});
}
