import { CancelledError, isOutOfMemory, type Duck } from './duck.ts';
import type { SourceFile } from './source.ts';
import type { LoadStats, RejectedRow } from './formats/types.ts';
import { csvErrorMessage, loadWhitespace, prepareCsv, readRejects, type CsvRead } from './formats/csv.ts';
import { loadJson } from './formats/json.ts';
import { loadParquet } from './formats/parquet.ts';
import { sniffFile, type FilePreview } from './sniff.ts';
import { detectLayout, type ColumnInfo, type Vendor } from './layout.ts';
import {
	detectTimeFormat,
	naiveTimeSql,
	utcTimeSql,
	utcToLocalSql,
	zoneSegments,
	isValidTimeZone,
	type TimeFormat,
	type ZoneSegment
} from './time.ts';
import { filterSql } from '../sql/filters.ts';
import { ident, literal } from '../sql/quote.ts';
import { C, CANONICAL_COLUMNS, EVENTS } from './schema.ts';
import type { ColumnMapping, DatasetSpec, FileFormat } from '../spec/types.ts';
import { buildReport, type IngestReport } from './report.ts';

/** The dataset as the user (or the mapping panel) gave it: everything but the files may be left to guesses. */
export type DatasetInput = Partial<Omit<DatasetSpec, 'columns'>> & { columns?: Partial<ColumnMapping> };

export interface IngestProgress {
	phase: 'reading' | 'mapping' | 'building' | 'summarising';
	file?: string;
	bytesRead: number;
	bytesTotal: number;
}

export interface IngestOptions {
	onProgress?: (p: IngestProgress) => void;
	isCancelled?: () => boolean;
}

/** What ingest remembers about the loaded files, so a new column mapping rebuilds without sniffing again. */
export interface LoadedFiles {
	files: { name: string; size: number; format: string; rows: number; rejected: number }[];
	rejected: RejectedRow[];
	rejectedCount: number;
	/** Every column of the files, with counts over all loaded rows and samples from the first rows. */
	columns: ColumnInfo[];
	vendor: Vendor | null;
	guess: {
		mapping: ColumnMapping;
		timeUnit: DatasetSpec['timeUnit'];
		dedupe: DatasetSpec['dedupe'];
		notes: string[];
	};
	/** Where the rows come from, as SQL for a FROM clause: CSV files are read again, other formats kept as tables. */
	source: string;
	/** A table with the first rows of every file: what the layout and time format were guessed from. */
	sample: string;
	/** The prefix of every table this load owns (kept tables, sample); a new load replaces them all. */
	prefix: string;
}

const STAGE = '__stage';
const EXAMPLES = 20;
/** Rows per file read for guessing the layout, and files sampled at most. */
const SAMPLE_ROWS = 20_000;
const SAMPLE_FILES = 8;
/** Zone offsets are prepared this far around the sampled times; data beyond it triggers an exact rebuild. */
const ZONE_MARGIN_MS = 3 * 365 * 86_400_000;

/** Tables of a load are named `__g<n>_…`: a staged load never touches the tables of the dataset in force. */
let generation = 0;

/**
 * Reads the files, guesses the mapping, builds `events`, and only then replaces the previous dataset: a
 * failure or a cancel at any point leaves the earlier data untouched.
 *
 * The rows are read once, straight into `events` with the canonical columns computed on the way (the
 * mapping and time format are guessed from the first rows of each file, then checked against counts over
 * all rows; a wrong guess rebuilds). Rejected times, duplicates and filtered rows are then deleted, and
 * identity resolution and user keys are filled in place. CSV files are not copied again: a remap reads the
 * file anew. JSON and Parquet are decoded in JavaScript into a table kept for remapping.
 */
export async function ingest(
	duck: Duck,
	sources: SourceFile[],
	input: DatasetInput,
	opts: IngestOptions = {}
): Promise<{ report: IngestReport; loaded: LoadedFiles }> {
	if (sources.length === 0) throw new Error('No file was given.');
	const prefix = `__g${++generation}_`;
	dropStaging(duck, prefix);
	try {
		const prepared = await prepareSources(duck, sources, input, prefix, opts);
		const { report, loaded } = await buildEvents(duck, prepared, input, opts);
		commitStaging(duck, prefix);
		return { report, loaded };
	} catch (e) {
		dropStaging(duck, prefix);
		throw friendlier(e);
	}
}

/** Rebuilds `events` from the loaded files with a new mapping or options. */
export async function remap(
	duck: Duck,
	loaded: LoadedFiles,
	input: DatasetInput,
	opts: IngestOptions = {}
): Promise<IngestReport> {
	if (!duck.tableExists(loaded.sample)) throw new Error('No dataset is loaded.');
	dropStaging(duck, null);
	try {
		const { report } = await buildEvents(duck, { loaded, firstRead: null }, input, opts);
		commitStaging(duck, loaded.prefix);
		return report;
	} catch (e) {
		dropStaging(duck, null);
		throw friendlier(e);
	}
}

