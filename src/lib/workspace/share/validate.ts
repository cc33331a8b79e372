/**
 * Reading a workspace file (format.ts) as untrusted input: size and structure limits first (guard.ts), then
 * every field against a strict schema. Specs go through the registry's parse of their kind, segment rules
 * through `segmentRule`, the dataset's options through `datasetAt`, results through their kind's carrier
 * (suppress.ts); everything returned is rebuilt from known fields, never passed through. Any problem throws
 * ShareError naming the field (`analyses[2].spec.measure`) with what to do.
 */
import type { DatasetInput } from '../../engine/ingest/types.ts';
import { findAnalysis } from '../../analyses/registry.ts';
import { datasetAt } from '../../spec/dataset.ts';
import { segmentRule } from '../../spec/segment-rule.ts';
import { dateRange } from '../../spec/scope.ts';
import {
	FORMAT_KEY,
	FORMAT_VERSION,
	type SharedAnalysis,
	type SharedDashboardScope,
	type SharedFileInfo,
	type SharedSegment,
	type WorkspaceFile
} from './format.ts';
import {
	checkStructure,
	MAX_ANALYSES,
	MAX_DATA_FILES,
	MAX_FILE_BYTES,
	MAX_SEGMENTS,
	ShareError
} from './guard.ts';
import { carryResult } from './suppress.ts';
import { bool, cleanText, id, list, MAX_TITLE, number, object, spec, text, type Obj } from './fields.ts';

function fileInfo(x: unknown, path: string): SharedFileInfo {
	const f = object(x, path, ['name', 'size', 'lastModified', 'type']);
	return {
		name: cleanText(f.name, `${path}.name`, 255, 'file'),
		size: number(f.size, `${path}.size`, 0, Number.MAX_SAFE_INTEGER),
		lastModified: number(f.lastModified, `${path}.lastModified`, 0, Number.MAX_SAFE_INTEGER),
		type: text(f.type, `${path}.type`, 100)
	};
}

const INPUT_KEYS = [
	'format',
	'columns',
	'eventName',
	'timeUnit',
	'dateOrder',
	'timezone',
	'sourceTimezone',
	'weekStart',
	'dedupe',
	'filters',
	'header',
	'delimiter',
	'sessionGapMinutes'
] as const;

/** The dataset options, checked by the dataset spec's own checks and rebuilt from the keys given. */
function datasetInput(x: unknown, path: string): DatasetInput {
	const o = object(x, path, INPUT_KEYS, []);
	const columns =
		o.columns === undefined
			? {}
			: object(o.columns, `${path}.columns`, ['user', 'time', 'event', 'id', 'anonymous', 'session'], []);
	// `files` and a user column are required of a full dataset spec, not of options: placeholders stand in.
	const full = spec(() => datasetAt({ ...o, files: ['-'], columns: { user: '-', ...columns } }, path));
	const out: Record<string, unknown> = {};
	for (const key of INPUT_KEYS) if (key !== 'columns' && o[key] !== undefined) out[key] = full[key];
	if (o.columns !== undefined) {
		const c: Record<string, unknown> = {};
		for (const key of Object.keys(columns)) c[key] = full.columns[key as keyof typeof full.columns];
		out.columns = c;
	}
	return out as DatasetInput;
}

function dataset(x: unknown, path: string): WorkspaceFile['dataset'] {
	if (x === null) return null;
	const d = object(x, path, ['label', 'files', 'input', 'fingerprint']);
	return {
		label: cleanText(d.label, `${path}.label`, 255, 'Dataset'),
		files: list(d.files, `${path}.files`, MAX_DATA_FILES).map((f, i) => fileInfo(f, `${path}.files[${i}]`)),
		input: datasetInput(d.input, `${path}.input`),
		fingerprint: text(d.fingerprint, `${path}.fingerprint`, 10_000)
	};
}

function anonymisation(x: unknown, path: string): WorkspaceFile['anonymisation'] {
	const a = object(x, path, ['hashedIds', 'droppedColumns', 'k']);
	return {
		hashedIds: bool(a.hashedIds, `${path}.hashedIds`),
		droppedColumns: list(a.droppedColumns, `${path}.droppedColumns`, 1000).map((c, i) =>
			text(c, `${path}.droppedColumns[${i}]`, 1000)
		),
		k: a.k === null ? null : number(a.k, `${path}.k`, 2, 1_000_000)
	};
}

