/**
 * A property condition's value as typed in the builder, made into the JSON value of the rule (SEMANTICS §4
 * `property`). The filter SQL compares by the JSON type of the value (sql/filters.ts), so the value takes
 * the column's type: `5` is a number for a numeric column and text for a text column, where `"5"` is what
 * the data holds.
 */
import type { FilterOp, Scalar } from '../../spec/types.ts';

const NUMERIC =
	/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL\b.*)$/i;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Operators that take no value. */
export const VALUELESS: readonly FilterOp[] = ['is_null', 'not_null'];

function scalar(op: FilterOp, text: string, type: string): Scalar {
	if (op === 'contains' || op === 'starts_with') return text;
	const numeric = NUMERIC.test(type.trim());
	const ordered = op === '>' || op === '>=' || op === '<' || op === '<=';
	if ((numeric || ordered) && NUMBER.test(text)) return Number(text);
	if (/^BOOL(EAN)?$/i.test(type.trim()) && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
	return text;
}

/**
 * The typed value of `text` for operator `op` on a column of DuckDB type `type`: null for an operator that
 * takes none (`is_null`, `not_null`), a list for `in` / `not_in` (comma-separated, blanks dropped), else
 * one value; undefined while the value needed is empty. Text is kept as typed, spaces included, except
 * around list items.
 */
export function propertyValue(
	op: FilterOp,
	text: string,
	type: string
): Scalar | Scalar[] | null | undefined {
	if (VALUELESS.includes(op)) return null;
	if (op === 'in' || op === 'not_in') {
		const items = text
			.split(',')
			.map((t) => t.trim())
			.filter((t) => t !== '');
		return items.length ? items.map((t) => scalar(op, t, type)) : undefined;
	}
	if (text === '') return undefined;
	return scalar(op, text, type);
}

/** A rule's value as the builder shows it: a list comma-separated, nothing as empty text. */
export function propertyText(value: Scalar | Scalar[] | undefined): string {
	if (value === undefined || value === null) return '';
	return Array.isArray(value) ? value.map((v) => String(v)).join(', ') : String(value);
}
