/**
 * DuckDB's CSV messages in the user's terms: the reason in a sentence, the user's file name and never the
 * internal name a file is registered under (`/inputs/__g1_file0`), no dump of reader options.
 */

/** The internal names files are registered under (ingest/sources.ts `fileAlias`). */
const ALIAS = /\/inputs\/__g\d+_file(\d+)/g;

/** `text` with every internal file name replaced by `name`. */
export function withFileName(text: string, name: string): string {
	return text.replace(ALIAS, name);
}

/** `text` with the internal name of file i replaced by `names[i]` (the files of one load, in order). */
export function withFileNames(text: string, names: string[]): string {
	return text.replace(ALIAS, (alias, i: string) => names[Number(i)] ?? 'a file');
}

/**
 * The sentence that says what went wrong in one of DuckDB's multi-line CSV errors ("CSV Error on Line: 1 /
 * Original Line: … / <reason> / Possible Solution: … / file = …"). The line number DuckDB gives there
 * counts from the start of the buffer it was reading, not of the file, so it is left out.
 */
export function csvReason(text: string): string {
	const lines = text.split('\n').map((l) => l.replace(/^\s*(Invalid Input Error|IO Error|Error):\s*/i, ''));
	let i = 0;
	if (/^CSV Error on Line/i.test(lines[i] ?? '')) i++;
	if (/^Original Line:/i.test(lines[i] ?? '')) i++;
	for (; i < lines.length; i++) {
		const l = lines[i].trim();
		if (l === '' || /^(Possible (Solution|fixes)|\w+ = )/i.test(l)) continue;
		return l;
	}
	return (lines.find((l) => l.trim() !== '') ?? text).trim();
}

/**
 * Any error of a load in the user's terms: internal file names replaced by the user's (`names`, the files
 * of the load in order), a reader's dump of options cut to its reason, and the file named when there is one.
 */
export function inUserTerms(e: unknown, names: string[]): unknown {
	if (!(e instanceof Error) || e.name === 'CancelledError') return e;
	let text = withFileNames(e.message, names);
	if (/\n\s*(file|delimiter) = |Possible (fixes|Solution)|CSV Error on Line/.test(text)) {
		text = csvReason(text).replace(
			/^The CSV Parser state machine reached an invalid state\.?$/,
			'its lines could not be split into fields the same way throughout'
		);
		if (names.length === 1 && !text.includes(names[0])) text = `${names[0]} could not be read: ${text}`;
	}
	return text === e.message ? e : new Error(text, { cause: e });
}

/** The message for a delimited file DuckDB could not read at all. */
export function csvErrorMessage(name: string, e: unknown): string {
	const text = e instanceof Error ? e.message : String(e);
	return `${name} could not be read as a delimited text file: ${withFileName(csvReason(text), name)}`;
}

/**
 * The reason a line was rejected, from DuckDB's error type and message, as a person would say it.
 * `swallowed`: the lines after it that an unclosed quote made part of the same rejected value.
 */
export function rejectReason(type: string, message: string, swallowed = 0): string {
	const first = message.split('\n')[0].trim();
	const size = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+)/i.exec(first);
	if (size) {
		const mb = (n: string) => `${(Number(n) / 1e6).toFixed(1)} MB`;
		return `The line is ${mb(size[2])} long, more than the ${mb(size[1])} a line may have`;
	}
	const cols = /Expected Number of Columns: (\d+) Found: (\d+)/i.exec(first);
	if (cols) {
		const fields =
			type === 'TOO MANY COLUMNS'
				? `Expected ${cols[1]} fields, found more`
				: `Expected ${cols[1]} fields, found ${cols[2]}`;
		return swallowed > 0
			? `${fields}, and a quote opened here is never closed: this line and the ${swallowed} after it were read as one value and left out`
			: fields;
	}
	if (type === 'UNQUOTED VALUE') {
		return swallowed > 0
			? `A quote opened here is not closed where its field ends: this line and the ${swallowed} after it were read as one value and left out`
			: 'A quote is not closed where the field ends';
	}
	return first.replace(/^Error when converting column/, 'Could not convert column');
}
