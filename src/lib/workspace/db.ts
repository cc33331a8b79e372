/**
 * The browser's own storage of Footfall (IndexedDB through Dexie): workspaces, the files they keep, cached
 * results and saved segments, under one versioned schema. A new version adds tables or indexes and says how
 * older data moves on (Dexie's `upgrade`, run once per browser, inside the upgrade transaction).
 */
import Dexie, { type EntityTable } from 'dexie';
import type { SegmentRule } from '../spec/segment-rule.ts';
import type { DatasetInput } from '../engine/ingest/types.ts';

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
}

/** An analysis the workspace keeps: its spec as parsed by the registry, and how it was shown. */
export interface SavedAnalysis {
	id: string;
	title: string;
	spec: Record<string, unknown>;
	/** View settings that are not part of the spec (chart or table); only known keys survive a parse. */
	view?: { tab?: 'chart' | 'table' };
}

/** One tile of the dashboard: the analysis it shows, in reading order. */
export interface DashboardTile {
	analysisId: string;
}

/** A named collection of a dataset, analyses, segments (by workspaceId) and a dashboard. */
export interface Workspace {
	id: string;
	name: string;
	createdAt: number;
	updatedAt: number;
	dataset: WorkspaceDataset | null;
	analyses: SavedAnalysis[];
	dashboard: DashboardTile[];
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

/** A new empty workspace. */
export function newWorkspace(name: string, now = Date.now()): Workspace {
	return {
		id: crypto.randomUUID(),
		name,
		createdAt: now,
		updatedAt: now,
		dataset: null,
		analyses: [],
		dashboard: []
	};
}

export class FootfallDb extends Dexie {
	results!: EntityTable<CachedResult, 'key'>;
	resultInfo!: EntityTable<CachedResultInfo, 'key'>;
	segments!: EntityTable<SavedSegment, 'id'>;
	workspaces!: EntityTable<Workspace, 'id'>;
	files!: EntityTable<StoredFile, 'id'>;
	meta!: EntityTable<MetaEntry, 'key'>;
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
	}
}
