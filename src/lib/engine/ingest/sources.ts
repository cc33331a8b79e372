/**
 * The first step of a load: each dropped file sniffed, its format chosen, and made ready to read (a CSV
 * read, or a table the JSON, Parquet or whitespace loader filled). Also the SQL that reads the files' rows.
 */
import { CancelledError, type Duck } from '../duck.ts';
import type { SourceFile } from '../source.ts';
import { loadWhitespace, prepareCsv } from '../formats/csv.ts';
import { loadJson } from '../formats/json.ts';
import { loadParquet } from '../formats/parquet.ts';
import { sniffFile, type FilePreview } from '../sniff.ts';
import { INPUT_DIR } from '../lockdown.ts';
import { ident, literal } from '../../sql/quote.ts';
import { C, CANONICAL_COLUMNS } from '../schema.ts';
import type { FileFormat } from '../../spec/types.ts';
import type { DatasetInput, IngestOptions, Part, Prepared } from './types.ts';

export async function prepareSources(
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
		const alias = `${INPUT_DIR}${prefix}file${i}_${source.name.replace(/[^\w.-]/g, '_')}`;
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

export function noRows(name: string, rejected: number): Error {
	return new Error(
		`${name} has no readable rows` +
			(rejected > 0 ? ` (${rejected} lines could not be parsed).` : '.') +
			' Check that it is a CSV, JSON/JSONL or Parquet export.'
	);
}

/** A file's rows as SQL for a FROM clause, tagged with its name, with original columns that clash renamed. */
export function partSelect(duck: Duck, part: Part, withRejects: boolean, limit?: number): string {
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
export function unionOf(selects: string[]): string {
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
