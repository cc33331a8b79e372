import type { Duck } from '../duck.ts';
import type { SourceFile } from '../source.ts';
import { ident, literal } from '../../sql/quote.ts';
import type { LoadOptions, LoadStats, RejectedRow } from './types.ts';

export interface CsvOptions extends LoadOptions {
	/** Field separator; undefined lets DuckDB's sniffer decide. 'whitespace' splits on runs of blanks. */
	delimiter?: string;
	header?: boolean;
	/** How many rejected lines to keep as examples. */
	examples?: number;
}

const MAX_RAW = 300;

/** A delimited file's dialect and column types, sniffed once from its first rows and then fixed for every read. */
export interface CsvRead {
	/**
	 * The `read_csv(...)` call for this file. Lines that do not parse are skipped; with `rejects` they are
	 * also recorded in those tables (line number, reason, raw text) for `readRejects`.
	 */
	sql(rejects?: CsvRejects): string;
}

export interface CsvRejects {
	table: string;
	scan: string;
}

const SNIFF_ROWS = 20480;

/**
 * Sniffs a delimited text file (optionally gzip-compressed) registered as `alias`: delimiter, quotes,
 * header and a type per column, from its first rows. Reads then pass those options explicitly, so the
 * file is sniffed once however often it is read, and ingest knows every column's type before the read.
 */
export function prepareCsv(duck: Duck, source: SourceFile, alias: string, opts: CsvOptions = {}): CsvRead {
	const file = literal(alias);
	const given: string[] = [];
	if (opts.delimiter !== undefined) given.push(`delim = ${literal(opts.delimiter)}`);
	if (opts.header !== undefined) given.push(`header = ${opts.header ? 'true' : 'false'}`);
	let options: string;
	try {
		const [sniffed] = duck.rows<{ Prompt: string }>(
			`SELECT Prompt FROM sniff_csv(${[file, `sample_size = ${SNIFF_ROWS}`, 'ignore_errors = true', ...given].join(', ')})`
		);
		options = promptOptions(sniffed?.Prompt ?? '', file);
	} catch (e) {
		throw new Error(csvErrorMessage(source.name, e), { cause: e });
	}
	return {
		sql(rejects) {
			const args = [file, options, 'ignore_errors = true'];
			if (rejects) {
				args.push(
					'store_rejects = true',
					`rejects_table = ${literal(rejects.table)}`,
					`rejects_scan = ${literal(rejects.scan)}`
				);
			}
			return `read_csv(${args.join(', ')})`;
		}
	};
}

/**
 * The options of the `read_csv` call that `sniff_csv` proposes (its `Prompt` column), without the file
 * name and without `ignore_errors`, which every read sets itself.
 */
function promptOptions(prompt: string, file: string): string {
	const head = `FROM read_csv(${file}, `;
	if (!prompt.startsWith(head) || !/\);?\s*$/.test(prompt)) {
		throw new Error(`Unexpected sniffer output: ${prompt.slice(0, 200)}`);
	}
	return prompt
		.slice(head.length)
		.replace(/\);?\s*$/, '')
		.replace(/,?\s*ignore_errors\s*=\s*true/i, '')
		.replace(/^\s*,\s*/, '');
}

/** Lines of one file that the CSV reader rejected: how many, and the first `examples` of them. */
export function readRejects(
	duck: Duck,
	file: string,
	rejects: CsvRejects,
	examples = 20
): Omit<LoadStats, 'rows'> {
	const result = rejectedLines(duck, file, rejects.table, examples);
	duck.exec(`DROP TABLE IF EXISTS ${ident(rejects.table)}; DROP TABLE IF EXISTS ${ident(rejects.scan)}`);
	return result;
}

function rejectedLines(duck: Duck, file: string, rejects: string, examples: number) {
	if (!duck.tableExists(rejects)) return { rejected: [] as RejectedRow[], rejectedCount: 0 };
	// One bad line can produce several error rows (one per bad column): count lines, not errors.
	const count = duck.rows<{ n: number }>(`SELECT count(DISTINCT line)::BIGINT AS n FROM ${ident(rejects)}`)[0]
		.n;
	const rows = duck.rows<{ line: number; reason: string; raw: string }>(
		`SELECT line::BIGINT AS line, first(error_message ORDER BY column_idx) AS reason, first(csv_line) AS raw
		 FROM ${ident(rejects)} GROUP BY line ORDER BY line LIMIT ${examples}`
	);
	return {
		rejectedCount: count,
		rejected: rows.map((r) => ({
			file,
			line: Number(r.line),
			reason: tidyReason(String(r.reason ?? 'unreadable line')),
			raw: String(r.raw ?? '').slice(0, MAX_RAW)
		}))
	};
}

/** DuckDB's reject messages carry parser internals; keep the sentence a person needs. */
function tidyReason(message: string): string {
	const first = message.split('\n')[0].trim();
	return first.replace(/^Error when converting column/, 'Could not convert column');
}

