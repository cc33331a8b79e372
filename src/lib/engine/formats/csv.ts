import type { Database } from '../duck.ts';
import type { SourceFile } from '../source.ts';
import { ident, literal } from '../../sql/quote.ts';
import { csvErrorMessage, rejectReason } from './csv-errors.ts';
import type { LoadOptions, LoadStats, RejectedRow } from './types.ts';
import { MAX_LINE_BYTES, type TextScan } from './text-scan.ts';

export { csvErrorMessage } from './csv-errors.ts';

/** How a file's bytes are compressed, decided from its magic bytes, never from its name. */
export type Compression = 'gzip' | 'none';

export interface CsvOptions extends LoadOptions {
	/** Field separator; undefined lets DuckDB's sniffer decide. 'whitespace' splits on runs of blanks. */
	delimiter?: string;
	header?: boolean;
	/** Lines before the header to skip (Excel's `sep=;` line). */
	skip?: number;
	compression: Compression;
	/**
	 * The preview's column names (papaparse on the first bytes): the columns when DuckDB's sniffer cannot
	 * make sense of the file, so the read still keeps every line it can parse.
	 */
	fallbackColumns?: string[];
	/** Lines of MAX_LINE_BYTES or more, when a pass over the text before the read has found them. */
	longLines?: TextScan['longLines'];
}

const MAX_RAW = 300;

/** A delimited file's dialect and columns, sniffed once from its first rows and then fixed for every read. */
export interface CsvRead {
	/** The file's columns in order, unique (case-insensitively, as DuckDB requires) and never empty. */
	columns: string[];
	/**
	 * The `read_csv(...)` call for this file, every column as text (VARCHAR) exactly as written: ingest
	 * types the columns afterwards from all rows (ingest/typing.ts). Lines that do not parse are skipped;
	 * with `rejects` they are also recorded in those tables (line number, reason, raw text) for `readRejects`.
	 */
	sql(rejects?: CsvRejects): string;
}

export interface CsvRejects {
	table: string;
	scan: string;
}

const SNIFF_ROWS = 20480;
/**
 * The sniffer fails on a line longer than its `max_line_size` (2 MB by default) instead of skipping it; it
 * then looks again with this limit, and a buffer of the same size (left to itself DuckDB takes 16 times
 * the limit, and for gzip keeps every buffer it read: a 2 GB line took 2.5 GB of memory). When the pass
 * over the text has found such a line among the rows the sniffer reads, the failing look is skipped, and
 * for a line longer than this limit the preview's columns are used. Reads keep the default: a longer line
 * is rejected with its line number.
 */
const SNIFF_MAX_LINE = 64 * 1024 * 1024;

interface Sniffed {
	Delimiter: string;
	Quote: string;
	Escape: string;
	SkipRows: number;
	HasHeader: boolean;
	names: Iterable<string>;
}

/**
 * Sniffs a delimited text file registered as `alias` (uncompressed or gzip, as `opts.compression` says):
 * delimiter, quote, escape, leading lines to skip, header and column names, from its first rows. Reads then pass those options explicitly, so the file is sniffed once however often it is read.
 *
 * The options are built from `sniff_csv`'s structured columns through `literal()`, never from its `Prompt`
 * text, which does not escape quotes in column names: a header is data and cannot reach SQL as code.
 * When the sniffer fails, the preview's separator and names are used with RFC 4180 quoting.
 */