/** DuckDB's out-of-memory message names allocation sizes; say what it means and what to do. */
function friendlier(e: unknown): unknown {
	if (isOutOfMemory(e)) {
		return new Error(
			'This data needs more memory than the browser gives Footfall (about 3 GB): about 10 million events of ' +
				'a typical CSV export fit (fewer from JSON or Parquet, which are held twice). Load fewer files or a ' +
				'shorter date range, or filter the export first. The previous dataset is still loaded.',
			{ cause: e }
		);
	}
	return e;
}

function tables(duck: Duck, where: string): string[] {
	return duck
		.rows<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE ${where}`)
		.map((r) => r.name);
}

/** Drops the staged `events` and scratch tables, and with `prefix` every table of that (failed) load. */
function dropStaging(duck: Duck, prefix: string | null) {
	const names = tables(duck, `suffix(table_name, ${literal(STAGE)})`);
	if (prefix) names.push(...tables(duck, `starts_with(table_name, ${literal(prefix)})`));
	for (const name of names) duck.exec(`DROP TABLE IF EXISTS ${ident(name)}`);
}

/** Puts the staged `events` in force and drops the tables of every other load. */
function commitStaging(duck: Duck, prefix: string) {
	duck.exec('BEGIN TRANSACTION');
	try {
		duck.exec(`DROP TABLE IF EXISTS ${ident(EVENTS)}`);
		duck.exec(`ALTER TABLE ${ident(EVENTS + STAGE)} RENAME TO ${ident(EVENTS)}`);
		const others = tables(
			duck,
			`regexp_matches(table_name, '^__g[0-9]+_') AND NOT starts_with(table_name, ${literal(prefix)})`
		);
		for (const name of others) duck.exec(`DROP TABLE ${ident(name)}`);
		duck.exec('COMMIT');
	} catch (e) {
		duck.exec('ROLLBACK');
		throw e;
	}
}

/** One file, ready to be read: a CSV read, or a table the JSON, Parquet or whitespace loader filled. */
interface Part {
	source: SourceFile;
	format: FileFormat;
	csv: CsvRead | null;
	rejects: { table: string; scan: string } | null;
	table: string | null;
	/** Rows and rejects known from loading (tables); CSV counts are known after the read. */
	stats: LoadStats | null;
	/** Its columns, looked up once for the sample, the read and the remap source alike. */
	names?: string[];
}

interface Prepared {
	/** Set on the first build of a load; a remap starts from `loaded` alone. */
	firstRead: { parts: Part[]; prefix: string } | null;
	loaded?: LoadedFiles;
}

async function prepareSources(
	duck: Duck,
	sources: SourceFile[],
	input: DatasetInput,
	prefix: string,
	opts: IngestOptions
): Promise<Prepared> {
	const bytesTotal = sources.reduce((s, f) => s + f.size, 0);
	let bytesBefore = 0;
	const parts: Part[] = [];
	for (const [i, source] of sources.entries()) {
		if (opts.isCancelled?.()) throw new CancelledError();
		const report = (bytes: number) =>
			opts.onProgress?.({ phase: 'reading', file: source.name, bytesRead: bytesBefore + bytes, bytesTotal });
		report(0);
		const preview = await sniffFile(source.blob, source.name);
		const format = chooseFormat(input.format ?? 'auto', preview, source.name);
		const table = `${prefix}part${i}`;
		const alias = `${prefix}file${i}_${source.name.replace(/[^\w.-]/g, '_')}`;
		const loadOpts = { onBytes: report, isCancelled: opts.isCancelled };
		const part: Part = { source, format, csv: null, rejects: null, table: null, stats: null };
		if (format === 'parquet' || format === 'json' || format === 'jsonl') {
			part.stats = await (format === 'parquet' ? loadParquet : loadJson)(duck, source, table, loadOpts);
			part.table = table;
		} else {
			duck.files.register(alias, source);
			const delimiter =
				input.delimiter ??
				(format === 'tsv' ? '\t' : preview.format === 'whitespace' ? 'whitespace' : preview.delimiter);
			const header = input.header ?? preview.header;
			if (delimiter === 'whitespace') {
				part.stats = await loadWhitespace(duck, source, alias, table, { ...loadOpts, header });
				part.table = table;
			} else {
				part.csv = prepareCsv(duck, source, alias, { delimiter, header });
				part.rejects = { table: `${prefix}rejects${i}`, scan: `${prefix}scan${i}` };
			}
		}
		if (part.stats?.rows === 0) throw noRows(source.name, part.stats.rejectedCount);
		parts.push(part);
		bytesBefore += source.size;
	}
	return { firstRead: { parts, prefix } };
}

function noRows(name: string, rejected: number): Error {
	return new Error(
		`${name} has no readable rows` +
			(rejected > 0 ? ` (${rejected} lines could not be parsed).` : '.') +
			' Check that it is a CSV, JSON/JSONL or Parquet export.'
	);
}

/** A file's rows as SQL for a FROM clause, tagged with its name, with original columns that clash renamed. */
function partSelect(duck: Duck, part: Part, withRejects: boolean, limit?: number): string {
	const from = part.csv
		? part.csv.sql(withRejects ? (part.rejects ?? undefined) : undefined)
		: ident(part.table!);
	part.names ??= columnNames(duck, `SELECT * FROM ${from} LIMIT 0`, true);
	const renames = clashRenames(part.names);
	const rename = renames.length
		? ` RENAME (${renames.map(([a, b]) => `${ident(a)} AS ${ident(b)}`).join(', ')})`
		: '';
	return (
		`SELECT ${literal(part.source.name)} AS ${ident(C.file)}, *${rename} FROM ${from}` +
		(limit !== undefined ? ` LIMIT ${limit}` : '')
	);
}

/** Many daily files with drifting columns line up by name; a column missing in one file is NULL there. */
function unionOf(selects: string[]): string {
	return selects.length === 1
		? `(${selects[0]})`
		: `(${selects.map((q) => `(${q})`).join(' UNION ALL BY NAME ')})`;
}

function chooseFormat(requested: FileFormat, preview: FilePreview, name: string): FileFormat {
	if (requested !== 'auto') return requested;
	switch (preview.format) {
		case 'parquet':
		case 'json':
		case 'jsonl':
		case 'tsv':
		case 'csv':
			return preview.format;
		case 'whitespace':
			return 'csv';
		default:
			throw new Error(
				preview.error ??
					`${name} is not a CSV, JSON/JSONL or Parquet export. Export your events in one of those formats and drop the file again.`
			);
	}
}

/** An export with its own `__user` (say) column would collide with ours: keep it under another name. */
function clashRenames(names: string[]): [string, string][] {
	const out: [string, string][] = [];
	for (const name of names) {
		if (!CANONICAL_COLUMNS.includes(name)) continue;
		let alt = `${name.replace(/^_+/, '')}_original`;
		while (names.includes(alt)) alt += '_';
		out.push([name, alt]);
	}
	return out;
}

/** Column names of a table, or with `isQuery` of a query. */
export function columnNames(duck: Duck, table: string, isQuery = false): string[] {
	return duck
		.rows<{ name: string }>(`SELECT column_name AS name FROM (DESCRIBE ${isQuery ? table : ident(table)})`)
		.map((r) => r.name);
}

/**
 * Each column's type, and empty and approximate distinct counts with a sample of values, from the rows of
 * `table` (the first rows of each file, in file order, where the layout of an export is easiest to read).
 */
function describeColumns(duck: Duck, table: string): ColumnInfo[] {
	const described = duck
		.rows<{ name: string; type: string }>(
			`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${ident(table)})`
		)
		.filter((c) => c.name !== C.file);
	const stats = columnCounts(
		duck,
		table,
		described.map((c) => c.name)
	);
	const head = duck.rows<Record<string, unknown>>(`SELECT * FROM ${ident(table)} LIMIT 2000`);
	return described.map((c, i) => ({
		name: c.name,
		type: c.type,
		sample: head
			.map((r) => r[c.name])
			.filter((v) => v != null)
			.slice(0, 50),
		nulls: stats.rows - stats.nonNull[i],
		distinct: stats.distinct[i],
		rows: stats.rows
	}));
}

/** Row count, and per column the non-empty count and approximate distinct count: one scan for all columns. */
function columnCounts(duck: Duck, table: string, names: string[]) {
	const [r] = duck.rows<Record<string, number>>(
		`SELECT count(*)::BIGINT AS rows${names
			.map(
				(n, i) => `, count(${ident(n)})::BIGINT AS n${i}, approx_count_distinct(${ident(n)})::BIGINT AS d${i}`
			)
			.join('')} FROM ${ident(table)}`
	);
	const nonNull = names.map((_, i) => r[`n${i}`]);
	// HyperLogLog can overshoot: never more distinct values than values.
	return { rows: r.rows, nonNull, distinct: names.map((_, i) => Math.min(r[`d${i}`], nonNull[i])) };
}

/** The mapping in force: what the user chose, else the guess. */
export function resolveDataset(input: DatasetInput, loaded: LoadedFiles): DatasetSpec {
	const guess = loaded.guess;
	const given = input.columns ?? {};
	const pick = <K extends keyof ColumnMapping>(key: K): ColumnMapping[K] =>
		(key in given ? given[key] : guess.mapping[key]) as ColumnMapping[K];
	const columns: ColumnMapping = {
		user: pick('user') ?? '',
		time: pick('time') ?? null,
		event: pick('event') ?? null,
		id: pick('id') ?? null,
		anonymous: pick('anonymous') ?? null,
		session: pick('session') ?? null
	};
	const timezone = input.timezone ?? 'UTC';
	if (!isValidTimeZone(timezone))
		throw new Error(`"${timezone}" is not a time zone name (try Europe/London).`);
	return {
		files: loaded.files.map((f) => f.name),
		format: input.format ?? 'auto',
		columns,
		eventName: input.eventName ?? 'event',
		timeUnit: input.timeUnit ?? guess.timeUnit ?? 'auto',
		timezone,
		weekStart: input.weekStart ?? 'monday',
		dedupe: input.dedupe ?? (columns.id ? 'id' : 'none'),
		filters: input.filters ?? [],
		...(input.header !== undefined ? { header: input.header } : {}),
		...(input.delimiter !== undefined ? { delimiter: input.delimiter } : {}),
		sessionGapMinutes: input.sessionGapMinutes ?? 30
	};
}

function checkMapping(dataset: DatasetSpec, names: string[]) {
	const m = dataset.columns;
	if (!m.user) {
		throw new Error(
			'No user column was found. Pick the column that identifies a user (for example user_id) in the mapping panel.'
		);
	}
	for (const [role, col] of Object.entries(m)) {
		if (col && !names.includes(col)) {
			throw new Error(
				`The ${role} column "${col}" is not in the file. Its columns are: ${names.slice(0, 30).join(', ')}.`
			);
		}
	}
	for (const f of dataset.filters ?? []) {
		if (!names.includes(f.column)) throw new Error(`The filter's column "${f.column}" is not in the file.`);
	}
}

