import Papa from 'papaparse';

/** Starts a download of text the page made (CSV), without any request leaving the machine. */
export function downloadText(text: string, filename: string, type = 'text/csv;charset=utf-8') {
	const url = URL.createObjectURL(new Blob([text], { type }));
	try {
		downloadDataUrl(url, filename);
	} finally {
		setTimeout(() => URL.revokeObjectURL(url), 10_000);
	}
}

export function downloadDataUrl(url: string, filename: string) {
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.rel = 'noopener';
	document.body.append(a);
	a.click();
	a.remove();
}

/**
 * Cells a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`, `-2+3`) when they start
 * with one of the characters OWASP lists for CSV injection: = + - @ tab, carriage return. Line feed too,
 * and papaparse's own pattern (`/^[=+\-@\t\r].*$/`) is not used as is: its `.*$` fails on a value with a
 * newline in it, so `=HYPERLINK(…)` followed by a second line would be written verbatim.
 * https://owasp.org/www-community/attacks/CSV_Injection
 */
export const FORMULA_START = /^[=+\-@\t\r\n]/;

/**
 * CSV text with papaparse's quoting (values with commas, quotes or newlines stay intact). A text cell that
 * a spreadsheet would read as a formula gets papaparse's `escapeFormulae` treatment: a leading `'`, quoted,
 * so it shows as the text it was. Numbers are written as numbers (a negative count is not a formula).
 */
export function toCsv(header: string[], rows: unknown[][]): string {
	return Papa.unparse(
		{ fields: header, data: rows.map((r) => r.map((v) => (v == null ? '' : v))) },
		{ escapeFormulae: FORMULA_START }
	);
}