function segments(x: unknown, path: string): SharedSegment[] {
	const seen = new Set<string>();
	return list(x, path, MAX_SEGMENTS).map((s, i) => {
		const p = `${path}[${i}]`;
		const o = object(s, p, ['id', 'name', 'rule', 'origin'], ['id', 'name', 'rule']);
		const sid = id(o.id, `${p}.id`);
		if (seen.has(sid)) throw new ShareError(`${p}.id`, `${p}.id repeats an earlier segment's id.`);
		seen.add(sid);
		return {
			id: sid,
			name: cleanText(o.name, `${p}.name`, MAX_TITLE, 'Segment'),
			rule: spec(() => segmentRule(o.rule, `${p}.rule`)),
			...(o.origin === undefined ? {} : { origin: cleanText(o.origin, `${p}.origin`, MAX_TITLE, '') })
		};
	});
}

function analyses(x: unknown, path: string, segmentIds: Set<string>, k: number | null): SharedAnalysis[] {
	const seen = new Set<string>();
	return list(x, path, MAX_ANALYSES).map((a, i) => {
		const p = `${path}[${i}]`;
		const o = object(
			a,
			p,
			['id', 'title', 'spec', 'segmentId', 'compare', 'view', 'pinned', 'order', 'result', 'note'],
			['id', 'title', 'spec', 'segmentId', 'compare', 'view', 'pinned', 'order', 'result']
		);
		const aid = id(o.id, `${p}.id`);
		if (seen.has(aid)) throw new ShareError(`${p}.id`, `${p}.id repeats an earlier analysis's id.`);
		seen.add(aid);
		const raw = object(o.spec, `${p}.spec`, Object.keys(o.spec ?? {}), ['kind']);
		const def = findAnalysis(raw.kind);
		if (!def)
			throw new ShareError(
				`${p}.spec.kind`,
				`${p}.spec.kind names no analysis this Footfall has (${JSON.stringify(String(raw.kind).slice(0, 40))}).`
			);
		// The scope's segment is `segmentId`; a rule written into the spec itself is not taken.
		const { segment: _scope, ...rest } = raw;
		const parsed = spec(() => def.parse(rest, `${p}.spec`)) as Record<string, unknown>;
		const segmentId = o.segmentId === null ? null : id(o.segmentId, `${p}.segmentId`);
		if (segmentId !== null && !segmentIds.has(segmentId))
			throw new ShareError(`${p}.segmentId`, `${p}.segmentId names no segment of this file.`);
		const view = object(o.view, `${p}.view`, ['tab', 'width'], []);
		if (view.tab !== undefined && !/^[\w-]{1,32}$/.test(text(view.tab, `${p}.view.tab`, 32)))
			throw new ShareError(`${p}.view.tab`, `${p}.view.tab must be a tab name such as "chart" or "table".`);
		if (view.width !== undefined && view.width !== 'full')
			throw new ShareError(`${p}.view.width`, `${p}.view.width must be "full" or absent.`);
		const carried = o.result === null ? null : carryResult(def.kind, o.result, k, `${p}.result`);
		const note =
			carried && 'note' in carried
				? carried.note
				: o.note === undefined
					? undefined
					: cleanText(o.note, `${p}.note`, 500, '');
		return {
			id: aid,
			title: cleanText(o.title, `${p}.title`, MAX_TITLE, def.label),
			spec: parsed,
			segmentId,
			compare: segmentId !== null && bool(o.compare, `${p}.compare`),
			view: {
				...(view.tab === undefined ? {} : { tab: view.tab as string }),
				...(view.width === 'full' ? { width: 'full' as const } : {})
			},
			pinned: bool(o.pinned, `${p}.pinned`),
			order: number(o.order, `${p}.order`, -1e9, 1e9),
			result: carried && 'result' in carried ? carried.result : null,
			...(note ? { note } : {})
		};
	});
}

/**
 * The dashboard's date range (the spec's own check, SEMANTICS §1b) and segment. A segment id that names no
 * segment of the file is dropped, not refused (the dashboard then keeps all users): the scope is a view
 * setting, and the rest of the file is no less sound without it.
 */
