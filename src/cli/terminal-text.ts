/**
 * Text from a file (event names, column names, values, raw rejected lines, file names) printed to a terminal.
 * Raw, an ESC starts a control sequence (ESC [ … moves the cursor, recolours or clears the screen; ESC ] 8 …
 * makes a hyperlink whose target the reader cannot see), BEL rings, a carriage return or newline overwrites
 * or forges a line, an 8-bit C1 control (U+0080–U+009F; U+009B is CSI) does what its ESC form does in
 * terminals that honour them, and bidirectional overrides reorder what is shown ("Trojan Source",
 * CVE-2021-42574). Each of those is shown as a visible escape instead.
 */

/** DEL, C1 controls, and the bidirectional marks, embeddings, overrides and isolates. */
const BEYOND_C0 = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
/** The above and the C0 controls (JSON.stringify already escapes those inside strings). */
const UNSAFE = new RegExp(`[\\u0000-\\u001f${BEYOND_C0}]`, 'g');
const UNSAFE_IN_JSON = new RegExp(`[${BEYOND_C0}]`, 'g');

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(c: string): string {
	const code = c.charCodeAt(0);
	return NAMED[c] ?? (code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
}

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

/**
 * One line of text safe to print: every control character, line break and bidirectional control written
 * as a visible escape (`\x1B`, `\n`, `\u202E`). Printable text, accents and right-to-left scripts included,
 * is unchanged.
 */
export function terminalText(text: string): string {
	return text.replace(UNSAFE, escape);
}

/**
 * JSON text safe to print. `JSON.stringify` escapes U+0000–U+001F but writes DEL, the C1 controls and the
 * bidirectional controls as they are; those can only occur inside strings, where `\uXXXX` is the same
 * character to any JSON parser, so the document reads back identical.
 */
export function terminalJson(json: string): string {
	return json.replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}
