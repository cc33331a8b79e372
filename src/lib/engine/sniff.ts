/**
 * The instant preview of a dropped file: format, separator, header and the first rows, read from the first
 * ~256 KB only so it answers before DuckDB has even started. Runs on the browser main thread and under Node.
 * Ingest uses it to pick the loader and its options; the mapping screen shows `rows` and feeds
 * `previewColumnInfo` to `detectLayout` for a first guess.
 */
import Papa from 'papaparse';
import type { ColumnInfo } from './layout.ts';
import { jsonText, MAX_PATH_DEPTH } from './formats/json-text.ts';
import { decodeText as decodeIn, detectEncoding, type TextEncodingName } from './text-encoding.ts';

export type PreviewFormat = 'csv' | 'tsv' | 'whitespace' | 'json' | 'jsonl' | 'parquet' | 'unknown';

export interface FilePreview {
	format: PreviewFormat;
	/** The bytes were gzip (detected by magic bytes, whatever the name says). */
	compressed: boolean;
	/** Text: the encoding of the first bytes (BOM, UTF-16 zero bytes, UTF-8 validity, else Windows-1252). */
	encoding?: TextEncodingName;
	/** csv/tsv: the separator; whitespace: ' ' standing for "runs of spaces or tabs, edges trimmed". */
	delimiter?: string;
	/** Delimited text only: whether the first line holds column names. */
	header?: boolean;
	/** Delimited text only: lines before the header to skip (Excel's `sep=;` line, which names the separator). */
	skipLines?: number;
	/** Column names; `column0`, `column1`… when there is no header; dotted paths for nested JSON. */
	columns: string[];
	/** The first data rows as text, at most PREVIEW_ROWS. JSON rows are aligned with `columns`. */
	rows: string[][];
	error?: string;
}

export const SNIFF_BYTES = 256 * 1024;
export const PREVIEW_ROWS = 20;

const GUESS_DELIMITERS = [',', '\t', ';', '|'];
/** Rows looked at when judging separators and headers (more than shown, so one odd line cannot decide). */
const SNIFF_ROWS = 200;

interface Head {
	bytes: Uint8Array;
	/** The whole (decompressed) file is in `bytes`, so its last line is not cut off. */
	complete: boolean;
	compressed: boolean;
}

export async function sniffFile(blob: Blob, name: string): Promise<FilePreview> {
	let head: Head;
	try {
		head = await readHead(blob);
	} catch (e) {
		return fail(false, `${name}: the file could not be read (${e instanceof Error ? e.message : String(e)})`);
	}
	const { bytes, compressed } = head;
	if (bytes.length === 0) {
		return fail(compressed, compressed ? `${name} is gzip-compressed but holds no data` : `${name} is empty`);
	}
	const magic = binaryKind(bytes);
	if (magic === 'parquet') {
		if (compressed) return fail(true, `${name} is a gzip-compressed Parquet file: decompress it first`);
		return parquetPreview(blob);
	}
	if (magic) return fail(compressed, `${name}: ${magic}`);
	if (startsWith(bytes, [0xff, 0xfe, 0, 0]) || startsWith(bytes, [0, 0, 0xfe, 0xff])) {
		// Read as UTF-16, UTF-32 text would be every character followed or led by a NUL.
		return fail(
			compressed,
			`${name} is UTF-32 text, which Footfall does not read: save it as UTF-8 (or as UTF-16, Excel's "Unicode Text") and load it again`
		);
	}
	const decoded = decodeText(bytes, head.complete);
	if (decoded === null) {
		return fail(
			compressed,
			`${name}: this file is not a CSV, JSON or Parquet export (it looks like binary data)`
		);
	}
	const preview = sniffText(decoded.text, head.complete);
	return { ...preview, compressed, encoding: decoded.encoding };
}

function fail(compressed: boolean, error: string): FilePreview {
	return { format: 'unknown', compressed, columns: [], rows: [], error };
}

async function readHead(blob: Blob): Promise<Head> {
	const raw = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
	if (raw[0] === 0x1f && raw[1] === 0x8b) return { ...(await gunzipHead(blob)), compressed: true };
	return { bytes: raw, complete: blob.size <= SNIFF_BYTES, compressed: false };
}

/** Compressed bytes fed at a time to the preview's decompressor: a gzip bomb's give about 4 MB each. */
const HEAD_PIECE = 4096;

