/**
 * The only place user-provided names and values become SQL text. Every compiler quotes identifiers
 * with `ident()` and values with `literal()`; nothing else interpolates user data into SQL.
 */

export function ident(name: string): string {
	if (typeof name !== 'string' || name.length === 0)
		throw new Error('An identifier must be a non-empty string');
	if (name.includes('\u0000')) throw new Error('An identifier may not contain a NUL character');
	return '"' + name.replaceAll('"', '""') + '"';
}

export type SqlScalar = string | number | boolean | null | bigint | Date;

export function literal(value: SqlScalar): string {
	if (value === null) return 'NULL';
	switch (typeof value) {
		case 'string':
			if (value.includes('\u0000')) throw new Error('A text value may not contain a NUL character');
			return "'" + value.replaceAll("'", "''") + "'";
		case 'number':
			if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
			// Integers stay integers; other numbers are written as DOUBLE so DuckDB does not pick DECIMAL.
			return Number.isInteger(value) ? String(value) : `${value}::DOUBLE`;
		case 'bigint':
			return value.toString();
		case 'boolean':
			return value ? 'TRUE' : 'FALSE';
		default:
			if (value instanceof Date) {
				if (Number.isNaN(value.getTime())) throw new Error('Invalid date');
				return `TIMESTAMP '${value.toISOString().replace('T', ' ').replace('Z', '')}'`;
			}
			throw new Error(`Cannot write ${typeof value} as SQL`);
	}
}

/** A list of literals for `IN (...)`. */
export function literalList(values: readonly SqlScalar[]): string {
	if (values.length === 0) throw new Error('An IN list needs at least one value');
	return '(' + values.map(literal).join(', ') + ')';
}

/**
 * Texts as one SQL expression of type VARCHAR[], for `x IN (SELECT unnest(...))` over thousands of values
 * (a saved list of user ids). DuckDB binds a long `IN ('a', 'b', …)` slowly (8,000 ids: about 2 s; measured),
 * while one text literal split apart takes milliseconds; the separator is a control character that no value
 * contains, and when every one of them occurs the values are written as a list of literals instead.
 */
export function textListSql(values: readonly string[]): string {
	for (let code = 1; code < 32; code++) {
		const sep = String.fromCharCode(code);
		if (!values.some((v) => v.includes(sep)))
			return `string_split(${literal(values.join(sep))}, chr(${code}))`;
	}
	return `[${values.map(literal).join(', ')}]::VARCHAR[]`;
}
