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
		throw friendlier(e);
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
		throw friendlier(e);
	}
}

const STAGED_TABLES = [RAW, EVENTS];

/** DuckDB's out-of-memory message names allocation sizes; say what it means and what to do. */
function friendlier(e: unknown): unknown {
	if (e instanceof Error && /Out of Memory/i.test(e.message)) {
		return new Error(
			'This data needs more memory than the browser gives Footfall (about 3 GB): about 3 million events of a ' +
				'typical export fit. Load fewer files or a shorter date range, or filter the export first. ' +
				'The previous dataset is still loaded.',
			{ cause: e }
		);
	}
	return e;
}

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

/** Types, empty counts, approximate distinct counts and a sample of each column: one scan for all columns. */
function describeColumns(duck: Duck, table: string): ColumnInfo[] {
	const described = duck
		.rows<{ name: string; type: string }>(
			`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${ident(table)})`
		)
		.filter((c) => c.name !== C.file);
	const T = ident(table);
	const stats = duck.rows<Record<string, number>>(
		`SELECT count(*)::BIGINT AS rows, ${described
			.map(
				(c, i) =>
					`count(${ident(c.name)})::BIGINT AS n${i}, approx_count_distinct(${ident(c.name)})::BIGINT AS d${i}`
			)
			.join(', ')} FROM ${T}`
	)[0];
	// Samples come from the first rows (file order), where the layout of an export is easiest to read.
	const head = duck.rows<Record<string, unknown>>(`SELECT * FROM ${T} LIMIT 2000`);
	return described.map((c, i) => ({
		name: c.name,
		type: c.type,
		sample: head
			.map((r) => r[c.name])
			.filter((v) => v != null)
			.slice(0, 50),
		nulls: stats.rows - stats[`n${i}`],
		distinct: stats[`d${i}`],
		rows: stats.rows
	}));
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

function identityReport(duck: Duck, links: string, mergedSql: string): IdentityReport {
	const s = duck.rows<{ linked: number; conflicts: number }>(
		`SELECT count(*)::BIGINT AS linked, count(*) FILTER (WHERE users > 1)::BIGINT AS conflicts FROM ${links}`
	)[0];
	const examples = duck.rows<{ anon: string; users: string[]; n: number }>(
		`SELECT anon, user_list AS users, rows AS n FROM ${links} WHERE users > 1 ORDER BY rows DESC, anon LIMIT 10`
	);
	return {
		linkedAnonymousIds: s.linked,
		mergedRows: duck.rows<{ n: number }>(mergedSql)[0].n,
		conflicts: s.conflicts,
		conflictExamples: examples.map((e) => ({
			anonymous: e.anon,
			users: Array.from(e.users as unknown as Iterable<string>),
			rows: e.n
		}))
	};
}

/** The first rows whose time could not be read, for the report. */
function timeRejects(duck: Duck, raw: string, column: string, timeSql: string): RejectedRow[] {
	return duck
		.rows<{ file: string; line: number; v: string | null }>(
			`SELECT ${ident(C.file)} AS file, rowid + 1 AS line, CAST(${ident(column)} AS VARCHAR) AS v FROM ${ident(raw)}
			 WHERE (${timeSql}) IS NULL ORDER BY rowid LIMIT ${EXAMPLES}`
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
	const filters = filterSql(dataset.filters ?? [], (n) => `r.${ident(n)}`);
	const timeOk = m.time ? `(${timeSql}) IS NOT NULL` : 'TRUE';
	const DROP = ident('__drop' + STAGE);
	const LINKS = ident('__links' + STAGE);
	const KEYS = ident('__keys' + STAGE);
	const scratch = [DROP, LINKS, KEYS];
	let identity: IdentityReport | null = null;
	let counts: { total: number; valid: number; dropped: number; kept: number };
	let badTimeExamples: RejectedRow[] = [];
	try {
		// Duplicates: the row ids to drop (every copy but the first) as a small table. Grouping 64-bit hashes
		// of the key finds the few candidates cheaply (grouping a million strings is slow in WASM); the exact
		// keys are then compared among the candidates only, so a hash collision never drops a row.
		const keyCols = dedupe === 'id' ? [idSql] : dedupe === 'row' ? names.map((n) => `r.${ident(n)}`) : [];
		if (keyCols.length > 0) {
			const h = `hash(${keyCols.join(', ')})`;
			const keyed = keyCols.map((k, i) => `${k} AS k${i}`).join(', ');
			const ks = keyCols.map((_, i) => `k${i}`).join(', ');
			const match = keyCols.map((_, i) => `d.k${i} IS NOT DISTINCT FROM c.k${i}`).join(' AND ');
			await duck.execAsync(
				`CREATE TABLE ${DROP} AS
				 WITH hashes AS (
				   SELECT ${h} AS h FROM ${R} r ${dedupe === 'id' ? `WHERE ${idSql} IS NOT NULL` : ''}
				   GROUP BY 1 HAVING count(*) > 1),
				 c AS MATERIALIZED (
				   SELECT r.rowid AS rid, ${keyed} FROM ${R} r SEMI JOIN hashes ON hashes.h = ${h}
				   WHERE ${timeOk} ${dedupe === 'id' ? `AND ${idSql} IS NOT NULL` : ''}),
				 d AS (SELECT ${ks}, min(rid) AS keep FROM c GROUP BY ALL HAVING count(*) > 1)
				 SELECT c.rid FROM c JOIN d ON ${match} WHERE c.rid <> d.keep`,
				opts
			);
		} else duck.exec(`CREATE TABLE ${DROP} (rid BIGINT)`);
		const dropped = duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${DROP}`)[0].n;
		const notDropped = dropped > 0 ? `NOT EXISTS (SELECT 1 FROM ${DROP} d WHERE d.rid = r.rowid)` : 'TRUE';
		const kept = `${timeOk} AND ${notDropped} AND coalesce(${filters}, FALSE)`;

		let userExpr = userSql;
		let linkJoin = '';
		if (m.anonymous) {
			// Each anonymous id belongs to the first user it was seen with (SEMANTICS §9).
			await duck.execAsync(
				`CREATE TABLE ${LINKS} AS
				 SELECT a AS anon, first(u ORDER BY t, rid) AS linked, count(DISTINCT u)::BIGINT AS users,
				   list(DISTINCT u ORDER BY u) AS user_list, count(*)::BIGINT AS rows
				 FROM (SELECT ${anonSql} AS a, ${userSql} AS u, ${timeSql} AS t, r.rowid AS rid FROM ${R} r
				   WHERE ${anonSql} IS NOT NULL AND ${userSql} IS NOT NULL AND ${kept})
				 GROUP BY 1`,
				opts
			);
			// Only rows without a user id look up their link. Written as one equality: a LEFT JOIN with an extra
			// condition on the left table alone is planned as a nested loop (minutes on 150k rows).
			linkJoin = `LEFT JOIN ${LINKS} l ON l.anon = (CASE WHEN (${userSql}) IS NULL THEN ${anonSql} END)`;
			userExpr = `coalesce(${userSql}, l.linked, ${anonSql})`;
			identity = identityReport(
				duck,
				LINKS,
				`SELECT count(*)::BIGINT AS n FROM ${R} r ${linkJoin} WHERE l.linked IS NOT NULL AND ${kept}`
			);
		}
		// Integer user keys in id order make per-user work a cheap integer group-by. They are unique; a user
		// whose rows were all filtered out leaves a gap.
		await duck.execAsync(
			`CREATE TABLE ${KEYS} AS SELECT u, (row_number() OVER (ORDER BY u) - 1)::INTEGER AS k FROM (
			   SELECT DISTINCT ${userSql} AS u FROM ${R} r WHERE ${userSql} IS NOT NULL
			   ${m.anonymous ? `UNION SELECT DISTINCT ${anonSql} FROM ${R} r WHERE ${anonSql} IS NOT NULL` : ''})`,
			opts
		);
		if (opts.isCancelled?.()) throw new CancelledError();
		// The one wide pass: parse each row once, keep what survives, resolve the user, then attach the key.
		// The resolved user is a column before the key join so that join is a plain hash join.
		const first = [C.row, C.file, C.user].map(ident);
		const then = [C.time, C.local].map(ident);
		await duck.execAsync(
			`CREATE TABLE ${ident(EVENTS + STAGE)} AS
			 SELECT ${first.map((c) => `x.${c}`).join(', ')}, k.k AS ${ident(C.ukey)}, ${then.map((c) => `x.${c}`).join(', ')},
			   x.* EXCLUDE (${[...first, ...then].join(', ')})
			 FROM (
			   SELECT *, ${m.time ? utcToLocalSql(ident(C.time), segs) : 'NULL::TIMESTAMP'} AS ${ident(C.local)}
			   FROM (
			     SELECT r.rowid AS ${ident(C.row)}, r.${ident(C.file)}, ${userExpr} AS ${ident(C.user)},
			       ${m.time ? timeSql : 'NULL::TIMESTAMP'} AS ${ident(C.time)}, ${eventSql} AS ${ident(C.event)},
			       ${idSql} AS ${ident(C.id)}, ${anonSql} AS ${ident(C.anon)},
			       ${names.map((n) => `r.${ident(n)}`).join(', ')}
			     FROM ${R} r ${linkJoin}
			     WHERE ${kept}
			   )
			 ) x LEFT JOIN ${KEYS} k ON k.u = x.${ident(C.user)}`,
			opts
		);
		const head = duck.rows<{ total: number; valid: number }>(
			`SELECT count(*)::BIGINT AS total, count(*) FILTER (WHERE ${timeOk})::BIGINT AS valid FROM ${R} r`
		)[0];
		counts = {
			...head,
			dropped,
			kept: duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${ident(EVENTS + STAGE)}`)[0].n
		};
		if (counts.total > counts.valid && m.time) badTimeExamples = timeRejects(duck, raw, m.time, timeSql);
	} finally {
		for (const t of scratch) duck.exec(`DROP TABLE IF EXISTS ${t}`);
	}
	if (counts.kept === 0) {
		duck.exec(`DROP TABLE ${ident(EVENTS + STAGE)}`);
		throw new Error(
			counts.valid === 0
				? 'No row has a readable time. Check the time column and its unit in the mapping panel.'
				: 'The filters removed every row. Loosen the filters in the mapping panel.'
		);
	}

	progress('summarising');
	const stats: BuildStats = {
		dataset,
		timeFormat,
		loadedRows: counts.total,
		badTime: counts.total - counts.valid,
		badTimeExamples,
		duplicates: counts.dropped,
		filtered: counts.valid - counts.dropped - counts.kept,
		identity
	};
	return buildReport(duck, EVENTS + STAGE, loaded, stats);
}
