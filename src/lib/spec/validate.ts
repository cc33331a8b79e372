import { withAnalysisDefaults, withDatasetDefaults, type ResolvedAnalysisSpec } from './defaults.ts';
import type {
	AnalysisSpec,
	ColumnMapping,
	DatasetSpec,
	EventRef,
	FilterOp,
	ResolvedDatasetSpec,
	RetentionSpecInput,
	RowFilter,
	Scalar
} from './types.ts';

/** A spec that does not match the contract. `path` names the offending field, e.g. `analysis.periods`. */
export class SpecError extends Error {
	readonly path: string;
	constructor(path: string, message: string) {
		super(message);
		this.name = 'SpecError';
		this.path = path;
	}
}

export const FILTER_OPS: readonly FilterOp[] = [
	'=',
	'!=',
	'>',
	'>=',
	'<',
	'<=',
	'in',
	'not_in',
	'contains',
	'starts_with',
	'not_null',
	'is_null'
];
export const ANALYSIS_KINDS = ['retention'] as const;
export const MAX_PERIODS = 400;

type Obj = Record<string, unknown>;

function show(value: unknown): string {
	if (value === undefined) return 'nothing';
	let text: string;
	try {
		text = JSON.stringify(value) ?? String(value);
	} catch {
		text = String(value);
	}
	return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

function isObject(x: unknown): x is Obj {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function editDistance(a: string, b: string): number {
	const row = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let diagonal = row[0];
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const above = row[j];
			row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
			diagonal = above;
		}
	}
	return row[b.length];
}

function object(x: unknown, path: string, what: string): Obj {
	if (!isObject(x)) throw new SpecError(path, `${path} must be ${what} (an object), got ${show(x)}`);
	return x;
}

/** Rejects fields the contract does not know, suggesting the nearest known name for a typo. */
function knownKeys(obj: Obj, allowed: readonly string[], path: string, what: string): void {
	for (const key of Object.keys(obj)) {
		if (allowed.includes(key)) continue;
		const near = allowed
			.map((name) => ({ name, d: editDistance(key.toLowerCase(), name.toLowerCase()) }))
			.filter((c) => c.d <= 2)
			.sort((a, b) => a.d - b.d)[0];
		const hint = near ? ` (did you mean "${near.name}"?)` : '';
		throw new SpecError(`${path}.${key}`, `${path}.${key} is not a known field of ${what}${hint}`);
	}
}

function text(x: unknown, path: string, { empty = false } = {}): string {
	if (typeof x !== 'string') throw new SpecError(path, `${path} must be a text value, got ${show(x)}`);
	if (!empty && x.length === 0) throw new SpecError(path, `${path} must not be empty`);
	return x;
}

function textOrNull(x: unknown, path: string): string | null {
	if (x === null) return null;
	if (typeof x !== 'string' || x.length === 0)
		throw new SpecError(path, `${path} must be a non-empty text value or null, got ${show(x)}`);
	return x;
}

function oneOf<const T extends string>(x: unknown, values: readonly T[], path: string): T {
	if (typeof x === 'string' && (values as readonly string[]).includes(x)) return x as T;
	const list = values.map((v) => `"${v}"`).join(', ');
	throw new SpecError(path, `${path} must be one of ${list}, got ${show(x)}`);
}

function wholeNumber(x: unknown, path: string, min: number, max: number): number {
	if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max)
		throw new SpecError(path, `${path} must be a whole number from ${min} to ${max}, got ${show(x)}`);
	return x;
}

function boolean(x: unknown, path: string): boolean {
	if (typeof x !== 'boolean') throw new SpecError(path, `${path} must be true or false, got ${show(x)}`);
	return x;
}

function isScalar(x: unknown): x is Scalar {
	return (
		x === null ||
		typeof x === 'string' ||
		typeof x === 'boolean' ||
		(typeof x === 'number' && Number.isFinite(x))
	);
}

/** True when the runtime knows the IANA zone (Node and browsers ship the full ICU zone database). */
export function isTimeZone(name: string): boolean {
	try {
		new Intl.DateTimeFormat(undefined, { timeZone: name });
		return true;
	} catch {
		return false;
	}
}

