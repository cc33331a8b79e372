import type { EventRef, RowFilter, Scalar } from '../spec/types.ts';
import { ident, literal } from './quote.ts';
import { C } from './schema.ts';

/**
 * Row filters (SEMANTICS §1) as one SQL boolean expression, the filters ANDed; `TRUE` when there are none.
 *
 * The compiler does not know column types, so the JSON type of the value picks the comparison, and no
 * pairing of column and value types can make DuckDB fail a cast mid-query:
 * - a number compares numerically with `TRY_CAST(column AS DOUBLE)` (text that is not a number is NULL),
 * - true/false compares with `TRY_CAST(column AS BOOLEAN)`,
 * - text compares with `CAST(column AS VARCHAR)`, byte order for `<`/`>` (right for ISO dates and for
 *   TIMESTAMP columns, whose text form is `YYYY-MM-DD HH:MM:SS`; a DOUBLE column reads `5.0`, so filter
 *   numbers with numbers),
 * - `= null` is `IS NULL` and `!= null` is `IS NOT NULL`.
 * `!=` and `not_in` keep rows where the column is missing (a missing value is "not x"), as PostHog's
 * "is not" does; every other comparison drops them. `contains` and `starts_with` are case-sensitive.
 */
export function filterSql(
	filters: readonly RowFilter[],
	columnSql: (name: string) => string = ident
): string {
	if (filters.length === 0) return 'TRUE';
	return filters.map((f) => '(' + oneFilter(f, columnSql(f.column)) + ')').join(' AND ');
}

function typed(col: string, value: string | number | boolean): string {
	switch (typeof value) {
		case 'number':
			return `TRY_CAST(${col} AS DOUBLE)`;
		case 'boolean':
			return `TRY_CAST(${col} AS BOOLEAN)`;
		default:
			return `CAST(${col} AS VARCHAR)`;
	}
}

/** `col IN (...)` over a list that may mix types: one IN per value type, ORed; NULL matches IS NULL. */
function inList(col: string, values: readonly Scalar[]): string {
	const parts: string[] = [];
	if (values.some((v) => v === null)) parts.push(`${col} IS NULL`);
	for (const kind of ['string', 'number', 'boolean'] as const) {
		const same = values.filter((v): v is string | number | boolean => v !== null && typeof v === kind);
		if (same.length > 0) parts.push(`${typed(col, same[0])} IN (${same.map(literal).join(', ')})`);
	}
	return parts.length === 1 ? parts[0] : '(' + parts.join(' OR ') + ')';
}

function scalar(f: RowFilter): string | number | boolean {
	const v = f.value;
	if (v === null || v === undefined || Array.isArray(v))
		throw new Error(`Filter on ${f.column}: "${f.op}" needs a single value, got ${JSON.stringify(v)}`);
	return v;
}

function oneFilter(f: RowFilter, col: string): string {
	switch (f.op) {
		case 'is_null':
			return `${col} IS NULL`;
		case 'not_null':
			return `${col} IS NOT NULL`;
		case '=':
			if (f.value === null) return `${col} IS NULL`;
			return `${typed(col, scalar(f))} = ${literal(scalar(f))}`;
		case '!=':
			if (f.value === null) return `${col} IS NOT NULL`;
			return `${typed(col, scalar(f))} IS DISTINCT FROM ${literal(scalar(f))}`;
		case '>':
		case '>=':
		case '<':
		case '<=':
			return `${typed(col, scalar(f))} ${f.op} ${literal(scalar(f))}`;
		case 'in':
		case 'not_in': {
			const values = f.value;
			if (!Array.isArray(values) || values.length === 0)
				throw new Error(`Filter on ${f.column}: "${f.op}" needs a non-empty list of values`);
			return f.op === 'in' ? inList(col, values) : `NOT coalesce(${inList(col, values)}, FALSE)`;
		}
		case 'contains':
		case 'starts_with': {
			if (typeof f.value !== 'string') throw new Error(`Filter on ${f.column}: "${f.op}" needs a text value`);
			const fn = f.op === 'contains' ? 'contains' : 'starts_with';
			return `coalesce(${fn}(CAST(${col} AS VARCHAR), ${literal(f.value)}), FALSE)`;
		}
		default:
			throw new Error(`Unknown filter operator ${JSON.stringify((f as { op: unknown }).op)}`);
	}
}

/**
 * An event reference (SEMANTICS §2: an event name or null for any event, with optional `where` filters) as a
 * boolean over `events` rows; `alias` prefixes the column names (`e.`). `TRUE` for any event.
 */
export function eventRefSql(ref: EventRef | null, alias = ''): string {
	if (ref === null) return 'TRUE';
	const parts: string[] = [];
	if (ref.event !== null) parts.push(`${alias}${ident(C.event)} = ${literal(ref.event)}`);
	if (ref.where && ref.where.length > 0) parts.push(filterSql(ref.where, (n) => alias + ident(n)));
	return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}
