/**
 * The instant preview of a dropped file: format, separator, header and the first rows, read from the first
 * ~256 KB only so it answers before DuckDB has even started. Runs on the browser main thread and under Node.
 * Ingest uses it to pick the loader and its options; the mapping screen shows `rows` and feeds
 * `previewColumnInfo` to `detectLayout` for a first guess.
 */
import { binaryKind, decodeText, readHead, startsWith, type Head } from './sniff/head.ts';
import { sniffDelimited } from './sniff/delimited.ts';
import { sniffJson } from './sniff/json.ts';
import type { FilePreview } from './sniff/preview.ts';

export { PREVIEW_ROWS, SNIFF_BYTES, type FilePreview, type PreviewFormat } from './sniff/preview.ts';
export { previewColumnInfo } from './sniff/column-info.ts';

/** The preview of a dropped file (`name` as the user knows it, for messages). Never throws: problems are `error`. */
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

/** Format, separator, header and rows of decoded text. `complete` is false when the text was cut off. */
export function sniffText(text: string, complete = true): Omit<FilePreview, 'compressed'> {
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	let lines = text.split(/\r\n|\n|\r/);
	if (!complete && lines.length > 1) lines = lines.slice(0, -1);
	lines = lines.filter((l) => l.trim() !== '');
	if (lines.length === 0) return { format: 'unknown', columns: [], rows: [], error: 'The file is empty' };
	const first = lines[0].trimStart()[0];
	if (first === '[' || first === '{') return sniffJson(text, lines);
	return sniffDelimited(lines);
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
