import { CancelledError, isOutOfMemory, type Database } from '../duck.ts';
import type { SourceFile } from '../source.ts';
import { ident, literal } from '../../sql/quote.ts';
import { csvErrorMessage, readRejects, uniqueColumnNames, type CsvOptions, type CsvRejects } from './csv.ts';
import type { LoadStats } from './types.ts';
import type { TextScan } from './text-scan.ts';

const MAX_RAW = 300;

/**
 * Whitespace-separated files (CDNOW): DuckDB's reader cannot collapse runs of blanks, so each line is read
 * whole and split in SQL into `table`, every column as text exactly as written (ingest/typing.ts types
 * them from all rows, the same rule as for CSV). A line with another number of fields than most is
 * rejected; so is a line the reader cannot take (longer than 2 MB, or not UTF-8: `encodingErrors` counts
 * those, and ingest then reads the file again transcoded).
 */
export async function loadWhitespace(
	duck: Database,
	source: SourceFile,
	alias: string,
	table: string,
	opts: CsvOptions & { rejects: CsvRejects; scan?: TextScan }
): Promise<LoadStats & { encodingErrors: number }> {
	const lines = `${table}__lines`;
	const unhook = duck.files.onRead((_id, at, chunk) =>
		opts.onBytes?.(Math.min(at + chunk.length, source.size))
	);
	try {
		// A delimiter that cannot occur in text makes every line one field.
		await duck.exec(
			`CREATE TABLE ${ident(lines)} AS
			 SELECT n, regexp_split_to_array(trim(line), '\\s+') AS f
			 FROM (SELECT row_number() OVER () AS n, line
			   FROM read_csv(${literal(alias)}, columns = {'line': 'VARCHAR'}, delim = '\\x01', quote = '', escape = '',
			     header = false, auto_detect = false, compression = ${literal(opts.compression)}, ignore_errors = true,
			     store_rejects = true, rejects_table = ${literal(opts.rejects.table)},
			     rejects_scan = ${literal(opts.rejects.scan)}))
			 WHERE trim(line) <> ''`,
			opts
		);
	} catch (e) {
		if (e instanceof CancelledError || isOutOfMemory(e)) throw e;
		throw new Error(csvErrorMessage(source.name, e), { cause: e });
	} finally {
		unhook();
	}
	opts.onBytes?.(source.size);
	const unread = await readRejects(duck, source.name, opts.rejects, 20, opts.scan);
	const widths = await duck.rows<{ w: number; n: number }>(
		`SELECT len(f)::INTEGER AS w, count(*)::BIGINT AS n FROM ${ident(lines)} GROUP BY 1 ORDER BY n DESC, w DESC`
	);
	if (widths.length === 0) {
		await duck.exec(`DROP TABLE ${ident(lines)}`);
		if (unread.encodingErrors > 0) return { rows: 0, rejected: [], rejectedCount: 0, encodingErrors: 1 };
		throw new Error(`${source.name} is empty`);
	}
	const width = widths[0].w;
	const first = (await duck.rows<{ f: string[] }>(`SELECT f FROM ${ident(lines)} ORDER BY n LIMIT 1`))[0];
	const firstFields = Array.from(first.f as unknown as Iterable<string>);
	const header = opts.header ?? firstFields.every((v) => !/^[-+]?[\d.]+$/.test(v));
	const names = uniqueColumnNames(
		header ? firstFields.slice(0, width) : Array.from({ length: width }, (_, i) => `column${i}`)
	);
	const columns = names.map((name, i) => `f[${i + 1}] AS ${ident(name)}`).join(', ');
	const bad = `len(f) <> ${width}`;
	const start = header ? 'n > 1' : 'TRUE';
	await duck.exec(
		`CREATE TABLE ${ident(table)} AS SELECT ${columns} FROM ${ident(lines)} WHERE ${start} AND NOT (${bad}) ORDER BY n`
	);
	const rejectedCount = (
		await duck.rows<{ n: number }>(
			`SELECT count(*)::BIGINT AS n FROM ${ident(lines)} WHERE ${bad} AND ${start}`
		)
	)[0].n;
	const rejected = (
		await duck.rows<{ n: number; f: string[] }>(
			`SELECT n, f FROM ${ident(lines)} WHERE ${bad} AND ${start} ORDER BY n LIMIT 20`
		)
	).map((r) => {
		const fields = Array.from(r.f as unknown as Iterable<string>);
		return {
			file: source.name,
			line: Number(r.n),
			reason: `Expected ${width} fields, found ${fields.length}`,
			raw: fields.join(' ').slice(0, MAX_RAW)
		};
	});
	await duck.exec(`DROP TABLE ${ident(lines)}`);
	const rows = (await duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${ident(table)}`))[0].n;
	return {
		rows,
		rejected: [...unread.rejected, ...rejected].slice(0, 20),
		rejectedCount: rejectedCount + unread.rejectedCount,
		encodingErrors: unread.encodingErrors
	};
}
