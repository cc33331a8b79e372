/**
 * What ingest learns about the files' columns: a sample of the first rows of each file to guess the layout
 * from, then, after the one read, counts over every row that confirm or correct that guess.
 */
import type { Database } from '../duck.ts';
import { detectLayout, type ColumnInfo } from '../layout.ts';
import { readRejects } from '../formats/csv.ts';
import { ident, literal } from '../../sql/quote.ts';
import { C, EVENTS } from '../../sql/schema.ts';
import { noRows } from './sources.ts';
import { partColumns, partSelects, unionOf } from './part-rows.ts';
import { sampleVerdicts } from './typing.ts';
import { EXAMPLES, STAGE, type LoadedFiles, type Part, type TextColumn } from './types.ts';

/** Rows per file read for guessing the layout, and files sampled at most. */
const SAMPLE_ROWS = 20_000;
const SAMPLE_FILES = 8;

/**
 * The sample table of a first load (the first rows of each file, in file order, where the layout of an
 * export is easiest to read) and what the files look like from it: columns, the guessed layout, the rows
 * and rejects the table loaders already counted, and the SQL that reads every row again on a remap.
 */
export async function sampleFiles(duck: Database, parts: Part[], prefix: string): Promise<LoadedFiles> {
	const sample = `${prefix}sample`;
	const perFile = Math.max(1000, Math.ceil(SAMPLE_ROWS / Math.min(parts.length, SAMPLE_FILES)));
	const samples = await partSelects(duck, parts, false, (i) => (i < SAMPLE_FILES ? perFile : 0));
	await duck.exec(`CREATE TABLE ${ident(sample)} AS SELECT * FROM ${unionOf(samples)}`);
	// Columns of delimited text are read as text; a column a typed file (JSON, Parquet) also has keeps the union's type.
	const typed = new Set(parts.filter((p) => !p.text).flatMap(partColumns));
	const textNames = [...new Set(parts.filter((p) => p.text).flatMap(partColumns))].filter(
		(n) => !typed.has(n) && n !== C.file
	);
	const text = textNames.length ? await sampleVerdicts(duck, sample, textNames) : undefined;
	const columns = await describeColumns(duck, sample, text);
	const guess = detectLayout(columns);
	const tables = parts.filter((p) => p.stats);
	return {
		files: parts.map((p) => ({
			name: p.source.name,
			size: p.source.size,
			format: p.format,
			rows: p.stats?.rows ?? 0,
			rejected: p.stats?.rejectedCount ?? 0,
			...(p.text
				? {
						encoding: p.text.encoding,
						...(p.text.reencodedLines > 0 ? { reencodedLines: p.text.reencodedLines } : {}),
						...(p.text.truncated ? { truncated: true } : {})
					}
				: {})
		})),
		text,
		rejected: tables.flatMap((p) => p.stats!.rejected).slice(0, EXAMPLES),
		rejectedCount: tables.reduce((n, p) => n + p.stats!.rejectedCount, 0),
		columns,
		vendor: guess.vendor,
		guess: { mapping: guess.mapping, timeUnit: guess.timeUnit, dedupe: guess.dedupe, notes: guess.notes },
		source: unionOf(await partSelects(duck, parts, false)),
		reloads: parts.flatMap((p) =>
			p.table && !p.text ? [{ table: p.table, source: p.source, format: p.format }] : []
		),
		sample,
		prefix
	};
}

/**
 * Each column's type, and empty and approximate distinct counts with a sample of values, from the rows of
 * `table` (the first rows of each file, in file order, where the layout of an export is easiest to read).
 */
async function describeColumns(
	duck: Database,
	table: string,
	text?: Record<string, TextColumn>
): Promise<ColumnInfo[]> {
	const described = (
		await duck.rows<{ name: string; type: string }>(
			`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${ident(table)})`
		)
	).filter((c) => c.name !== C.file);
	const stats = await columnCounts(
		duck,
		table,
		described.map((c) => c.name)
	);
	const head = await duck.rows<Record<string, unknown>>(`SELECT * FROM ${ident(table)} LIMIT 2000`);
	return described.map((c, i) => ({
		name: c.name,
		type: text?.[c.name]?.sample.type ?? c.type,
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
async function columnCounts(duck: Database, table: string, names: string[]) {
	const [r] = await duck.rows<Record<string, number>>(
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

/**
 * After the first read: each file's rows and rejected lines. Lines rejected as not UTF-8 are not counted
 * here: they are noted on the part, and the file is read again transcoded (sources.ts `partsToReread`).
 */
export async function countFirstRead(duck: Database, parts: Part[], loaded: LoadedFiles) {
	const E = EVENTS + STAGE;
	const perFile = new Map(
		(
			await duck.rows<{ f: string; n: number }>(
				parts.length === 1
					? `SELECT ${literal(parts[0].source.name)} AS f, count(*)::BIGINT AS n FROM ${ident(E)}`
					: `SELECT ${ident(C.file)} AS f, count(*)::BIGINT AS n FROM ${ident(E)} GROUP BY 1`
			)
		).map((r) => [r.f, r.n])
	);
	for (const [i, p] of parts.entries()) {
		if (!p.csv || !p.rejects) continue;
		const rejects = await readRejects(duck, p.source.name, p.rejects, EXAMPLES, p.text?.scanned);
		if (p.text) p.text.encodingErrors = rejects.encodingErrors;
		const rows = perFile.get(p.source.name) ?? 0;
		if (rows === 0 && !(rejects.encodingErrors > 0 && !p.text?.transcoded)) {
			throw noRows(p.source.name, rejects.rejectedCount);
		}
		loaded.files[i] = { ...loaded.files[i], rows, rejected: rejects.rejectedCount };
		loaded.rejected.push(...rejects.rejected.slice(0, Math.max(0, EXAMPLES - loaded.rejected.length)));
		loaded.rejectedCount += rejects.rejectedCount;
	}
}

/** After the first read (and the column types settled): column counts over all rows, and the guess again. */
export async function countColumns(duck: Database, loaded: LoadedFiles, names: string[]) {
	const E = EVENTS + STAGE;
	// The guess came from the first rows; the report's counts (and a second guess) use every row.
	const counts = await columnCounts(duck, E, names);
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
