// The read_csv options every part of a byte-range read uses (ranges.worker.ts, ranges-cpu.ts): the dialect
// and column types DuckDB's sniffer finds for the whole file, fixed, so every part is read alike.
import { literal } from '../../../src/lib/sql/quote.ts';

/** SQL for the sniff_csv row of `file` (a registered file's name) that readOptions takes. */
export const sniffSql = (file: string) =>
	`SELECT Delimiter, Quote, Escape, HasHeader, DateFormat, TimestampFormat,
	  list_transform(Columns, c -> c.name) AS names, list_transform(Columns, c -> c.type) AS types
	 FROM sniff_csv(${literal(file)})`;

/**
 * read_csv's options (after the file's name) from sniffSql's row, with detection off: every value through
 * literal() (sniff_csv's ready-made `Prompt` does not escape quotes in column names, see
 * src/lib/engine/formats/csv.ts). `names` and `types` may be Arrow vectors or arrays: json's to_json would
 * have loaded an extension, a download, which never happens here.
 */
export function readOptions(s: Record<string, unknown>): string {
	const text = (v: unknown) => (v === '(empty)' || v === null || v === undefined ? '' : String(v));
	const names = Array.from(s.names as Iterable<unknown>, String);
	const types = Array.from(s.types as Iterable<unknown>, String);
	const options = [
		'auto_detect = false',
		`delim = ${literal(text(s.Delimiter))}`,
		`quote = ${literal(text(s.Quote))}`,
		`escape = ${literal(text(s.Escape))}`,
		`header = ${s.HasHeader ? 'true' : 'false'}`,
		`columns = {${names.map((n, i) => `${literal(n)}: ${literal(types[i])}`).join(', ')}}`
	];
	if (text(s.DateFormat)) options.push(`dateformat = ${literal(text(s.DateFormat))}`);
	if (text(s.TimestampFormat)) options.push(`timestampformat = ${literal(text(s.TimestampFormat))}`);
	return options.join(', ');
}
