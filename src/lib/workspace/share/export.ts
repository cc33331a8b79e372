/**
 * Building a workspace file (format.ts) from what a workspace holds, with the user's share options: the
 * data or not, user ids hashed, columns dropped, results k-suppressed (suppress.ts). Pure apart from Web
 * Crypto and CompressionStream; the page gathers the inputs (WorkspaceShare) and saves the text.
 */
import { findAnalysis } from '../../analyses/registry.ts';
import type { DatasetInput } from '../../engine/ingest/types.ts';
import type { SegmentRule } from '../../spec/segment-rule.ts';
import type { ColumnMapping } from '../../spec/types.ts';
import { hashIdsIn, idHasher, rewriteDelimited, type IdHasher } from './anonymise.ts';
import { fileInfos, packFiles } from './data.ts';
import {
	FORMAT_VERSION,
	type SharedAnalysis,
	type SharedDashboardScope,
	type SharedFileInfo,
	type WorkspaceFile
} from './format.ts';
import { ShareError } from './guard.ts';
import { carryResult } from './suppress.ts';

/** What the user chose in the share dialog. */
export interface ShareOptions {
	/** Put the data in the file (the kept files, gzip-compressed; rewritten when anonymised). */
	includeData: boolean;
	/** Replace user and anonymous ids by salted hashes everywhere in the file. Needs `salt`. */
	hashIds: boolean;
	/** Columns of the data to leave out (never a mapped column). */
	dropColumns: string[];
	/** Blank result cells that count fewer than k users (null: no suppression). At least 2. */
	k: number | null;
	/** This browser's salt (32 bytes), never written to the file. */
	salt?: Uint8Array;
}

/** A workspace as the exporter reads it: its dataset, segments and analyses with their results (or null). */
export interface ShareSource {
	name: string;
	dataset: { label: string; files: SharedFileInfo[]; input: DatasetInput; fingerprint: string } | null;
	/** The column mapping in force (the ingest report's), which says which columns hold ids. */
	mapping: ColumnMapping | null;
	segments: { id: string; name: string; rule: SegmentRule; origin?: string }[];
	analyses: Omit<SharedAnalysis, 'note'>[];
	/** The dashboard's date range and segment (`segmentId` one of `segments`), or null when none was chosen. */
	dashboardScope: SharedDashboardScope | null;
	/** The dataset's kept files, when the data is to be included. */
	files: File[] | null;
}

/** The columns that identify people: the user id and anonymous id columns of the mapping. */
export function idColumns(mapping: ColumnMapping | null): string[] {
	return [mapping?.user, mapping?.anonymous].filter((c): c is string => typeof c === 'string' && c !== '');
}

function checkDrops(source: ShareSource, drops: readonly string[]) {
	const mapped = Object.entries(source.mapping ?? {}).filter(([, c]) => typeof c === 'string') as [
		string,
		string
	][];
	for (const c of drops) {
		const role = mapped.find(([, m]) => m === c);
		if (role)
			throw new ShareError(
				'dropColumns',
				`${c} is the ${role[0]} column of the mapping and cannot be dropped${role[0] === 'user' || role[0] === 'anonymous' ? ': hash the ids instead' : ''}.`
			);
		if (source.dataset?.input.filters?.some((f) => f.column === c))
			throw new ShareError('dropColumns', `${c} is used by a filter of the dataset and cannot be dropped.`);
	}
}

/** The spec as the registry's parse of its kind returns it, scope segment left out (`segmentId` holds it). */
function parsedSpec(spec: Record<string, unknown>, path: string): Record<string, unknown> {
	const def = findAnalysis(spec.kind);
	if (!def)
		throw new ShareError(`${path}.kind`, `There is no analysis of kind ${JSON.stringify(spec.kind)}.`);
	const { segment: _scope, ...rest } = spec;
	return def.parse(rest, path) as Record<string, unknown>;
}

/** Why an analysis's result stays out of the file under these options, or null when it can be carried. */
function exclusion(spec: Record<string, unknown>, drops: Set<string>, ids: Set<string>): string | null {
	const columns = findAnalysis(spec.kind)!
		.columns(spec as never)
		.map((r) => r.column);
	if (columns.some((c) => drops.has(c)))
		return 'Uses a dropped column, whose values its result would show: not included.';
	if (columns.some((c) => ids.has(c)))
		return 'Groups or filters by the user id column, whose values its result would show: not included.';
	return null;
}

