/**
 * Placeholder identities (SEMANTICS §9): values that broken clients and exports write where an id is
 * missing. In the user and anonymous id columns they count as a missing id and never link two rows.
 */
import { literal } from './quote.ts';

/**
 * The placeholders, compared case-insensitively after trimming (SEMANTICS §9). `\N` is MySQL's and
 * PostgreSQL's COPY text for NULL; `[object Object]` is what JavaScript writes for an object put in a string.
 */
export const PLACEHOLDER_IDS: readonly string[] = [
	'',
	'null',
	'NULL',
	'undefined',
	'None',
	'nan',
	'NaN',
	'[object Object]',
	'\\N',
	'0',
	'-1',
	'anonymous',
	'guest',
	'true',
	'false'
];

const WHITESPACE = /^[ \t\n\r\f]+|[ \t\n\r\f]+$/g;
const LOWERED = new Set(PLACEHOLDER_IDS.map((p) => p.toLowerCase()));

/**
 * True when `value` is a placeholder: one of PLACEHOLDER_IDS, ignoring case and leading or trailing
 * spaces, tabs, line breaks and form feeds. The JavaScript twin of `placeholderSql`.
 */
export function isPlaceholderId(value: string): boolean {
	return LOWERED.has(value.replace(WHITESPACE, '').toLowerCase());
}

const escapeRe2 = (s: string) => s.replace(/[\\^$.|?*+()[\]{}]/g, (c) => '\\' + c);

/**
 * RE2 pattern of a whole placeholder value. One `regexp_full_match` costs about a tenth of a second per
 * million ids under DuckDB-WASM, where `lower(trim(x)) IN (...)` costs a second for long ids (and DuckDB's
 * `trim` strips spaces only).
 */
const PATTERN = `[ \\t\\n\\r\\f]*(?i:${[...LOWERED]
	.filter((p) => p !== '')
	.map(escapeRe2)
	.join('|')})?[ \\t\\n\\r\\f]*`;

/** SQL that is TRUE when the text `textSql` (an SQL expression) is a placeholder, NULL when it is NULL. */
export function placeholderSql(textSql: string): string {
	return `regexp_full_match(${textSql}, ${literal(PATTERN)})`;
}