/**
 * Decompresses until SNIFF_BYTES of output. A truncated or corrupt stream errors at its end; what decoded
 * before that is still a good preview, so the error only marks the data as incomplete. Fed a small piece
 * at a time: given the file's stream, the decompressor unpacked a whole chunk of it at once, which for a
 * gzip bomb is a gigabyte, on the page's main thread, which froze for half a minute.
 */
async function gunzipHead(blob: Blob): Promise<Omit<Head, 'compressed'>> {
	const unpack = new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>;
	const writer = unpack.writable.getWriter();
	const reader = unpack.readable.getReader();
	let wanted = true;
	// Ends when enough came out (the reader cancels, and the next write fails) or the file is fed.
	const feeding = (async () => {
		for (let at = 0; at < blob.size && wanted; at += HEAD_PIECE) {
			await writer.write(new Uint8Array(await blob.slice(at, at + HEAD_PIECE).arrayBuffer()));
		}
		await writer.close();
	})().catch(() => undefined);
	const chunks: Uint8Array[] = [];
	let total = 0;
	let complete = false;
	try {
		while (total < SNIFF_BYTES) {
			const { done, value } = await reader.read();
			if (done) {
				complete = true;
				break;
			}
			chunks.push(value);
			total += value.byteLength;
		}
	} catch {
		complete = false;
	}
	wanted = false;
	await reader.cancel().catch(() => undefined);
	await feeding;
	const bytes = new Uint8Array(total);
	let at = 0;
	for (const c of chunks) {
		bytes.set(c, at);
		at += c.byteLength;
	}
	if (total > SNIFF_BYTES) return { bytes: bytes.subarray(0, SNIFF_BYTES), complete: false };
	return { bytes, complete };
}

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
	return sig.every((b, i) => bytes[i] === b);
}

/** 'parquet', a sentence naming a known non-export format, or null for anything that may be text. */
function binaryKind(bytes: Uint8Array): string | null {
	if (startsWith(bytes, [0x50, 0x41, 0x52, 0x31])) return 'parquet';
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
		return 'this is a ZIP archive (or an Excel .xlsx workbook): unzip it, or save the sheet as CSV';
	}
	if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'this is an old Excel workbook: save it as CSV';
	if (startsWith(bytes, [0x28, 0xb5, 0x2f, 0xfd]))
		return 'this is zstd-compressed: decompress it or use gzip';
	if (startsWith(bytes, [0x42, 0x5a, 0x68])) return 'this is bzip2-compressed: decompress it or use gzip';
	if (startsWith(bytes, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) {
		return 'this is xz-compressed: decompress it or use gzip';
	}
	return null;
}

/**
 * Text of the head and its encoding (text-encoding.ts), or null when it is binary. UTF-16 has zero bytes by
 * design; in any other text a zero byte or many control characters mean binary data.
 */
function decodeText(
	bytes: Uint8Array,
	complete: boolean
): { text: string; encoding: TextEncodingName } | null {
	const encoding = detectEncoding(bytes, complete);
	const wide = encoding === 'utf-16le' || encoding === 'utf-16be';
	if (!wide) {
		const probe = bytes.subarray(0, 8192);
		let control = 0;
		for (const b of probe) {
			if (b === 0) return null;
			if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
		}
		if (control > probe.length * 0.02) return null;
	}
	let end = bytes.length;
	if (!complete) {
		// A line (or character) cut off by the end of the head is left for sniffText to drop.
		const nl = wide ? -1 : bytes.lastIndexOf(0x0a);
		end = nl > 0 ? nl + 1 : wide ? end & ~1 : end;
	}
	const body = bytes.subarray(0, end);
	if (wide) {
		const text = decodeIn(body, encoding);
		// UTF-16 has zero bytes by design, but a zero character means the bytes were something else.
		return text.includes('\u0000') ? null : { text, encoding };
	}
	if (encoding === 'utf-8' && !complete && end === bytes.length) {
		// No line break at all: a multi-byte character cut off at the very end is not an error.
		return { text: new TextDecoder('utf-8').decode(body, { stream: true }), encoding };
	}
	return { text: decodeIn(body, encoding), encoding };
}