async function hashedResult(kind: string, result: unknown, k: number | null, path: string, hash: IdHasher) {
	// The carrier maps ids synchronously: collect them in a first pass, hash them all, then carry.
	const seen = new Set<string>();
	carryResult(kind, result, k, path, (id) => (seen.add(id), id));
	const hashed = new Map<string, string>();
	for (const id of seen) hashed.set(id, await hash(id));
	return carryResult(kind, result, k, path, (id) => hashed.get(id)!);
}

/**
 * The dashboard scope as the file carries it: a segment that is not among the file's segments (deleted since
 * it was chosen) is dropped, the dashboard then keeps all users. The segment itself is a segment of the file,
 * hashed with the others; the date range needs nothing (format.ts `SharedDashboardScope`).
 */
function sharedScope(source: ShareSource): SharedDashboardScope | null {
	const s = source.dashboardScope;
	if (!s) return null;
	const segmentId = s.segmentId && source.segments.some((x) => x.id === s.segmentId) ? s.segmentId : null;
	return { dateRange: s.dateRange, segmentId, compare: Boolean(segmentId && s.compare) };
}

/**
 * The workspace file of `source` under `options`, `now` its export time. Throws ShareError when the options
 * cannot be honoured: a mapped column dropped, hashing without a salt, data that cannot be anonymised (not
 * CSV/TSV with a header row), an analysis result that is not its kind's shape.
 */
export async function buildWorkspaceFile(
	source: ShareSource,
	options: ShareOptions,
	now = new Date()
): Promise<WorkspaceFile> {
	const drops = [...new Set(options.dropColumns)];
	checkDrops(source, drops);
	if (options.k !== null && (!Number.isInteger(options.k) || options.k < 2))
		throw new ShareError('k', 'k must be a whole number of at least 2.');
	if (options.hashIds && !options.salt)
		throw new ShareError('salt', 'Hashing ids needs this browser’s salt.');
	const ids = options.hashIds ? idColumns(source.mapping) : [];
	if (options.hashIds && ids.length === 0)
		throw new ShareError('hashIds', 'The dataset has no user id column to hash: load data first.');
	const hash = options.hashIds ? await idHasher(options.salt!) : null;
	const idSet = new Set(ids);
	const dropSet = new Set(drops);
	const anonymised = <T>(v: T): Promise<T> =>
		hash ? (hashIdsIn(v, idSet, hash) as Promise<T>) : Promise.resolve(v);

	let data: WorkspaceFile['data'] = null;
	let files = source.dataset?.files ?? [];
	if (options.includeData && source.files) {
		let raw = source.files;
		if (hash || drops.length)
			raw = await Promise.all(
				raw.map((f) =>
					rewriteDelimited(f, ids, drops, hash ?? (async (x) => x), source.dataset?.input.delimiter)
				)
			);
		files = fileInfos(raw);
		data = { files: await packFiles(raw) };
	} else if (options.includeData)
		throw new ShareError(
			'data',
			'The files of this dataset are not kept in this browser: drop them again, then export.'
		);

	const analyses: SharedAnalysis[] = [];
	for (const [i, a] of source.analyses.entries()) {
		const path = `analyses[${i}].result`;
		const spec = parsedSpec(a.spec, `analyses[${i}].spec`);
		const why = exclusion(spec, dropSet, idSet);
		const kind = String(spec.kind);
		const carried =
			a.result === null
				? {
						note: 'Its result is not in this file: the workspace’s own data was not loaded when it was exported (the demo is not kept with a workspace), or the analysis could not run on it.'
					}
				: why
					? { note: why }
					: hash
						? await hashedResult(kind, a.result, options.k, path, hash)
						: carryResult(kind, a.result, options.k, path);
		analyses.push({
			...a,
			spec: await anonymised(spec),
			result: 'result' in carried ? carried.result : null,
			...('note' in carried ? { note: carried.note } : {})
		});
	}

	const d = source.dataset;
	return {
		footfall_workspace: FORMAT_VERSION,
		name: source.name,
		exportedAt: now.toISOString(),
		dataset: d && {
			label: d.label,
			files,
			input: await anonymised(d.input),
			// The fingerprint spells out the dataset's filters, which may name ids: salted like an id.
			fingerprint: hash ? await hash(d.fingerprint) : d.fingerprint
		},
		anonymisation: { hashedIds: options.hashIds, droppedColumns: drops, k: options.k },
		segments: await Promise.all(source.segments.map(async (s) => ({ ...s, rule: await anonymised(s.rule) }))),
		analyses,
		dashboardScope: sharedScope(source),
		data
	};
}
