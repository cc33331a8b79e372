/**
 * A DuckDB column type in the words of the person whose file it is (the ingest report's Columns table):
 * VARCHAR → "text", BIGINT → "whole number", DECIMAL(18,2) → "decimal", TIMESTAMP WITH TIME ZONE → "date and
 * time", a list type (`VARCHAR[]`) → "list of text". Type names from DuckDB's documentation
 * (https://duckdb.org/docs/stable/sql/data_types/overview); an unknown one is shown lower-cased as written.
 * Pure.
 */

const WORDS: Record<string, string> = {
	VARCHAR: 'text',
	TEXT: 'text',
	STRING: 'text',
	CHAR: 'text',
	BPCHAR: 'text',
	UUID: 'id (UUID)',
	BOOLEAN: 'true/false',
	BOOL: 'true/false',
	DATE: 'date',
	TIME: 'time of day',
	INTERVAL: 'duration',
	JSON: 'JSON',
	BLOB: 'binary',
	BIT: 'bits'
};

const WHOLE = /^U?(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT)$/;
const DECIMAL = /^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC)(\(\d+,\s*\d+\))?$/;
const DATE_TIME = /^(TIMESTAMP(_S|_MS|_NS)?|TIMESTAMPTZ|DATETIME|TIMESTAMP WITH TIME ZONE)$/;

/** The words for `type` as DuckDB names it (`DESCRIBE`, `typeof`): see the module's description. */
export function typeInWords(type: string): string {
	const t = type.trim().toUpperCase();
	const list = /^(.*)\[\d*\]$/.exec(t);
	if (list) return `list of ${typeInWords(list[1])}`;
	if (t.startsWith('STRUCT(')) return 'record';
	if (t.startsWith('MAP(')) return 'key-value pairs';
	if (t.startsWith('UNION(')) return 'one of several types';
	if (t.startsWith('ENUM(')) return 'text';
	if (WHOLE.test(t)) return 'whole number';
	if (DECIMAL.test(t)) return 'decimal';
	if (DATE_TIME.test(t)) return 'date and time';
	return WORDS[t] ?? type.toLowerCase();
}
