import { CancelledError, type Duck } from './duck.ts';
import type { SourceFile } from './source.ts';
import type { LoadStats, RejectedRow } from './formats/types.ts';
import { loadCsv } from './formats/csv.ts';
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

/** What ingest remembers about the loaded files, so a new column mapping rebuilds without re-reading. */
export interface LoadedFiles {
	files: { name: string; size: number; format: string; rows: number; rejected: number }[];
	rejected: RejectedRow[];
	rejectedCount: number;
	columns: ColumnInfo[];
	vendor: Vendor | null;
	guess: {
		mapping: ColumnMapping;
		timeUnit: DatasetSpec['timeUnit'];
		dedupe: DatasetSpec['dedupe'];
		notes: string[];
	};
}

const RAW = 'raw';
const STAGE = '__stage';
const EXAMPLES = 20;

/**
 * Reads the files into a staging table, guesses the mapping, builds `events` and the derived tables, and only
 * then replaces the previous dataset: a failure or a cancel at any point leaves the earlier data untouched.
 */
export async function ingest(
	duck: Duck,
	sources: SourceFile[],
	input: DatasetInput,
	opts: IngestOptions = {}
): Promise<{ report: IngestReport; loaded: LoadedFiles }> {
	if (sources.length === 0) throw new Error('No file was given.');
	dropStaging(duck);
	try {
		const loaded = await loadFiles(duck, sources, input, opts);
		const report = await buildEvents(duck, `${RAW}${STAGE}`, loaded, input, opts);
		commitStaging(duck);
		return { report, loaded };
	} catch (e) {
		dropStaging(duck);
		throw e;
	}
}

/** Rebuilds `events` from the already loaded raw table with a new mapping or options. */
export async function remap(
	duck: Duck,
	loaded: LoadedFiles,
	input: DatasetInput,
	opts: IngestOptions = {}
): Promise<IngestReport> {
	if (!duck.tableExists(RAW)) throw new Error('No dataset is loaded.');
	dropStaging(duck);
	try {
		const report = await buildEvents(duck, RAW, loaded, input, opts);
		commitStaging(duck, false);
		return report;
	} catch (e) {
		dropStaging(duck);
		throw e;
	}
}

const STAGED_TABLES = [RAW, EVENTS];

function dropStaging(duck: Duck) {
	for (const t of STAGED_TABLES) duck.exec(`DROP TABLE IF EXISTS ${ident(t + STAGE)}`);
	for (const name of duck.rows<{ name: string }>(
		`SELECT table_name AS name FROM duckdb_tables() WHERE table_name LIKE '__load%'`
	))
		duck.exec(`DROP TABLE IF EXISTS ${ident(name.name)}`);
}

function commitStaging(duck: Duck, withRaw = true) {
	duck.exec('BEGIN TRANSACTION');
	try {
		for (const t of STAGED_TABLES) {
			if (t === RAW && !withRaw) continue;
			if (!duck.tableExists(t + STAGE)) continue;
			duck.exec(`DROP TABLE IF EXISTS ${ident(t)}`);
			duck.exec(`ALTER TABLE ${ident(t + STAGE)} RENAME TO ${ident(t)}`);
		}
		duck.exec('COMMIT');
	} catch (e) {
		duck.exec('ROLLBACK');
		throw e;
	}
}

