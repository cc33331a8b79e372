/**
 * The preview of JSON text: records, flattened into columns by the JSON loader's own flattening (so GA4's
 * key/value arrays are one column per key here too), and the first rows as text.
 */
import { RecordFlattener, type Scalar } from '../formats/flatten.ts';
import { PREVIEW_ROWS, SNIFF_ROWS, type FilePreview } from './preview.ts';

/** The preview of JSON text (`lines`: its non-blank lines): JSON Lines when the first line is one object, else a JSON array or concatenated values. */
export function sniffJson(text: string, lines: string[]): Omit<FilePreview, 'compressed'> {
	const firstLine = lines[0].trim();
	let records: unknown[];
	let format: 'json' | 'jsonl';
	let bad = 0;
	if (firstLine.startsWith('{') && parsesAsObject(firstLine)) {
		format = 'jsonl';
		records = [];
		for (const line of lines.slice(0, SNIFF_ROWS)) {
			try {
				records.push(JSON.parse(line));
			} catch {
				bad++;
			}
		}
	} else {
		format = 'json';
		records = scanJsonValues(text);
	}
	const objects = records.map((r) => (isPlainObject(r) ? r : { value: r }));
	if (objects.length === 0) {
		return {
			format,
			columns: [],
			rows: [],
			error: 'This looks like JSON, but no complete record could be read from its beginning'
		};
	}
	const flattener = new RecordFlattener();
	const flat = objects.map((o) => flattener.flatten(o));
	const columns = [...new Set(flat.flatMap((rec) => [...rec.keys()]))];
	const rows = flat.slice(0, PREVIEW_ROWS).map((rec) => columns.map((c) => cellText(rec.get(c))));
	const preview: Omit<FilePreview, 'compressed'> = { format, columns, rows };
	if (bad > 0)
		preview.error = `${bad} of the first ${Math.min(lines.length, SNIFF_ROWS)} lines are not valid JSON`;
	return preview;
}

function parsesAsObject(s: string): boolean {
	try {
		return isPlainObject(JSON.parse(s));
	} catch {
		return false;
	}
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function cellText(v: Scalar | undefined): string {
	return v === null || v === undefined ? '' : String(v);
}

/**
 * Complete top-level values of a JSON array (elements) or of concatenated JSON objects, as parsed values.
 * Stops at the first value cut off by the end of the sample.
 */
function scanJsonValues(text: string): unknown[] {
	const out: unknown[] = [];
	let i = 0;
	const skip = () => {
		while (i < text.length && /[\s,]/.test(text[i])) i++;
	};
	skip();
	const inArray = text[i] === '[';
	if (inArray) i++;
	while (out.length < SNIFF_ROWS) {
		skip();
		if (i >= text.length || (inArray && text[i] === ']')) break;
		const end = valueEnd(text, i);
		if (end < 0) break;
		try {
			out.push(JSON.parse(text.slice(i, end)));
		} catch {
			break;
		}
		i = end;
	}
	return out;
}

/** Index just past the JSON value starting at `start`, or -1 when it does not end within `text`. */
function valueEnd(text: string, start: number): number {
	const open = text[start];
	if (open !== '{' && open !== '[') {
		if (open === '"') return stringEnd(text, start);
		const m = /^[^,\]}\s]+/.exec(text.slice(start, start + 64));
		return m ? start + m[0].length : -1;
	}
	let depth = 0;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (c === '"') {
			i = stringEnd(text, i) - 1;
			if (i < 0) return -1;
		} else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth === 0) return i + 1;
		}
	}
	return -1;
}

function stringEnd(text: string, start: number): number {
	for (let i = start + 1; i < text.length; i++) {
		if (text[i] === '\\') i++;
		else if (text[i] === '"') return i + 1;
	}
	return -1;
}