export function csvErrorMessage(name: string, e: unknown): string {
	const text = e instanceof Error ? e.message : String(e);
	const first = text.split('\n').find((l) => l.trim().length > 0) ?? text;
	return `${name} could not be read as a delimited text file: ${first.replace(/^Invalid Input Error: /, '')}`;
}

/** Whitespace-separated files (CDNOW): DuckDB's reader cannot collapse runs of blanks, so split in SQL. */
export async function loadWhitespace(
	duck: Duck,
	source: SourceFile,
	alias: string,
	table: string,
	opts: CsvOptions
): Promise<LoadStats> {
	const lines = `${table}__lines`;
	const unhook = duck.files.onRead((_id, end) => opts.onBytes?.(Math.min(end, source.size)));
	try {
		// A delimiter that cannot occur in text makes every line one field.
		await duck.execAsync(
			`CREATE TABLE ${ident(lines)} AS
			 SELECT n, regexp_split_to_array(trim(line), '\\s+') AS f
			 FROM (SELECT row_number() OVER () AS n, line
			   FROM read_csv(${literal(alias)}, columns = {'line': 'VARCHAR'}, delim = '\\x01', quote = '', escape = '',
			     header = false, ignore_errors = true))
			 WHERE trim(line) <> ''`,
			opts
		);
	} finally {
		unhook();
	}
	opts.onBytes?.(source.size);
	const widths = duck.rows<{ w: number; n: number }>(
		`SELECT len(f)::INTEGER AS w, count(*)::BIGINT AS n FROM ${ident(lines)} GROUP BY 1 ORDER BY n DESC, w DESC`
	);
	if (widths.length === 0) {
		duck.exec(`DROP TABLE ${ident(lines)}`);
		throw new Error(`${source.name} is empty`);
	}
	const width = widths[0].w;
	const first = duck.rows<{ f: string[] }>(`SELECT f FROM ${ident(lines)} ORDER BY n LIMIT 1`)[0];
	const firstFields = Array.from(first.f as unknown as Iterable<string>);
	const header = opts.header ?? firstFields.every((v) => !/^[-+]?[\d.]+$/.test(v));
	const names = header
		? uniqueNames(firstFields.slice(0, width))
		: Array.from({ length: width }, (_, i) => `column${i}`);
	const columns = names.map((name, i) => `f[${i + 1}] AS ${ident(name)}`).join(', ');
	const bad = `len(f) <> ${width}`;
	const start = header ? 'n > 1' : 'TRUE';
	duck.exec(
		`CREATE TABLE ${ident(table + '__text')} AS SELECT ${columns} FROM ${ident(lines)} WHERE ${start} AND NOT (${bad}) ORDER BY n`
	);
	// Type each column the way the CSV reader would: the narrowest of BIGINT, DOUBLE, else text.
	const typed = names
		.map((name) => {
			const c = ident(name);
			const check = duck.rows<{ ints: number; nums: number; total: number }>(
				`SELECT count(TRY_CAST(${c} AS BIGINT))::BIGINT AS ints, count(TRY_CAST(${c} AS DOUBLE))::BIGINT AS nums,
				 count(${c})::BIGINT AS total FROM ${ident(table + '__text')}`
			)[0];
			// Leading zeros are identifiers (CDNOW's 00001), not numbers to strip.
			const zeros = duck.rows<{ z: number }>(
				`SELECT count(*)::BIGINT AS z FROM ${ident(table + '__text')} WHERE ${c} SIMILAR TO '0[0-9]+'`
			)[0].z;
			if (zeros === 0 && check.ints === check.total) return `CAST(${c} AS BIGINT) AS ${c}`;
			if (zeros === 0 && check.nums === check.total) return `CAST(${c} AS DOUBLE) AS ${c}`;
			return c;
		})
		.join(', ');
	duck.exec(`CREATE TABLE ${ident(table)} AS SELECT ${typed} FROM ${ident(table + '__text')}`);
	const rejectedCount = duck.rows<{ n: number }>(
		`SELECT count(*)::BIGINT AS n FROM ${ident(lines)} WHERE ${bad} AND ${start}`
	)[0].n;
	const rejected = duck
		.rows<{ n: number; f: string[] }>(
			`SELECT n, f FROM ${ident(lines)} WHERE ${bad} AND ${start} ORDER BY n LIMIT 20`
		)
		.map((r) => {
			const fields = Array.from(r.f as unknown as Iterable<string>);
			return {
				file: source.name,
				line: Number(r.n),
				reason: `Expected ${width} fields, found ${fields.length}`,
				raw: fields.join(' ').slice(0, MAX_RAW)
			};
		});
	duck.exec(`DROP TABLE ${ident(lines)}; DROP TABLE ${ident(table + '__text')}`);
	const rows = duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${ident(table)}`)[0].n;
	return { rows, rejected, rejectedCount };
}

function uniqueNames(fields: string[]): string[] {
	const seen = new Map<string, number>();
	return fields.map((f, i) => {
		const base = f.trim() || `column${i}`;
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		return n === 0 ? base : `${base}_${n + 1}`;
	});
}