async function loadFiles(
	duck: Duck,
	sources: SourceFile[],
	input: DatasetInput,
	opts: IngestOptions
): Promise<LoadedFiles> {
	const bytesTotal = sources.reduce((s, f) => s + f.size, 0);
	let bytesBefore = 0;
	const parts: string[] = [];
	const files: LoadedFiles['files'] = [];
	const rejected: RejectedRow[] = [];
	let rejectedCount = 0;
	for (const [i, source] of sources.entries()) {
		if (opts.isCancelled?.()) throw new CancelledError();
		const report = (bytes: number) =>
			opts.onProgress?.({ phase: 'reading', file: source.name, bytesRead: bytesBefore + bytes, bytesTotal });
		report(0);
		const preview = await sniffFile(source.blob, source.name);
		const format = chooseFormat(input.format ?? 'auto', preview, source.name);
		const part = `__load${i}`;
		const alias = `__file${i}_${source.name.replace(/[^\w.-]/g, '_')}`;
		const loadOpts = { onBytes: report, isCancelled: opts.isCancelled };
		let stats: LoadStats;
		if (format === 'parquet') stats = await loadParquet(duck, source, part, loadOpts);
		else if (format === 'json' || format === 'jsonl') stats = await loadJson(duck, source, part, loadOpts);
		else {
			duck.files.register(alias, source);
			stats = await loadCsv(duck, source, alias, part, {
				...loadOpts,
				delimiter:
					input.delimiter ??
					(format === 'tsv' ? '\t' : preview.format === 'whitespace' ? 'whitespace' : preview.delimiter),
				header: input.header ?? preview.header
			});
		}
		if (stats.rows === 0) {
			duck.exec(`DROP TABLE IF EXISTS ${ident(part)}`);
			throw new Error(
				`${source.name} has no readable rows` +
					(stats.rejectedCount > 0 ? ` (${stats.rejectedCount} lines could not be parsed).` : '.') +
					' Check that it is a CSV, JSON/JSONL or Parquet export.'
			);
		}
		parts.push(part);
		files.push({
			name: source.name,
			size: source.size,
			format,
			rows: stats.rows,
			rejected: stats.rejectedCount
		});
		rejected.push(...stats.rejected.slice(0, Math.max(0, EXAMPLES - rejected.length)));
		rejectedCount += stats.rejectedCount;
		bytesBefore += source.size;
	}
	// Many daily files with drifting columns line up by name; a column missing in one file is NULL there.
	if (parts.length === 1) {
		// One file: no copy, just name the table and tag its rows with the file name.
		duck.exec(`ALTER TABLE ${ident(parts[0])} RENAME TO ${ident(RAW + STAGE)}`);
		duck.exec(
			`ALTER TABLE ${ident(RAW + STAGE)} ADD COLUMN ${ident(C.file)} VARCHAR DEFAULT ${literal(sources[0].name)}`
		);
	} else {
		const union = parts
			.map((p, i) => `SELECT ${literal(sources[i].name)} AS ${ident(C.file)}, * FROM ${ident(p)}`)
			.join(' UNION ALL BY NAME ');
		await duck.execAsync(`CREATE TABLE ${ident(RAW + STAGE)} AS ${union}`, opts);
		for (const p of parts) duck.exec(`DROP TABLE ${ident(p)}`);
	}
	renameClashingColumns(duck, RAW + STAGE);
	const columns = describeColumns(duck, RAW + STAGE);
	const guess = detectLayout(columns);
	return {
		files,
		rejected,
		rejectedCount,
		columns,
		vendor: guess.vendor,
		guess: { mapping: guess.mapping, timeUnit: guess.timeUnit, dedupe: guess.dedupe, notes: guess.notes }
	};
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
function renameClashingColumns(duck: Duck, table: string) {
	const names = columnNames(duck, table);
	for (const name of names) {
		if (name === C.file || !CANONICAL_COLUMNS.includes(name)) continue;
		let alt = `${name.replace(/^_+/, '')}_original`;
		while (names.includes(alt)) alt += '_';
		duck.exec(`ALTER TABLE ${ident(table)} RENAME COLUMN ${ident(name)} TO ${ident(alt)}`);
	}
}

export function columnNames(duck: Duck, table: string): string[] {
	return duck
		.rows<{ name: string }>(`SELECT column_name AS name FROM (DESCRIBE ${ident(table)})`)
		.map((r) => r.name);
}

function describeColumns(duck: Duck, table: string): ColumnInfo[] {
	const described = duck.rows<{ name: string; type: string }>(
		`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${ident(table)})`
	);
	const out: ColumnInfo[] = [];
	const rows = duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${ident(table)}`)[0].n;
	for (const { name, type } of described) {
		if (name === C.file) continue;
		const c = ident(name);
		const stats = duck.rows<{ nulls: number; distinct: number }>(
			`SELECT (count(*) - count(${c}))::BIGINT AS nulls, approx_count_distinct(${c})::BIGINT AS distinct
			 FROM ${ident(table)}`
		)[0];
		const sample = duck
			.rows<{ v: unknown }>(`SELECT ${c} AS v FROM ${ident(table)} WHERE ${c} IS NOT NULL LIMIT 50`)
			.map((r) => r.v);
		out.push({ name, type, sample, nulls: stats.nulls, distinct: stats.distinct, rows });
	}
	return out;
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
	if (type === 'VARCHAR') return `NULLIF(trim(${c}), '')`;
	return `CAST(${c} AS VARCHAR)`;
}

function textSql(col: string | null | undefined): string {
	return col ? `NULLIF(trim(CAST(${ident(col)} AS VARCHAR)), '')` : 'NULL::VARCHAR';
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

function identityReport(duck: Duck, base: string, links: string): IdentityReport {
	const s = duck.rows<{ linked: number; conflicts: number }>(
		`SELECT count(*)::BIGINT AS linked, count(*) FILTER (WHERE users > 1)::BIGINT AS conflicts FROM ${links}`
	)[0];
	const merged = duck.rows<{ n: number }>(
		`SELECT count(*)::BIGINT AS n FROM ${base} b JOIN ${links} l ON l.anon = b.a WHERE b.u IS NULL`
	)[0].n;
	const examples = duck.rows<{ anon: string; users: string[]; n: number }>(
		`SELECT l.anon, list(DISTINCT b.u ORDER BY b.u) AS users, count(*)::BIGINT AS n
		 FROM ${links} l JOIN ${base} b ON b.a = l.anon AND b.u IS NOT NULL
		 WHERE l.users > 1 GROUP BY l.anon ORDER BY n DESC, l.anon LIMIT 10`
	);
	return {
		linkedAnonymousIds: s.linked,
		mergedRows: merged,
		conflicts: s.conflicts,
		conflictExamples: examples.map((e) => ({
			anonymous: e.anon,
			users: Array.from(e.users as unknown as Iterable<string>),
			rows: e.n
		}))
	};
}

export interface IdentityReport {
	linkedAnonymousIds: number;
	mergedRows: number;
	conflicts: number;
	conflictExamples: { anonymous: string; users: string[]; rows: number }[];
}

async function buildEvents(
	duck: Duck,
	raw: string,
	loaded: LoadedFiles,
	input: DatasetInput,
	opts: IngestOptions
): Promise<IngestReport> {
	const progress = (phase: IngestProgress['phase']) =>
		opts.onProgress?.({ phase, bytesRead: 1, bytesTotal: 1 });
	progress('mapping');
	const dataset = resolveDataset(input, loaded);
	const names = columnNames(duck, raw).filter((n) => n !== C.file);
	checkMapping(dataset, names);
	const types = new Map(loaded.columns.map((c) => [c.name, c.type]));
	const m = dataset.columns;
	const R = ident(raw);

	let timeFormat: TimeFormat | null = null;
	let timeSql = 'NULL::TIMESTAMP';
	let segs: ZoneSegment[] = [];
	if (m.time) {
		timeFormat = detectTimeFormat(duck, raw, m.time, dataset.timeUnit ?? 'auto');
		const col = ident(m.time);
		const range = duck.rows<{ lo: number | null; hi: number | null }>(
			`SELECT epoch_ms(min(t)) AS lo, epoch_ms(max(t)) AS hi FROM (SELECT ${naiveTimeSql(col, timeFormat)} AS t FROM ${R})`
		)[0];
		if (range.lo == null || range.hi == null) {
			throw new Error(
				`No value of the time column "${m.time}" could be read as a time. Pick another time column, or set the time unit (s, ms, µs) if it holds numbers.`
			);
		}
		const day = 86_400_000;
		segs = zoneSegments(dataset.timezone ?? 'UTC', Number(range.lo) - 2 * day, Number(range.hi) + 2 * day);
		timeSql = utcTimeSql(col, timeFormat, segs);
	}
	if (opts.isCancelled?.()) throw new CancelledError();
	progress('building');

	const eventSql = m.event
		? `coalesce(${textSql(m.event)}, '(no name)')`
		: literal(dataset.eventName ?? 'event');
	const userSql = userIdSql(m.user, types.get(m.user) ?? 'VARCHAR');
	const anonSql = m.anonymous ? userIdSql(m.anonymous, types.get(m.anonymous) ?? 'VARCHAR') : 'NULL::VARCHAR';
	const idSql = textSql(m.id);
	const dedupe = dataset.dedupe ?? 'none';
	if (dedupe === 'id' && !m.id) {
		throw new Error('Dedupe by id needs an event id column; pick one or choose another dedupe mode.');
	}
	const firstOfDupes =
		dedupe === 'id'
			? `(${idSql} IS NULL OR row_number() OVER (PARTITION BY ${idSql} ORDER BY r.rowid) = 1)`
			: dedupe === 'row'
				? `row_number() OVER (PARTITION BY ${names.map((n) => `r.${ident(n)}`).join(', ')} ORDER BY r.rowid) = 1`
				: 'TRUE';
	const filters = filterSql(dataset.filters ?? [], (n) => `r.${ident(n)}`);

	// One narrow pass parses ids and times: rows with no readable time are dropped (WHERE), then duplicates
	// are marked (window functions run after WHERE), and the filters are tested on what dedupe kept (SEMANTICS:
	// filters apply after dedupe). Identity links, user keys and the counts all come from this small table.
	const BASE = ident('__base' + STAGE);
	const LINKS = ident('__links' + STAGE);
	const KEYS = ident('__keys' + STAGE);
	const RESOLVED = ident('__resolved' + STAGE);
	await duck.execAsync(
		`CREATE TABLE ${BASE} AS
		 SELECT rid, u, a, t, first, first AND f AS keep FROM (
		   SELECT r.rowid AS rid, ${userSql} AS u, ${anonSql} AS a, ${timeSql} AS t, ${firstOfDupes} AS first,
		     coalesce(${filters}, FALSE) AS f
		   FROM ${R} r WHERE ${m.time ? `(${timeSql}) IS NOT NULL` : 'TRUE'})`,
		opts
	);
	const { total } = duck.rows<{ total: number }>(`SELECT count(*)::BIGINT AS total FROM ${R}`)[0];
	const { valid, kept, deduped } = duck.rows<{ valid: number; kept: number; deduped: number }>(
		`SELECT count(*)::BIGINT AS valid, count(*) FILTER (WHERE keep)::BIGINT AS kept,
		   count(*) FILTER (WHERE first)::BIGINT AS deduped FROM ${BASE}`
	)[0];
	const badTime = total - valid;
	let badTimeExamples: RejectedRow[] = [];
	if (badTime > 0 && m.time) {
		const col = ident(m.time);
		badTimeExamples = duck
			.rows<{ file: string; line: number; v: string }>(
				`SELECT ${ident(C.file)} AS file, rowid + 1 AS line, CAST(${col} AS VARCHAR) AS v FROM ${R}
				 WHERE (${timeSql}) IS NULL ORDER BY rowid LIMIT ${EXAMPLES}`
			)
			.map((r) => ({
				file: r.file,
				line: null,
				reason:
					r.v == null
						? `Row ${r.line}: the time column "${m.time}" is empty`
						: `Row ${r.line}: "${String(r.v).slice(0, 60)}" in "${m.time}" is not a time Footfall can read`,
				raw: String(r.v ?? '')
			}));
	}
	if (kept === 0) {
		duck.exec(`DROP TABLE ${BASE}`);
		throw new Error(
			valid === 0
				? 'No row has a readable time. Check the time column and its unit in the mapping panel.'
				: 'The filters removed every row. Loosen the filters in the mapping panel.'
		);
	}

	let identity: IdentityReport | null = null;
	let rows = `(SELECT rid, u, t FROM ${BASE} WHERE keep)`;
	if (m.anonymous) {
		duck.exec(
			`CREATE TABLE ${LINKS} AS
			 SELECT a AS anon, first(u ORDER BY t, rid) AS linked, count(DISTINCT u)::BIGINT AS users
			 FROM ${BASE} WHERE keep AND a IS NOT NULL AND u IS NOT NULL GROUP BY 1`
		);
		identity = identityReport(duck, BASE, LINKS);
		duck.exec(
			`CREATE TABLE ${RESOLVED} AS SELECT b.rid, coalesce(b.u, l.linked, b.a) AS u, b.t
			 FROM ${BASE} b LEFT JOIN ${LINKS} l ON l.anon = b.a AND b.u IS NULL WHERE b.keep`
		);
		rows = RESOLVED;
	}
	// Integer user keys (0..users-1, in id order) make per-user work a cheap integer group-by. Sorting the
	// distinct ids and joining costs far less than a window over every event.
	duck.exec(
		`CREATE TABLE ${KEYS} AS SELECT u, (row_number() OVER (ORDER BY u) - 1)::INTEGER AS k
		 FROM (SELECT DISTINCT u FROM ${rows} WHERE u IS NOT NULL)`
	);
	if (opts.isCancelled?.()) throw new CancelledError();
	await duck.execAsync(
		`CREATE TABLE ${ident(EVENTS + STAGE)} AS
		 SELECT r.rowid AS ${ident(C.row)}, r.${ident(C.file)}, x.u AS ${ident(C.user)}, k.k AS ${ident(C.ukey)},
		   x.t AS ${ident(C.time)}, ${m.time ? utcToLocalSql('x.t', segs) : 'NULL::TIMESTAMP'} AS ${ident(C.local)},
		   ${eventSql} AS ${ident(C.event)}, ${idSql} AS ${ident(C.id)}, ${anonSql} AS ${ident(C.anon)},
		   ${names.map((n) => `r.${ident(n)}`).join(', ')}
		 FROM ${R} r
		 JOIN ${rows} x ON x.rid = r.rowid
		 LEFT JOIN ${KEYS} k ON k.u = x.u`,
		opts
	);
	for (const t of [BASE, LINKS, KEYS, RESOLVED]) duck.exec(`DROP TABLE IF EXISTS ${t}`);

	progress('summarising');
	const stats: BuildStats = {
		dataset,
		timeFormat,
		loadedRows: total,
		badTime,
		badTimeExamples,
		duplicates: valid - deduped,
		filtered: deduped - kept,
		identity
	};
	return buildReport(duck, EVENTS + STAGE, loaded, stats);
}