/** Format, separator, header and rows of decoded text. `complete` is false when the text was cut off. */
export function sniffText(text: string, complete = true): Omit<FilePreview, 'compressed'> {
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	let lines = text.split(/\r\n|\n|\r/);
	if (!complete && lines.length > 1) lines = lines.slice(0, -1);
	lines = lines.filter((l) => l.trim() !== '');
	if (lines.length === 0) return { format: 'unknown', columns: [], rows: [], error: 'The file is empty' };
	const first = lines[0].trimStart()[0];
	if (first === '[' || first === '{') return sniffJson(text, lines);
	// Excel reads a first line `sep=;` as the separator to use, and so do we: it is not the header.
	const sep = /^sep=(.)$/i.exec(lines[0]);
	if (sep && lines.length > 1) {
		const rest = lines.slice(1, SNIFF_ROWS + 1).join('\n');
		const split = measure(Papa.parse<string[]>(rest, { delimiter: sep[1], skipEmptyLines: true }).data);
		return { ...tabulate(sep[1] === '\t' ? 'tsv' : 'csv', sep[1], split), skipLines: 1 };
	}
	return sniffDelimited(lines);
}

function sniffJson(text: string, lines: string[]): Omit<FilePreview, 'compressed'> {
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
	const flat = objects.map((o) => flattenRecord(o));
	const columns: string[] = [];
	const seen = new Set<string>();
	for (const rec of flat) {
		for (const k of Object.keys(rec)) {
			if (!seen.has(k)) {
				seen.add(k);
				columns.push(k);
			}
		}
	}
	const rows = flat.slice(0, PREVIEW_ROWS).map((rec) => columns.map((c) => cellText(rec[c])));
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

/**
 * Nested objects become dotted column names (`properties.distinct_id`), the naming the JSON loader uses;
 * arrays (GA4's `event_params`) stay one value. An empty object contributes no column. As in the loader,
 * paths stop at MAX_PATH_DEPTH keys (the rest is one value) and keys such as `__proto__` are data: the
 * result has no prototype, so a key can neither set one nor read one.
 */
export function flattenRecord(
	value: Record<string, unknown>,
	prefix = '',
	out: Record<string, unknown> = Object.create(null) as Record<string, unknown>,
	depth = 1
): Record<string, unknown> {
	for (const [k, v] of Object.entries(value)) {
		if (isPlainObject(v) && depth < MAX_PATH_DEPTH) flattenRecord(v, `${prefix}${k}.`, out, depth + 1);
		else out[prefix + k] = v;
	}
	return out;
}

function cellText(v: unknown): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'string') return v;
	if (typeof v === 'object') return jsonText(v);
	return String(v);
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

interface Split {
	rows: string[][];
	/** The most common field count and the share of rows that have it. */
	width: number;
	share: number;
}

function measure(rows: string[][]): Split {
	const counts = new Map<number, number>();
	for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
	let width = 0;
	let best = 0;
	for (const [w, n] of counts) {
		if (n > best || (n === best && w > width)) {
			width = w;
			best = n;
		}
	}
	return { rows, width, share: rows.length ? best / rows.length : 0 };
}

function sniffDelimited(lines: string[]): Omit<FilePreview, 'compressed'> {
	const sample = lines.slice(0, SNIFF_ROWS).join('\n');
	// papaparse's own guess falls back to ',' when unsure and prefers few fields; a semicolon file with
	// decimal commas splits consistently on both, and the wider consistent split is the right one.
	let best: { delimiter: string; split: Split } | null = null;
	for (const delimiter of GUESS_DELIMITERS) {
		const split = measure(Papa.parse<string[]>(sample, { delimiter, skipEmptyLines: true }).data);
		if (split.width < 2 || split.share < 0.8) continue;
		if (
			!best ||
			split.share > best.split.share + 0.05 ||
			(split.share > best.split.share - 0.05 && split.width > best.split.width)
		) {
			best = { delimiter, split };
		}
	}
	if (best) return tabulate(best.delimiter === '\t' ? 'tsv' : 'csv', best.delimiter, best.split);
	const ws = measure(lines.slice(0, SNIFF_ROWS).map((l) => l.trim().split(/[ \t]+/)));
	if (ws.width > 1 && ws.share >= 0.8) return tabulate('whitespace', ' ', ws);
	if (ws.width === 1 && ws.share >= 0.95) {
		return tabulate(
			'csv',
			',',
			measure(Papa.parse<string[]>(sample, { delimiter: ',', skipEmptyLines: true }).data)
		);
	}
	return {
		format: 'unknown',
		columns: [],
		rows: lines.slice(0, PREVIEW_ROWS).map((l) => [l]),
		error: 'This text file has no consistent column separator (comma, semicolon, tab, pipe or spaces)'
	};
}

