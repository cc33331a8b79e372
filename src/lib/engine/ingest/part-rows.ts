/**
 * The SQL that reads the prepared files' rows (sources.ts prepares them): each file's rows tagged with its
 * name, the files lined up by column name, and the columns as they come out.
 */
import type { Database } from '../duck.ts';
import { ident, literal } from '../../sql/quote.ts';
import { C, CANONICAL_COLUMNS } from '../../sql/schema.ts';
import type { Part } from './types.ts';

/** A file's rows as SQL for a FROM clause, tagged with its name, with original columns that clash renamed. */
export async function partSelect(
	duck: Database,
	part: Part,
	withRejects: boolean,
	limit?: number
): Promise<string> {
	const from = part.csv
		? part.csv.sql(withRejects ? (part.rejects ?? undefined) : undefined)
		: ident(part.table!);
	part.names ??= await columnNames(duck, `SELECT * FROM ${from} LIMIT 0`, true);
	const renames = clashRenames(part.names);
	const rename = renames.length
		? ` RENAME (${renames.map(([a, b]) => `${ident(a)} AS ${ident(b)}`).join(', ')})`
		: '';
	return (
		`SELECT ${literal(part.source.name)} AS ${ident(C.file)}, *${rename} FROM ${from}` +
		(limit !== undefined ? ` LIMIT ${limit}` : '')
	);
}

/** `partSelect` of every part, one after another: a database runs one statement at a time. */
export async function partSelects(
	duck: Database,
	parts: Part[],
	withRejects: boolean,
	limit?: (index: number) => number
): Promise<string[]> {
	const out: string[] = [];
	for (const [i, part] of parts.entries()) out.push(await partSelect(duck, part, withRejects, limit?.(i)));
	return out;
}

/** Many daily files with drifting columns line up by name; a column missing in one file is NULL there. */
export function unionOf(selects: string[]): string {
	return selects.length === 1
		? `(${selects[0]})`
		: `(${selects.map((q) => `(${q})`).join(' UNION ALL BY NAME ')})`;
}

/**
 * A part's columns as its rows come out of `partSelect` (known once it has run): the file's names, those
 * that clash with the engine's own (`__user`…) under their new names.
 */
export function partColumns(part: Part): string[] {
	const renames = new Map(clashRenames(part.names ?? []));
	return (part.names ?? []).map((n) => renames.get(n) ?? n);
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
export async function columnNames(duck: Database, table: string, isQuery = false): Promise<string[]> {
	return (
		await duck.rows<{ name: string }>(
			`SELECT column_name AS name FROM (DESCRIBE ${isQuery ? table : ident(table)})`
		)
	).map((r) => r.name);
}