export async function prepareCsv(
	duck: Database,
	source: SourceFile,
	alias: string,
	opts: CsvOptions
): Promise<CsvRead> {
	const file = literal(alias);
	const compression = `compression = ${literal(opts.compression)}`;
	// RFC 4180 quoting unless the file says otherwise: left to guess, the sniffer drops quoting altogether when
	// one quote in its sample is never closed, and every quoted line of the file is then rejected.
	const given: string[] = [compression, `quote = '"'`];
	if (opts.delimiter !== undefined) given.push(`delim = ${literal(opts.delimiter)}`);
	if (opts.header !== undefined) given.push(`header = ${opts.header ? 'true' : 'false'}`);
	// Reads take every column as text (typing.ts types them from all rows), so the sniffer's types are never
	// used; with the header given they decide nothing else either (the dialect is chosen by column counts).
	// Skipping them took the sniff of a 1M-row file from about 260 to 130 ms of CPU under Node.
	const sniffOnly = opts.header !== undefined ? ['all_varchar = true'] : [];
	const skipGiven = Number.isSafeInteger(opts.skip) && opts.skip! > 0 ? opts.skip! : 0;
	if (skipGiven) given.push(`skip = ${skipGiven}`);
	let dialect: string[];
	let columns: string[];
	const sniff = async (more: string[]) =>
		(
			await duck.rows<Sniffed>(
				`SELECT Delimiter, Quote, Escape, SkipRows::INTEGER AS SkipRows, HasHeader,
			   list_transform(Columns, c -> c.name) AS names
			 FROM sniff_csv(${[file, `sample_size = ${SNIFF_ROWS}`, 'ignore_errors = true', ...given, ...sniffOnly, ...more].join(', ')})`
			)
		)[0];
	const longest = Math.max(
		0,
		...(opts.longLines ?? []).filter((l) => l.line <= SNIFF_ROWS + 1).map((l) => l.bytes)
	);
	const longer = [`max_line_size = ${SNIFF_MAX_LINE}`, `buffer_size = ${SNIFF_MAX_LINE}`];
	try {
		let s: Sniffed;
		if (longest >= SNIFF_MAX_LINE) throw new Error(`a line of ${longest} bytes among the first rows`);
		if (longest >= MAX_LINE_BYTES) s = await sniff(longer);
		else {
			try {
				s = await sniff([]);
			} catch (e) {
				if (!/maximum line size/i.test(String(e))) throw e;
				s = await sniff(longer);
			}
		}
		const empty = (v: string) => (v === '(empty)' ? '' : String(v ?? ''));
		const skip = Number(s.SkipRows);
		const quote = empty(s.Quote);
		columns = uniqueColumnNames(Array.from(s.names, String));
		dialect = [
			`delim = ${literal(String(s.Delimiter))}`,
			`quote = ${literal(quote)}`,
			// A doubled quote inside quotes is one quote (RFC 4180), also when the sample had none.
			`escape = ${literal(empty(s.Escape) || quote)}`,
			// No `new_line`: left unset the reader takes \n, \r\n and \r alike; set, a file that mixes them
			// (edited on two systems) stops the whole read.

			// A line that starts with `#` is data (a hashtag, a CSS colour), never a comment to skip in silence.
			`comment = ''`,
			`skip = ${Number.isSafeInteger(skip) && skip >= 0 ? skip : 0}`,
			`header = ${s.HasHeader ? 'true' : 'false'}`
		];
	} catch (e) {
		if (!opts.fallbackColumns?.length || opts.delimiter === undefined) {
			throw new Error(csvErrorMessage(source.name, e), { cause: e });
		}
		columns = uniqueColumnNames(opts.fallbackColumns);
		dialect = [
			`delim = ${literal(opts.delimiter)}`,
			`quote = '"'`,
			`escape = '"'`,
			`comment = ''`,
			`skip = ${skipGiven}`,
			`header = ${opts.header === false ? 'false' : 'true'}`
		];
	}
	const options = [
		'auto_detect = false',
		...dialect,
		`columns = {${columns.map((c) => `${literal(c)}: 'VARCHAR'`).join(', ')}}`,
		compression
	].join(', ');
	return {
		columns,
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
 * Names a table can hold: NUL (which SQL text cannot carry) replaced, an empty name called `column<i>`,
 * and a name equal to an earlier one regardless of case (DuckDB's names are case-insensitive) suffixed
 * `_2`, `_3`….
 */
export function uniqueColumnNames(names: string[]): string[] {
	const seen = new Set<string>();
	return names.map((raw, i) => {
		let base = raw.replaceAll('\u0000', '\ufffd');
		if (base.trim() === '') base = `column${i}`;
		let name = base;
		for (let k = 2; seen.has(name.toLowerCase()); k++) name = `${base}_${k}`;
		seen.add(name.toLowerCase());
		return name;
	});
}

/**
 * Lines of one file that the CSV reader rejected: how many, the first `examples` of them, and how many
 * were rejected only for not being UTF-8 (ingest then reads the file again, transcoded).
 */
export async function readRejects(
	duck: Database,
	file: string,
	rejects: CsvRejects,
	examples = 20,
	scan?: TextScan
): Promise<Omit<LoadStats, 'rows'> & { encodingErrors: number }> {
	const exists = await duck.tableExists(rejects.table);
	const result = exists
		? await rejectedLines(duck, file, rejects.table, examples)
		: { rejected: [] as RejectedRow[], rejectedCount: 0, encodingErrors: 0 };
	if (scan && scan.longCount > 0) {
		// Lines longer than the reader's buffer are skipped without a reject: add those it did not list.
		const listed = new Set(
			exists
				? (
						await duck.rows<{ line: number }>(
							`SELECT DISTINCT line::BIGINT AS line FROM ${ident(rejects.table)}
							 WHERE line IN (${scan.longLines.map((l) => l.line).join(', ')})`
						)
					).map((r) => Number(r.line))
				: []
		);
		const missing = scan.longLines.filter((l) => !listed.has(l.line));
		result.rejectedCount += missing.length + (scan.longCount - scan.longLines.length);
		result.rejected = [
			...result.rejected,
			...missing.map((l) => ({
				file,
				line: l.line,
				reason: rejectReason('LINE SIZE OVER MAXIMUM', lineSizeMessage(l.bytes)),
				raw: ''
			}))
		]
			.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
			.slice(0, examples);
	}
	await duck.exec(
		`DROP TABLE IF EXISTS ${ident(rejects.table)}; DROP TABLE IF EXISTS ${ident(rejects.scan)}`
	);
	return result;
}

const lineSizeMessage = (bytes: number) =>
	`Maximum line size of ${MAX_LINE_BYTES} bytes exceeded. Actual Size:${bytes} bytes.`;

async function rejectedLines(duck: Database, file: string, rejects: string, examples: number) {
	// One bad line can produce several error rows (one per bad column): count lines, not errors. A quote
	// that is never closed makes the reader take the lines after it as part of one value: each such line
	// break inside the rejected text is one more line of the file lost, and counted. The unclosed quote is
	// one of the line's errors, not always its first: a line with too many fields whose last one opens a
	// quote is reported as both.
	const lines = `SELECT line, first(error_type ORDER BY column_idx) AS type,
	     first(error_message ORDER BY column_idx) AS reason, first(csv_line) AS csv_line,
	     bool_or(error_type = 'UNQUOTED VALUE') AS unclosed
	   FROM ${ident(rejects)} GROUP BY line`;
	const body = `rtrim(csv_line, chr(13) || chr(10))`;
	const more = `CASE WHEN unclosed THEN length(${body}) - length(replace(${body}, chr(10), '')) ELSE 0 END`;
	const [counts] = await duck.rows<{ n: number; enc: number }>(
		`SELECT (count(*) + coalesce(sum(${more}), 0))::BIGINT AS n,
		   count(*) FILTER (WHERE type = 'INVALID ENCODING')::BIGINT AS enc FROM (${lines})`
	);
	const rows = await duck.rows<{ line: number; type: string; reason: string; raw: string; more: number }>(
		`SELECT line::BIGINT AS line, type, reason, left(csv_line, ${MAX_RAW}) AS raw, (${more})::BIGINT AS more
		 FROM (${lines}) ORDER BY line LIMIT ${examples}`
	);
	return {
		rejectedCount: counts.n,
		encodingErrors: counts.enc,
		rejected: rows.map((r) => ({
			file,
			line: Number(r.line),
			reason: rejectReason(String(r.type ?? ''), String(r.reason ?? 'unreadable line'), Number(r.more)),
			raw: String(r.raw ?? '')
		}))
	};
}
