import { tableFromIPC } from 'apache-arrow';
import { CancelledError, isOutOfMemory, type Database } from './duck.ts';
import { ident } from '../sql/quote.ts';
import { C, EVENTS } from '../sql/schema.ts';
import type { DatasetSpec } from '../spec/types.ts';

/** One column's exact number of different values; null when it did not fit in memory. */
export interface ColumnDistinct {
	name: string;
	distinct: number | null;
}

/**
 * The exact number of different non-empty values of each column among the kept events (`events`), for the
 * report's columns table. Placeholder ids (SEMANTICS §9) are not values of the user and anonymous columns,
 * so without an anonymous id the user column's count is the report's number of users.
 *
 * Exact counts cost about a second per million rows of a typical export under DuckDB-WASM (a UUID column
 * is most of it), so the page asks for them in the background after the report. One statement per
 * column: cancellable between columns, and a column whose values do not fit in memory gets null instead of
 * failing the rest.
 */
export async function countDistinct(
	duck: Database,
	columns: readonly string[],
	mapping: DatasetSpec['columns'],
	opts: { isCancelled?: () => boolean } = {}
): Promise<ColumnDistinct[]> {
	const out: ColumnDistinct[] = [];
	for (const name of columns) {
		if (opts.isCancelled?.()) throw new CancelledError();
		const placeholder =
			name === mapping.user ? C.userPlaceholder : name === mapping.anonymous ? C.anonPlaceholder : null;
		const filter = placeholder ? ` FILTER (WHERE ${ident(placeholder)} IS NULL)` : '';
		try {
			const ipc = await duck.ipc(
				`SELECT count(DISTINCT ${ident(name)})${filter}::BIGINT AS n FROM ${ident(EVENTS)}`,
				opts
			);
			out.push({ name, distinct: Number(tableFromIPC(ipc).getChild('n')!.get(0)) });
		} catch (e) {
			if (!isOutOfMemory(e)) throw e;
			out.push({ name, distinct: null });
		}
	}
	return out;
}