function dashboardScope(x: unknown, path: string, segmentIds: Set<string>): SharedDashboardScope | null {
	if (x === undefined || x === null) return null;
	const o = object(x, path, ['dateRange', 'segmentId', 'compare']);
	const range = o.dateRange === null ? null : spec(() => dateRange(o.dateRange, `${path}.dateRange`));
	const sid = o.segmentId === null ? null : id(o.segmentId, `${path}.segmentId`);
	const segmentId = sid !== null && segmentIds.has(sid) ? sid : null;
	return { dateRange: range, segmentId, compare: bool(o.compare, `${path}.compare`) && segmentId !== null };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function data(x: unknown, path: string): WorkspaceFile['data'] {
	if (x === null) return null;
	const d = object(x, path, ['files']);
	return {
		files: list(d.files, `${path}.files`, MAX_DATA_FILES).map((f, i) => {
			const p = `${path}.files[${i}]`;
			const o = object(f, p, ['name', 'size', 'lastModified', 'type', 'gzipBase64']);
			const bytes = text(o.gzipBase64, `${p}.gzipBase64`, MAX_FILE_BYTES);
			if (bytes.length % 4 !== 0 || !BASE64.test(bytes))
				throw new ShareError(
					`${p}.gzipBase64`,
					`${p}.gzipBase64 is not base64 text: the data is damaged. Export the workspace again.`
				);
			const { name, size, lastModified, type } = o;
			return { ...fileInfo({ name, size, lastModified, type }, p), gzipBase64: bytes };
		})
	};
}

const TOP = [
	'footfall_workspace',
	'name',
	'exportedAt',
	'dataset',
	'anonymisation',
	'segments',
	'analyses',
	'dashboardScope',
	'data'
] as const;

/**
 * Reads a workspace file's text and returns it checked (format.ts `WorkspaceFile`). Throws ShareError (the
 * field, and what to do) on broken JSON, a file that is not a workspace, a newer version, or any bad field.
 */
export function parseWorkspaceFile(textIn: string): WorkspaceFile {
	if (textIn.length > MAX_FILE_BYTES)
		throw new ShareError(
			'',
			`This workspace file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB: export it without the data, or with fewer files.`
		);
	let root: unknown;
	try {
		root = JSON.parse(textIn);
	} catch (e) {
		throw new ShareError(
			'',
			`This workspace file is not valid JSON (${e instanceof Error ? e.message.slice(0, 120) : 'unreadable'}): it is damaged or was cut short. Export it again.`
		);
	}
	if (typeof root !== 'object' || root === null || Array.isArray(root) || Object.keys(root)[0] !== FORMAT_KEY)
		throw new ShareError('', `This is not a Footfall workspace file: it must start with "${FORMAT_KEY}".`);
	const version = (root as Obj)[FORMAT_KEY];
	if (version !== FORMAT_VERSION) {
		const newer = typeof version === 'number' && Number.isInteger(version) && version > FORMAT_VERSION;
		throw new ShareError(
			FORMAT_KEY,
			newer
				? `This workspace file was written by a newer Footfall (format ${version}); this one reads format ${FORMAT_VERSION}. Open it with a newer Footfall.`
				: `${FORMAT_KEY} must be ${FORMAT_VERSION}, the only format this Footfall reads.`
		);
	}
	checkStructure(root, (p) => /^data\.files\[\d+\]\.gzipBase64$/.test(p));
	// dashboardScope is optional: files written before it travelled have none.
	const o = object(
		root,
		'',
		TOP,
		TOP.filter((k) => k !== 'dashboardScope')
	);
	const exportedAt = text(o.exportedAt, 'exportedAt', 40);
	if (Number.isNaN(Date.parse(exportedAt)))
		throw new ShareError('exportedAt', 'exportedAt must be a date and time (ISO 8601).');
	const anon = anonymisation(o.anonymisation, 'anonymisation');
	const segs = segments(o.segments, 'segments');
	return {
		footfall_workspace: FORMAT_VERSION,
		name: cleanText(o.name, 'name', 120, 'Shared workspace'),
		exportedAt,
		dataset: dataset(o.dataset, 'dataset'),
		anonymisation: anon,
		segments: segs,
		analyses: analyses(o.analyses, 'analyses', new Set(segs.map((s) => s.id)), anon.k),
		dashboardScope: dashboardScope(o.dashboardScope, 'dashboardScope', new Set(segs.map((s) => s.id))),
		data: data(o.data, 'data')
	};
}