function tabulate(format: PreviewFormat, delimiter: string, split: Split): Omit<FilePreview, 'compressed'> {
	const header = hasHeader(split.rows, split.width);
	const body = header ? split.rows.slice(1) : split.rows;
	const columns = header
		? split.rows[0].map((name, i) => (name.trim() === '' ? `column${i}` : name))
		: Array.from({ length: split.width }, (_, i) => `column${i}`);
	return { format, delimiter, header, columns, rows: body.slice(0, PREVIEW_ROWS) };
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE_LIKE = /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})([ T]|$)/;

function isValueLike(s: string): boolean {
	const t = s.trim();
	return NUMBER.test(t) || DATE_LIKE.test(t) || /^(true|false)$/i.test(t);
}

/**
 * A header is a first row of names: none of its fields is a number, date or boolean, and either some
 * position holds values (numbers, dates) in the later rows, or, when every column is text, none of the
 * first row's fields shows up again in its column.
 */
function hasHeader(rows: string[][], width: number): boolean {
	if (rows.length === 0) return false;
	const first = rows[0];
	if (first.some((f) => isValueLike(f))) return false;
	if (first.every((f) => f.trim() === '')) return false;
	const rest = rows.slice(1).filter((r) => r.length === width);
	if (rest.length === 0) return true;
	for (let i = 0; i < first.length; i++) {
		if (first[i].trim() === '') continue;
		const vals = rest.map((r) => r[i]).filter((v) => v !== undefined && v.trim() !== '');
		if (vals.length > 0 && vals.filter(isValueLike).length >= vals.length * 0.8) return true;
	}
	return first.every((f, i) => !rest.some((r) => r[i] === f));
}

async function parquetPreview(blob: Blob): Promise<FilePreview> {
	const preview: FilePreview = { format: 'parquet', compressed: false, columns: [], rows: [] };
	try {
		const { parquetMetadataAsync, parquetSchema } = await import('hyparquet');
		const meta = await parquetMetadataAsync({
			byteLength: blob.size,
			slice: (start, end) => blob.slice(start, end).arrayBuffer()
		});
		preview.columns = parquetSchema(meta).children.map((c) => c.element.name);
	} catch (e) {
		// hyparquet's TypeErrors on a damaged footer ("reading 'map'") mean nothing to the reader.
		const why = e instanceof TypeError || e instanceof RangeError ? 'the file is damaged' : String(e);
		preview.error = `The Parquet footer could not be read (${why.replace(/^Error: /, '')})`;
	}
	return preview;
}

const INTEGER = /^[+-]?\d+$/;
const TIMESTAMP_TEXT =
	/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?( ?(?:Z|UTC|[+-]\d{2}(?::?\d{2})?))?$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/**
 * ColumnInfo for `detectLayout` from the preview rows alone, with a simple typing that mirrors what the
 * CSV reader will infer (integers, doubles, ISO timestamps, dates, text). Numbers become JS numbers.
 */
export function previewColumnInfo(preview: FilePreview): ColumnInfo[] {
	return preview.columns.map((name, i) => {
		const cells = preview.rows.map((r) => r[i] ?? '');
		const values = cells.filter((c) => c.trim() !== '');
		const type = textType(values);
		const sample: unknown[] =
			type === 'BIGINT' || type === 'DOUBLE'
				? values.map(Number)
				: type === 'BOOLEAN'
					? values.map((v) => /^true$/i.test(v))
					: values;
		return {
			name,
			type,
			sample: sample.slice(0, 50),
			distinct: new Set(values).size,
			nulls: cells.length - values.length,
			rows: cells.length
		};
	});
}

function textType(values: string[]): string {
	if (values.length === 0) return 'VARCHAR';
	const all = (re: RegExp) => values.every((v) => re.test(v.trim()));
	if (all(INTEGER)) return 'BIGINT';
	if (all(NUMBER)) return 'DOUBLE';
	if (all(/^(true|false)$/i)) return 'BOOLEAN';
	if (all(DATE_TEXT)) return 'DATE';
	if (all(TIMESTAMP_TEXT)) {
		return values.some((v) => TIMESTAMP_TEXT.exec(v.trim())?.[1]) ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP';
	}
	return 'VARCHAR';
}