/** SQL turning a user id as exported into text: `17850.0` (a float column) becomes `17850`. */
function userIdSql(col: string, type: string): string {
	const c = ident(col);
	if (/^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(type)) {
		return `CASE WHEN ${c} = trunc(${c}) AND abs(${c}) < 9e15 THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`;
	}
	// No trim(): it costs about half a second per million values in WASM, and exports do not pad ids.
	if (type === 'VARCHAR') return `NULLIF(${c}, '')`;
	return `CAST(${c} AS VARCHAR)`;
}

function textSql(col: string | null | undefined): string {
	return col ? `NULLIF(CAST(${ident(col)} AS VARCHAR), '')` : 'NULL::VARCHAR';
}

export interface BuildStats {
	dataset: DatasetSpec;
	timeFormat: TimeFormat | null;
	loadedRows: number;
	badTime: number;
	badTimeExamples: RejectedRow[];
	duplicates: number;
	filtered: number;
	identity: IdentityReport | null;
}

function identityReport(duck: Duck, links: string, mergedRows: number): IdentityReport {
	const s = duck.rows<{ linked: number; conflicts: number }>(
		`SELECT count(*)::BIGINT AS linked, count(*) FILTER (WHERE users > 1)::BIGINT AS conflicts FROM ${links}`
	)[0];
	const examples = duck.rows<{ anon: string; users: string[]; n: number }>(
		`SELECT anon, user_list AS users, rows AS n FROM ${links} WHERE users > 1 ORDER BY rows DESC, anon LIMIT 10`
	);
	return {
		linkedAnonymousIds: s.linked,
		mergedRows,
		conflicts: s.conflicts,
		conflictExamples: examples.map((e) => ({
			anonymous: e.anon,
			users: Array.from(e.users as unknown as Iterable<string>),
			rows: e.n
		}))
	};
}

