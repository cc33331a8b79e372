/**
 * The workspace file (issue 13, "Share"): one JSON object whose first field, `"footfall_workspace": 1`, says
 * what it is, so a drop routes it to import and never to the event loaders. It carries a workspace's dataset
 * description, saved segments, analyses (specs, view settings, dashboard place) with the results they had
 * (after k-suppression), and optionally the data itself (gzip, base64). Pure: no DOM, no storage.
 */
import type { DatasetInput } from '../../engine/ingest/types.ts';
import type { SegmentRule } from '../../spec/segment-rule.ts';
import type { DateRange } from '../../spec/scope.ts';

/** The first key of every workspace file. */
export const FORMAT_KEY = 'footfall_workspace';
/** The version this code writes and reads; a newer file is refused with a message saying so. */
export const FORMAT_VERSION = 1;
/** The extension the export suggests (any name is accepted on import: the content decides). */
export const FILE_SUFFIX = '.footfall.json';

/** One file of the dataset as it was dropped (name, bytes, ms since epoch). */
export interface SharedFileInfo {
	name: string;
	size: number;
	lastModified: number;
	type: string;
}

/** A saved segment as the file carries it: `id` is the file's own, referred to by analyses. */
export interface SharedSegment {
	id: string;
	name: string;
	rule: SegmentRule;
	origin?: string;
}

/** What an analysis's numbers are in the file: carried (maybe with blanked cells), or why they are not. */
export interface SharedAnalysis {
	id: string;
	title: string;
	/** The spec as the registry's parse of its kind returns it, without `segment` (the scope is `segmentId`). */
	spec: Record<string, unknown>;
	/** A segment of the file (`segments[].id`) the analysis is scoped to, or null for all users. */
	segmentId: string | null;
	compare: boolean;
	view: { tab?: string; width?: 'full' };
	/** On the dashboard, in `order` (ascending). */
	pinned: boolean;
	order: number;
	/** The result as the analysis shaped it, cells under k set to null (suppress.ts); null when not carried. */
	result: unknown;
	/** Why `result` is null, in the user's words (absent when it is carried). */
	note?: string;
}

/** One data file: its bytes gzip-compressed, then base64. `size` is the uncompressed size. */
export interface SharedDataFile extends SharedFileInfo {
	gzipBase64: string;
}

/** What anonymisation the exporter chose (so the importer can say what it holds). */
export interface SharedAnonymisation {
	/** User and anonymous ids replaced by salted hashes (the salt stayed on the exporting machine). */
	hashedIds: boolean;
	/** Columns left out of the data (and results whose specs use them). */
	droppedColumns: string[];
	/** Result cells counting fewer than k users are blank; null when no suppression was asked for. */
	k: number | null;
}

/**
 * The dashboard's date range and segment (the workspace's `dashboardScope`, dashboard-scope.ts), which every
 * tile runs with. `segmentId` is a segment of the file (`segments[].id`) or null for all users. The date range
 * travels as chosen, under anonymisation too: it names days, never people (a `last` range counts back from
 * the data's last event, so it reads the same on any machine).
 */
export interface SharedDashboardScope {
	dateRange: DateRange | null;
	segmentId: string | null;
	/** The segment drawn beside all users on the full analyses; only with a segment. */
	compare: boolean;
}

/** A workspace file, version 1, as `validate.ts` returns it (every field checked). */
export interface WorkspaceFile {
	footfall_workspace: 1;
	name: string;
	/** ISO 8601, UTC. */
	exportedAt: string;
	dataset: {
		label: string;
		files: SharedFileInfo[];
		input: DatasetInput;
		/** The exporter's dataset fingerprint (a hash of it when ids were hashed); informational. */
		fingerprint: string;
	} | null;
	anonymisation: SharedAnonymisation;
	segments: SharedSegment[];
	analyses: SharedAnalysis[];
	/** Null when none was chosen (every day, all users); absent in files written before it travelled. */
	dashboardScope: SharedDashboardScope | null;
	data: { files: SharedDataFile[] } | null;
}

/**
 * The file's text, `footfall_workspace` first (JSON.stringify keeps insertion order), so that the first
 * bytes identify it (`looksLikeWorkspaceFile`).
 */
export function serialiseWorkspaceFile(file: WorkspaceFile): string {
	const { footfall_workspace, ...rest } = file;
	return JSON.stringify({ [FORMAT_KEY]: footfall_workspace, ...rest });
}

const START = /^\uFEFF?\s*\{\s*"footfall_workspace"\s*:/;

/**
 * True when `head` (the first bytes of a file, at least 64) opens a JSON object whose first key is
 * `footfall_workspace`. Event exports are arrays of records, one record per line, or objects wrapping an
 * array (`{"data": [...]}`); none of the formats Footfall reads starts with this key, so a JSON event file is
 * never taken for a workspace and a workspace file never reaches the event loaders.
 */
export function looksLikeWorkspaceFile(head: Uint8Array): boolean {
	const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 256));
	return START.test(text);
}

/** True when the file's first bytes say it is a workspace file (reads 256 bytes). */
export async function isWorkspaceFile(file: Blob): Promise<boolean> {
	return looksLikeWorkspaceFile(new Uint8Array(await file.slice(0, 256).arrayBuffer()));
}