export function validateFilter(x: unknown, path: string): RowFilter {
	const f = object(x, path, 'a filter');
	knownKeys(f, ['column', 'op', 'value'], path, 'a filter');
	const column = text(f.column, `${path}.column`);
	const op = oneOf(f.op, FILTER_OPS, `${path}.op`);
	const vpath = `${path}.value`;
	const value = f.value;
	switch (op) {
		case 'not_null':
		case 'is_null':
			if (value !== undefined && value !== null)
				throw new SpecError(vpath, `${vpath} must be left out: "${op}" takes no value, got ${show(value)}`);
			return { column, op };
		case 'in':
		case 'not_in':
			if (!Array.isArray(value) || value.length === 0)
				throw new SpecError(
					vpath,
					`${vpath} must be a non-empty list of values for "${op}", got ${show(value)}`
				);
			value.forEach((v, i) => {
				if (!isScalar(v))
					throw new SpecError(
						`${vpath}[${i}]`,
						`${vpath}[${i}] must be a text, number, true/false or null, got ${show(v)}`
					);
			});
			return { column, op, value: [...(value as Scalar[])] };
		case 'contains':
		case 'starts_with':
			if (typeof value !== 'string')
				throw new SpecError(vpath, `${vpath} must be a text value for "${op}", got ${show(value)}`);
			return { column, op, value };
		case '=':
		case '!=':
			if (!isScalar(value))
				throw new SpecError(
					vpath,
					`${vpath} must be a text, number, true/false or null for "${op}" (use "in" for a list), got ${show(value)}`
				);
			return { column, op, value };
		default:
			if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value)))
				throw new SpecError(
					vpath,
					`${vpath} must be a number or a text value for "${op}", got ${show(value)}`
				);
			return { column, op, value };
	}
}

function filterList(x: unknown, path: string): RowFilter[] {
	if (!Array.isArray(x)) throw new SpecError(path, `${path} must be a list of filters, got ${show(x)}`);
	return x.map((f, i) => validateFilter(f, `${path}[${i}]`));
}