/** The first rows whose time could not be read, for the report. */
function timeRejects(duck: Duck, events: string, column: string): RejectedRow[] {
	return duck
		.rows<{ file: string; line: number; v: string | null }>(
			`SELECT ${ident(C.file)} AS file, ${ident(C.row)} + 1 AS line, CAST(${ident(column)} AS VARCHAR) AS v
			 FROM ${ident(events)} WHERE ${ident(C.time)} IS NULL ORDER BY ${ident(C.row)} LIMIT ${EXAMPLES}`
		)
		.map((r) => ({
			file: r.file,
			line: null,
			reason:
				r.v == null
					? `Row ${r.line}: the time column "${column}" is empty`
					: `Row ${r.line}: "${String(r.v).slice(0, 60)}" in "${column}" is not a time Footfall can read`,
			raw: String(r.v ?? '')
		}));
}

export interface IdentityReport {
	linkedAnonymousIds: number;
	mergedRows: number;
	conflicts: number;
	conflictExamples: { anonymous: string; users: string[]; rows: number }[];
}

/** How the canonical columns are computed: decided from the first rows, then checked against all rows. */
interface Plan {
	dataset: DatasetSpec;
	timeFormat: TimeFormat | null;
	segs: ZoneSegment[];
	/** UTC milliseconds the zone offsets were computed for; times outside need a rebuild (UTC needs none). */
	covered: [number, number] | null;
}

