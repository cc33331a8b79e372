/** The dataset part of a spec (SEMANTICS §1): its checks and its defaults. */
import {
	boolean,
	filterList,
	isTimeZone,
	knownKeys,
	object,
	oneOf,
	show,
	SpecError,
	text,
	textOrNull
} from './check.ts';
import { withDatasetDefaults } from './defaults.ts';
import type { ColumnMapping, DatasetSpec, ResolvedDatasetSpec } from './types.ts';

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

export function datasetAt(x: unknown, path: string): ResolvedDatasetSpec {
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

/** Checks a dataset spec and returns it with defaults applied. Throws `SpecError`. */
export function validateDataset(x: unknown): ResolvedDatasetSpec {
	return datasetAt(x, 'dataset');
}