const DATASET_KEYS = [
	'files',
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
const COLUMN_KEYS = ['user', 'time', 'event', 'id', 'anonymous', 'session'] as const;

function validateColumns(x: unknown, path: string): ColumnMapping {
	const c = object(x, path, 'a column mapping');
	knownKeys(c, COLUMN_KEYS, path, 'a column mapping');
	if (c.user === undefined)
		throw new SpecError(`${path}.user`, `${path}.user is required: the user id column`);
	const out: ColumnMapping = { user: text(c.user, `${path}.user`) };
	for (const key of COLUMN_KEYS) {
		if (key === 'user' || c[key] === undefined) continue;
		out[key] = textOrNull(c[key], `${path}.${key}`);
	}
	return out;
}

function zoneName(x: unknown, path: string): string {
	const zone = text(x, path);
	if (!isTimeZone(zone))
		throw new SpecError(
			path,
			`${path} must be an IANA time zone name such as "Europe/London", got ${show(zone)}`
		);
	return zone;
}

function datasetAt(x: unknown, path: string): ResolvedDatasetSpec {
	const d = object(x, path, 'a dataset spec');
	knownKeys(d, DATASET_KEYS, path, 'a dataset spec');
	if (d.files === undefined) throw new SpecError(`${path}.files`, `${path}.files is required`);
	if (!Array.isArray(d.files) || d.files.length === 0)
		throw new SpecError(
			`${path}.files`,
			`${path}.files must be a non-empty list of file names, got ${show(d.files)}`
		);
	if (d.columns === undefined)
		throw new SpecError(`${path}.columns`, `${path}.columns is required (at least { "user": COLUMN })`);
	const out: DatasetSpec = {
		files: d.files.map((f, i) => text(f, `${path}.files[${i}]`)),
		columns: validateColumns(d.columns, `${path}.columns`)
	};
	if (d.format !== undefined)
		out.format = oneOf(d.format, ['auto', 'csv', 'tsv', 'parquet', 'json', 'jsonl'], `${path}.format`);
	if (d.eventName !== undefined) out.eventName = text(d.eventName, `${path}.eventName`);
	if (d.timeUnit !== undefined)
		out.timeUnit = oneOf(d.timeUnit, ['auto', 's', 'ms', 'us'], `${path}.timeUnit`);
	if (d.dateOrder !== undefined)
		out.dateOrder = oneOf(d.dateOrder, ['auto', 'dmy', 'mdy'], `${path}.dateOrder`);
	if (d.timezone !== undefined) out.timezone = zoneName(d.timezone, `${path}.timezone`);
	if (d.sourceTimezone !== undefined)
		out.sourceTimezone = zoneName(d.sourceTimezone, `${path}.sourceTimezone`);
	if (d.weekStart !== undefined)
		out.weekStart = oneOf(d.weekStart, ['monday', 'sunday'], `${path}.weekStart`);
	if (d.dedupe !== undefined) {
		out.dedupe = oneOf(d.dedupe, ['id', 'row', 'none'], `${path}.dedupe`);
		if (out.dedupe === 'id' && !out.columns.id)
			throw new SpecError(`${path}.dedupe`, `${path}.dedupe is "id" but ${path}.columns.id names no column`);
	}
	if (d.filters !== undefined) out.filters = filterList(d.filters, `${path}.filters`);
	if (d.header !== undefined) out.header = boolean(d.header, `${path}.header`);
	if (d.delimiter !== undefined) {
		const delimiter = text(d.delimiter, `${path}.delimiter`);
		if (delimiter.length > 4)
			throw new SpecError(
				`${path}.delimiter`,
				`${path}.delimiter must be 1 to 4 characters, got ${show(delimiter)}`
			);
		out.delimiter = delimiter;
	}
	if (d.sessionGapMinutes !== undefined) {
		const gap = d.sessionGapMinutes;
		if (typeof gap !== 'number' || !Number.isFinite(gap) || gap <= 0 || gap > 525_600)
			throw new SpecError(
				`${path}.sessionGapMinutes`,
				`${path}.sessionGapMinutes must be a number of minutes above 0 (at most a year), got ${show(gap)}`
			);
		out.sessionGapMinutes = gap;
	}
	return withDatasetDefaults(out);
}

function eventRef(x: unknown, path: string): string | EventRef | null {
	if (x === null) return null;
	if (typeof x === 'string') return text(x, path);
	if (!isObject(x))
		throw new SpecError(
			path,
			`${path} must be an event name, null (any event) or { "event", "where" }, got ${show(x)}`
		);
	knownKeys(x, ['event', 'where'], path, 'an event reference');
	const ref: EventRef = { event: x.event === undefined ? null : textOrNull(x.event, `${path}.event`) };
	if (x.where !== undefined) ref.where = filterList(x.where, `${path}.where`);
	return ref;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function day(x: unknown, path: string): string | null {
	if (x === null || x === undefined) return null;
	const m = typeof x === 'string' ? ISO_DAY.exec(x) : null;
	if (m) {
		const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
		const date = new Date(Date.UTC(y, mo - 1, d));
		if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d)
			return x as string;
	}
	throw new SpecError(path, `${path} must be a date written YYYY-MM-DD or null, got ${show(x)}`);
}

const RETENTION_KEYS = [
	'kind',
	'startEvent',
	'returnEvent',
	'type',
	'period',
	'periods',
	'mode',
	'window',
	'breakdown',
	'cohortBy',
	'range',
	'segment'
] as const;

function retentionAt(a: Obj, path: string): RetentionSpecInput {
	knownKeys(a, RETENTION_KEYS, path, 'a retention spec');
	const out: RetentionSpecInput = { kind: 'retention' };
	if (a.startEvent !== undefined) out.startEvent = eventRef(a.startEvent, `${path}.startEvent`);
	if (a.returnEvent !== undefined) out.returnEvent = eventRef(a.returnEvent, `${path}.returnEvent`);
	if (a.type !== undefined) out.type = oneOf(a.type, ['first_time', 'recurring'], `${path}.type`);
	if (a.period !== undefined) out.period = oneOf(a.period, ['day', 'week', 'month'], `${path}.period`);
	if (a.periods !== undefined) out.periods = wholeNumber(a.periods, `${path}.periods`, 1, MAX_PERIODS);
	if (a.mode !== undefined) out.mode = oneOf(a.mode, ['on', 'on_or_after'], `${path}.mode`);
	if (a.window !== undefined) out.window = oneOf(a.window, ['calendar', 'rolling'], `${path}.window`);
	if (a.breakdown !== undefined) out.breakdown = textOrNull(a.breakdown, `${path}.breakdown`);
	if (a.cohortBy !== undefined) out.cohortBy = oneOf(a.cohortBy, ['period', 'property'], `${path}.cohortBy`);
	if (out.cohortBy === 'property' && !out.breakdown)
		throw new SpecError(
			`${path}.breakdown`,
			`${path}.breakdown must name the property column when ${path}.cohortBy is "property"`
		);
	if (a.range !== undefined && a.range !== null) {
		const r = object(a.range, `${path}.range`, 'a date range { "from", "to" }');
		knownKeys(r, ['from', 'to'], `${path}.range`, 'a date range');
		const from = day(r.from, `${path}.range.from`);
		const to = day(r.to, `${path}.range.to`);
		if (from !== null && to !== null && from >= to)
			throw new SpecError(
				`${path}.range`,
				`${path}.range.from (${from}) must be before ${path}.range.to (${to})`
			);
		out.range = { from, to };
	} else if (a.range === null) out.range = null;
	if (a.segment !== undefined) out.segment = textOrNull(a.segment, `${path}.segment`);
	return out;
}

function analysisAt(x: unknown, path: string): ResolvedAnalysisSpec {
	const a = object(x, path, 'an analysis spec');
	if (a.kind === undefined)
		throw new SpecError(
			`${path}.kind`,
			`${path}.kind is required, one of ${ANALYSIS_KINDS.map((k) => `"${k}"`).join(', ')}`
		);
	const kind = oneOf(a.kind, ANALYSIS_KINDS, `${path}.kind`);
	switch (kind) {
		case 'retention':
			return withAnalysisDefaults(retentionAt(a, path));
	}
}

/** Checks a dataset spec and returns it with defaults applied. Throws `SpecError`. */
export function validateDataset(x: unknown): ResolvedDatasetSpec {
	return datasetAt(x, 'dataset');
}

/** Checks an analysis spec and returns it with defaults applied. Throws `SpecError`. */
export function validateAnalysis(x: unknown): ResolvedAnalysisSpec {
	return analysisAt(x, 'analysis');
}

/** Analyses that bucket or order events by time, and so need `columns.time`. */
const NEEDS_TIME: ReadonlySet<AnalysisSpec['kind']> = new Set(['retention']);

/** Checks `{ dataset, analysis }` (a CLI spec file, one workspace entry). Throws `SpecError`. */
export function validateRunnable(x: unknown): {
	dataset: ResolvedDatasetSpec;
	analysis: ResolvedAnalysisSpec;
} {
	const r = object(x, 'spec', 'a runnable spec { "dataset", "analysis" }');
	for (const key of Object.keys(r)) {
		if (key !== 'dataset' && key !== 'analysis')
			throw new SpecError(
				key,
				`${key} is not a known field of a runnable spec (only "dataset" and "analysis")`
			);
	}
	if (r.dataset === undefined) throw new SpecError('dataset', 'dataset is required');
	if (r.analysis === undefined) throw new SpecError('analysis', 'analysis is required');
	const dataset = datasetAt(r.dataset, 'dataset');
	const analysis = analysisAt(r.analysis, 'analysis');
	if (NEEDS_TIME.has(analysis.kind) && !dataset.columns.time)
		throw new SpecError(
			'dataset.columns.time',
			`dataset.columns.time is required by a ${analysis.kind} analysis: name the event time column`
		);
	return { dataset, analysis };
}

/**
 * The columns of the `events` table an analysis refers to, with the spec path of each reference, so the
 * engine can report a missing column by its field instead of by a DuckDB binder error.
 */
export function referencedColumns(a: ResolvedAnalysisSpec): { path: string; column: string }[] {
	const out: { path: string; column: string }[] = [];
	const refs = [
		['startEvent', a.startEvent],
		['returnEvent', a.returnEvent]
	] as const;
	for (const [name, ref] of refs)
		ref?.where?.forEach((f, i) =>
			out.push({ path: `analysis.${name}.where[${i}].column`, column: f.column })
		);
	if (a.breakdown) out.push({ path: 'analysis.breakdown', column: a.breakdown });
	return out;
}