function makePlan(
	duck: Duck,
	loaded: LoadedFiles,
	input: DatasetInput,
	names: string[],
	fixed: { timeFormat?: TimeFormat; range?: [number, number] } = {}
): Plan {
	const dataset = resolveDataset(input, loaded);
	checkMapping(dataset, names);
	const m = dataset.columns;
	if (dataset.dedupe === 'id' && !m.id) {
		throw new Error('Dedupe by id needs an event id column; pick one or choose another dedupe mode.');
	}
	if (!m.time) return { dataset, timeFormat: null, segs: [], covered: null };
	const timeFormat =
		fixed.timeFormat ?? detectTimeFormat(duck, loaded.sample, m.time, dataset.timeUnit ?? 'auto');
	let range = fixed.range;
	if (!range) {
		const r = duck.rows<{ lo: number | null; hi: number | null }>(
			`SELECT epoch_ms(min(t)) AS lo, epoch_ms(max(t)) AS hi
			 FROM (SELECT ${naiveTimeSql(ident(m.time), timeFormat)} AS t FROM ${ident(loaded.sample)})`
		)[0];
		// Without a readable time in the first rows any range will do: the check after the read corrects it.
		range = [Number(r.lo ?? 0), Number(r.hi ?? 0)];
	}
	const tz = dataset.timezone ?? 'UTC';
	const covered: [number, number] = [range[0] - ZONE_MARGIN_MS, range[1] + ZONE_MARGIN_MS];
	return {
		dataset,
		timeFormat,
		segs: zoneSegments(tz, covered[0], covered[1]),
		covered: tz === 'UTC' || tz === 'Etc/UTC' ? null : covered
	};
}

const sameDataset = (a: DatasetSpec, b: DatasetSpec) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The one read of every row: each row parsed once into the canonical columns, next to its original
 * columns. `__ukey` is filled in later, once the users are known.
 *
 * Nothing is stored twice, which is what lets ten million rows fit in the browser's memory: `__id` and
 * `__anon` are virtual columns over the original id and anonymous id columns, `__local` is a virtual copy
 * of `__time` in UTC, and without an anonymous id the original user column is a virtual column over
 * `__user` (the same values, cast back to the column's type). `__file` is an ENUM.
 */
async function createEvents(duck: Duck, from: string, plan: Plan, loaded: LoadedFiles, opts: IngestOptions) {
	const { dataset, timeFormat, segs } = plan;
	const m = dataset.columns;
	const types = new Map(loaded.columns.map((c) => [c.name, c.type]));
	const timeSql = m.time && timeFormat ? utcTimeSql(ident(m.time), timeFormat, segs) : 'NULL::TIMESTAMP';
	const localSql = m.time ? utcToLocalSql(ident(C.time), segs) : 'NULL::TIMESTAMP';
	const eventSql = m.event
		? `coalesce(${textSql(m.event)}, '(no name)')`
		: literal(dataset.eventName ?? 'event');
	const userSql = userIdSql(m.user, types.get(m.user) ?? 'VARCHAR');
	const anonSql = m.anonymous ? userIdSql(m.anonymous, types.get(m.anonymous) ?? 'VARCHAR') : 'NULL::VARCHAR';
	const fileNames = [...new Set(loaded.files.map((f) => f.name))];
	// Without identity resolution `__user` is the user column as text, so the column can be read back from it
	// (a virtual column cannot feed another, hence not when it is also the id column).
	const virtualUser = !m.anonymous && m.id !== m.user;
	const [row, file, user, ukey, time, local, event] = [
		C.row,
		C.file,
		C.user,
		C.ukey,
		C.time,
		C.local,
		C.event
	].map(ident);
	// In UTC (one zone segment at offset 0) the wall clock is the UTC time itself.
	const utcWall = segs.length === 1 && segs[0].offsetSeconds === 0;
	const virtual = (name: string, type: string, sql: string) =>
		`${ident(name)} ${type} GENERATED ALWAYS AS (${sql}) VIRTUAL`;
	const definitions = [
		`${row} BIGINT`,
		`${file} ENUM(${fileNames.map(literal).join(', ')})`,
		`${user} VARCHAR`,
		`${ukey} INTEGER`,
		`${time} TIMESTAMP`,
		utcWall ? virtual(C.local, 'TIMESTAMP', time) : `${local} TIMESTAMP`,
		`${event} VARCHAR`,
		virtual(C.id, 'VARCHAR', textSql(m.id)),
		virtual(C.anon, 'VARCHAR', anonSql),
		...loaded.columns.map((c) =>
			virtualUser && c.name === m.user
				? virtual(c.name, c.type, c.type === 'VARCHAR' ? user : `TRY_CAST(${user} AS ${c.type})`)
				: `${ident(c.name)} ${c.type}`
		)
	];
	const filled = [
		row,
		file,
		user,
		time,
		...(utcWall ? [] : [local]),
		event,
		...loaded.columns.filter((c) => !(virtualUser && c.name === m.user)).map((c) => ident(c.name))
	];
	const E = ident(EVENTS + STAGE);
	duck.exec(`CREATE TABLE ${E} (${definitions.join(', ')})`);
	await duck.execAsync(
		`INSERT INTO ${E} (${filled.join(', ')})
		 SELECT ${filled.map((c) => (c === local ? `${localSql} AS ${local}` : c)).join(', ')}
		 FROM (
		   SELECT (row_number() OVER () - 1)::BIGINT AS ${row}, ${file}, ${userSql} AS ${user}, ${timeSql} AS ${time},
		     ${eventSql} AS ${event}, * EXCLUDE (${file})
		   FROM ${from}
		 )`,
		opts
	);
}

/**
 * What the read showed that the first rows did not: a mapping that counts over all rows change, a time
 * format that fails on later rows, or times beyond the prepared zone offsets. Returns the plan to rebuild
 * with, or null when the read stands.
 */
function recheck(
	duck: Duck,
	plan: Plan,
	loaded: LoadedFiles,
	input: DatasetInput,
	names: string[],
	times: { total: number; valid: number; lo: number | null; hi: number | null }
): Plan | null {
	const dataset = resolveDataset(input, loaded);
	if (!sameDataset(dataset, plan.dataset)) return makePlan(duck, loaded, input, names);
	const m = dataset.columns;
	if (!m.time || !plan.timeFormat) return null;
	const textual = !['timestamp', 'timestamptz', 'date'].includes(plan.timeFormat.kind);
	if (textual && times.valid < times.total) {
		const full = detectTimeFormat(duck, EVENTS + STAGE, m.time, dataset.timeUnit ?? 'auto');
		if (JSON.stringify(full) !== JSON.stringify(plan.timeFormat)) {
			return makePlan(duck, loaded, input, names, { timeFormat: full });
		}
	}
	if (times.lo == null || times.hi == null) {
		throw new Error(
			`No value of the time column "${m.time}" could be read as a time. Pick another time column, or set the time unit (s, ms, µs) if it holds numbers.`
		);
	}
	const c = plan.covered;
	if (c && (times.lo < c[0] + 2 * 86_400_000 || times.hi > c[1] - 2 * 86_400_000)) {
		return makePlan(duck, loaded, input, names, { timeFormat: plan.timeFormat, range: [times.lo, times.hi] });
	}
	return null;
}

async function buildEvents(
	duck: Duck,
	prepared: Prepared,
	input: DatasetInput,
	opts: IngestOptions
): Promise<{ report: IngestReport; loaded: LoadedFiles }> {
	const progress = (phase: IngestProgress['phase']) =>
		opts.onProgress?.({ phase, bytesRead: 1, bytesTotal: 1 });
	progress('mapping');
	const first = prepared.firstRead;
	let loaded: LoadedFiles;
	let read: string;
	if (first) {
		const sample = `${first.prefix}sample`;
		const perFile = Math.max(1000, Math.ceil(SAMPLE_ROWS / Math.min(first.parts.length, SAMPLE_FILES)));
		const samples = first.parts.map((p, i) => partSelect(duck, p, false, i < SAMPLE_FILES ? perFile : 0));
		duck.exec(`CREATE TABLE ${ident(sample)} AS SELECT * FROM ${unionOf(samples)}`);
		const columns = describeColumns(duck, sample);
		const guess = detectLayout(columns);
		const tables = first.parts.filter((p) => p.stats);
		loaded = {
			files: first.parts.map((p) => ({
				name: p.source.name,
				size: p.source.size,
				format: p.format,
				rows: p.stats?.rows ?? 0,
				rejected: p.stats?.rejectedCount ?? 0
			})),
			rejected: tables.flatMap((p) => p.stats!.rejected).slice(0, EXAMPLES),
			rejectedCount: tables.reduce((n, p) => n + p.stats!.rejectedCount, 0),
			columns,
			vendor: guess.vendor,
			guess: { mapping: guess.mapping, timeUnit: guess.timeUnit, dedupe: guess.dedupe, notes: guess.notes },
			source: unionOf(first.parts.map((p) => partSelect(duck, p, false))),
			sample,
			prefix: first.prefix
		};
		read = unionOf(first.parts.map((p) => partSelect(duck, p, true)));
	} else {
		loaded = prepared.loaded!;
		read = loaded.source;
	}
	const names = columnNames(duck, loaded.sample).filter((n) => n !== C.file);
	const E = ident(EVENTS + STAGE);

	let plan = makePlan(duck, loaded, input, names);
	let times: { total: number; valid: number; lo: number | null; hi: number | null };
	for (let attempt = 0; ; attempt++) {
		if (opts.isCancelled?.()) throw new CancelledError();
		await readInto(duck, read, plan, loaded, first && attempt === 0 ? first.parts : [], opts);
		if (first && attempt === 0) {
			countFirstRead(duck, first.parts, loaded, names);
			read = loaded.source;
		}
		progress('building');
		times = duck.rows<typeof times>(
			`SELECT count(*)::BIGINT AS total, count(${ident(C.time)})::BIGINT AS valid,
			   epoch_ms(min(${ident(C.time)})) AS lo, epoch_ms(max(${ident(C.time)})) AS hi FROM ${E}`
		)[0];
		const next = recheck(duck, plan, loaded, input, names, times);
		if (!next || attempt >= 2) break;
		duck.exec(`DROP TABLE ${E}`);
		plan = next;
	}
	const { dataset } = plan;
	const m = dataset.columns;
	const count = () => duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${E}`)[0].n;

	let badTimeExamples: RejectedRow[] = [];
	const valid = m.time ? times.valid : times.total;
	if (valid < times.total) {
		badTimeExamples = timeRejects(duck, EVENTS + STAGE, m.time!);
		duck.exec(`DELETE FROM ${E} WHERE ${ident(C.time)} IS NULL`);
	}

	const scratch = ['__drop', '__links', '__keys'].map((t) => ident(t + STAGE));
	const [DROP, LINKS, KEYS] = scratch;
	let identity: IdentityReport | null = null;
	let dropped = 0;
	let filtered = 0;
	try {
		// Duplicates: every copy but the first. Grouping 64-bit hashes of the key finds the few candidates
		// cheaply (grouping a million strings is slow in WASM); the exact keys are then compared among the
		// candidates only, so a hash collision never drops a row.
		const dedupe = dataset.dedupe ?? 'none';
		const keyCols = dedupe === 'id' ? [ident(C.id)] : dedupe === 'row' ? names.map((n) => ident(n)) : [];
		if (keyCols.length > 0) {
			const h = `hash(${keyCols.join(', ')})`;
			const where = dedupe === 'id' ? `WHERE ${ident(C.id)} IS NOT NULL` : '';
			const keyed = keyCols.map((k, i) => `${k} AS k${i}`).join(', ');
			const ks = keyCols.map((_, i) => `k${i}`).join(', ');
			const match = keyCols.map((_, i) => `d.k${i} IS NOT DISTINCT FROM c.k${i}`).join(' AND ');
			await duck.execAsync(
				`CREATE TABLE ${DROP} AS
				 WITH hashes AS (SELECT ${h} AS h FROM ${E} ${where} GROUP BY 1 HAVING count(*) > 1),
				 c AS MATERIALIZED (
				   SELECT ${ident(C.row)} AS rid, ${keyed} FROM ${E} SEMI JOIN hashes ON hashes.h = ${h} ${where}),
				 d AS (SELECT ${ks}, min(rid) AS keep FROM c GROUP BY ALL HAVING count(*) > 1)
				 SELECT c.rid FROM c JOIN d ON ${match} WHERE c.rid <> d.keep`,
				opts
			);
			dropped = duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${DROP}`)[0].n;
			if (dropped > 0) duck.exec(`DELETE FROM ${E} WHERE ${ident(C.row)} IN (SELECT rid FROM ${DROP})`);
		}
		if ((dataset.filters ?? []).length > 0) {
			const before = count();
			duck.exec(`DELETE FROM ${E} WHERE NOT coalesce(${filterSql(dataset.filters ?? [])}, FALSE)`);
			filtered = before - count();
		}
		if (opts.isCancelled?.()) throw new CancelledError();

		const [user, anon] = [ident(C.user), ident(C.anon)];
		if (m.anonymous) {
			// Each anonymous id belongs to the first user it was seen with (SEMANTICS §9); rows without a user
			// take that user, or else keep their anonymous id as the user.
			await duck.execAsync(
				`CREATE TABLE ${LINKS} AS
				 SELECT ${anon} AS anon, first(${user} ORDER BY ${ident(C.time)}, ${ident(C.row)}) AS linked,
				   count(DISTINCT ${user})::BIGINT AS users, list(DISTINCT ${user} ORDER BY ${user}) AS user_list,
				   count(*)::BIGINT AS rows
				 FROM ${E} WHERE ${anon} IS NOT NULL AND ${user} IS NOT NULL GROUP BY 1`,
				opts
			);
			const merged = duck.rows<{ n: number }>(
				`SELECT count(*)::BIGINT AS n FROM ${E} e JOIN ${LINKS} l ON l.anon = e.${anon} WHERE e.${user} IS NULL`
			)[0].n;
			identity = identityReport(duck, LINKS, merged);
			duck.exec(
				`UPDATE ${E} SET ${user} = l.linked FROM ${LINKS} l WHERE ${E}.${user} IS NULL AND l.anon = ${E}.${anon}`
			);
			duck.exec(`UPDATE ${E} SET ${user} = ${anon} WHERE ${user} IS NULL AND ${anon} IS NOT NULL`);
		}
		// Integer user keys in id order make per-user work a cheap integer group-by.
		await duck.execAsync(
			`CREATE TABLE ${KEYS} AS SELECT u, (row_number() OVER (ORDER BY u) - 1)::INTEGER AS k
			 FROM (SELECT DISTINCT ${user} AS u FROM ${E} WHERE ${user} IS NOT NULL)`,
			opts
		);
		await duck.execAsync(
			`UPDATE ${E} SET ${ident(C.ukey)} = k.k FROM ${KEYS} k WHERE k.u = ${E}.${user}`,
			opts
		);
	} finally {
		for (const t of scratch) duck.exec(`DROP TABLE IF EXISTS ${t}`);
	}
	const kept = count();
	if (kept === 0) {
		throw new Error(
			valid === 0
				? 'No row has a readable time. Check the time column and its unit in the mapping panel.'
				: 'The filters removed every row. Loosen the filters in the mapping panel.'
		);
	}

	progress('summarising');
	const stats: BuildStats = {
		dataset,
		timeFormat: plan.timeFormat,
		loadedRows: times.total,
		badTime: times.total - valid,
		badTimeExamples,
		duplicates: dropped,
		filtered,
		identity
	};
	return { report: buildReport(duck, EVENTS + STAGE, loaded, stats), loaded };
}

/** The read into `events`, with bytes read reported as progress on the first read of CSV files. */
async function readInto(
	duck: Duck,
	from: string,
	plan: Plan,
	loaded: LoadedFiles,
	parts: Part[],
	opts: IngestOptions
) {
	const csv = parts.filter((p) => p.csv);
	const bytesTotal = csv.reduce((n, p) => n + p.source.size, 0);
	const ends = new Map<number, number>();
	const unhook =
		csv.length > 0
			? duck.files.onRead((fileId, end) => {
					ends.set(fileId, Math.max(ends.get(fileId) ?? 0, end));
					let bytesRead = 0;
					for (const e of ends.values()) bytesRead += e;
					opts.onProgress?.({
						phase: 'reading',
						file: csv.length === 1 ? csv[0].source.name : `${csv.length} files`,
						bytesRead: Math.min(bytesRead, bytesTotal),
						bytesTotal
					});
				})
			: () => {};
	try {
		await createEvents(duck, from, plan, loaded, opts);
	} catch (e) {
		if (csv.length === 1 && parts.length === 1 && !(e instanceof CancelledError) && !isOutOfMemory(e))
			throw new Error(csvErrorMessage(csv[0].source.name, e), { cause: e });
		throw e;
	} finally {
		unhook();
	}
}

/** After the first read: each file's rows and rejected lines, and column counts over all loaded rows. */
function countFirstRead(duck: Duck, parts: Part[], loaded: LoadedFiles, names: string[]) {
	const E = EVENTS + STAGE;
	const perFile = new Map(
		duck
			.rows<{ f: string; n: number }>(
				parts.length === 1
					? `SELECT ${literal(parts[0].source.name)} AS f, count(*)::BIGINT AS n FROM ${ident(E)}`
					: `SELECT ${ident(C.file)} AS f, count(*)::BIGINT AS n FROM ${ident(E)} GROUP BY 1`
			)
			.map((r) => [r.f, r.n])
	);
	for (const [i, p] of parts.entries()) {
		if (!p.csv || !p.rejects) continue;
		const rejects = readRejects(duck, p.source.name, p.rejects, EXAMPLES);
		const rows = perFile.get(p.source.name) ?? 0;
		if (rows === 0) throw noRows(p.source.name, rejects.rejectedCount);
		loaded.files[i] = { ...loaded.files[i], rows, rejected: rejects.rejectedCount };
		loaded.rejected.push(...rejects.rejected.slice(0, Math.max(0, EXAMPLES - loaded.rejected.length)));
		loaded.rejectedCount += rejects.rejectedCount;
	}
	// The guess came from the first rows; the report's counts (and a second guess) use every row.
	const counts = columnCounts(duck, E, names);
	const byName = new Map(names.map((n, i) => [n, i]));
	loaded.columns = loaded.columns.map((c) => {
		const i = byName.get(c.name)!;
		return { ...c, rows: counts.rows, nulls: counts.rows - counts.nonNull[i], distinct: counts.distinct[i] };
	});
	const guess = detectLayout(loaded.columns);
	loaded.vendor = guess.vendor;
	loaded.guess = {
		mapping: guess.mapping,
		timeUnit: guess.timeUnit,
		dedupe: guess.dedupe,
		notes: guess.notes
	};
}
