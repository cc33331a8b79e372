/**
 * The first step of a load: each dropped file sniffed, its format chosen from its bytes (never its name),
 * and made ready to read (a CSV read, or a table the JSON, Parquet or whitespace loader filled). The SQL
 * that reads their rows is in part-rows.ts.
 */
import { CancelledError, type Database } from '../duck.ts';
import type { SourceFile } from '../source.ts';
import { prepareCsv } from '../formats/csv.ts';
import { loadWhitespace } from '../formats/whitespace.ts';
import { toPlainUtf8 } from '../formats/plain-text.ts';
import { LongLineWatch, scanText, type TextScan } from '../formats/text-scan.ts';
import { loadJson } from '../formats/json.ts';
import { loadParquet } from '../formats/parquet.ts';
import { sniffFile, type FilePreview } from '../sniff.ts';
import { unpackedTooLarge } from '../size-limit.ts';
import { gzipFailed, RereadNeeded, type PlainMode } from './reread.ts';
import { DATASET_DEFAULTS } from '../../spec/defaults.ts';
import type { FileFormat } from '../../spec/types.ts';
import type { DatasetInput, IngestOptions, Part, Prepared } from './types.ts';

/** The name file `i` of the load with table prefix `prefix` is registered under: no user text, no extension. */
export const fileAlias = (dir: string, prefix: string, i: number) => `${dir}${prefix}file${i}`;

/**
 * Sniffs and prepares every file. `plain` gives the files (by index) to decompress and transcode to UTF-8
 * first whatever their first bytes say (after a RereadNeeded), and how.
 */
export async function prepareSources(
	duck: Database,
	sources: SourceFile[],
	input: DatasetInput,
	prefix: string,
	opts: IngestOptions,
	plain: ReadonlyMap<number, PlainMode> = new Map()
): Promise<Prepared> {
	const bytesTotal = sources.reduce((s, f) => s + f.size, 0);
	let bytesBefore = 0;
	const parts: Part[] = [];
	try {
		for (const [i, source] of sources.entries()) {
			if (opts.isCancelled?.()) throw new CancelledError();
			const report = (bytes: number) =>
				opts.onProgress?.({
					phase: 'reading',
					file: source.name,
					bytesRead: bytesBefore + bytes,
					bytesTotal
				});
			report(0);
			const preview = await sniffFile(source.blob, source.name);
			const format = chooseFormat(input.format ?? DATASET_DEFAULTS.format, preview, source.name);
			const table = `${prefix}part${i}`;
			const loadOpts = { onBytes: report, isCancelled: opts.isCancelled };
			const part: Part = { source, format, csv: null, rejects: null, table: null, stats: null };
			if (format === 'parquet' || format === 'json' || format === 'jsonl') {
				// JSON is parsed and stored as it is unpacked: a file unpacking to gigabytes is refused first.
				if (preview.compressed && (await scanSource(duck, source, true, opts.isCancelled)).tooLarge)
					throw unpackedTooLarge(source.name);
				if (opts.isCancelled?.()) throw new CancelledError();
				part.stats = await loadTable(duck, source, format, table, loadOpts);
				part.table = table;
			} else {
				await prepareText(duck, part, preview, input, fileAlias(duck.files.dir, prefix, i), i, plain.get(i), {
					...loadOpts,
					table,
					rejects: { table: `${prefix}rejects${i}`, scan: `${prefix}scan${i}` }
				});
			}
			parts.push(part);
			if (part.text && !part.text.transcoded && (part.text.encodingErrors ?? 0) > 0)
				throw new RereadNeeded([i]);
			if (part.stats?.rows === 0) throw noRows(source.name, part.stats.rejectedCount);
			bytesBefore += source.size;
		}
	} catch (e) {
		stopWatching(parts);
		throw e;
	}
	return { firstRead: { parts, prefix } };
}

/** A JSON (`json`, `jsonl`) or Parquet file decoded into a new table `table` (formats/json.ts, parquet.ts). */
export function loadTable(
	duck: Database,
	source: SourceFile,
	format: FileFormat,
	table: string,
	opts: Pick<IngestOptions, 'isCancelled'> & { onBytes?: (bytes: number) => void }
) {
	return (format === 'parquet' ? loadParquet : loadJson)(duck, source, table, opts);
}

interface TextOptions {
	onBytes: (bytes: number) => void;
	isCancelled?: () => boolean;
	table: string;
	rejects: { table: string; scan: string };
}

/**
 * A delimited file registered under `alias` and made ready: its bytes as they are when they are UTF-8
 * (DuckDB reads gzip itself), else (or with `plain`) decompressed and transcoded to UTF-8 first.
 */
async function prepareText(
	duck: Database,
	part: Part,
	preview: FilePreview,
	input: DatasetInput,
	alias: string,
	index: number,
	plain: PlainMode | undefined,
	opts: TextOptions
) {
	const source = part.source;
	const delimiter =
		input.delimiter ??
		(part.format === 'tsv' ? '\t' : preview.format === 'whitespace' ? 'whitespace' : preview.delimiter);
	const header = input.header ?? preview.header;
	const encoding = preview.encoding ?? 'utf-8';
	let read = source;
	part.text = {
		compression: preview.compressed ? 'gzip' : 'none',
		encoding,
		reencodedLines: 0,
		truncated: false,
		transcoded: false
	};
	if (plain || encoding !== 'utf-8') {
		const text = await toPlainUtf8(source.blob, {
			gzip: preview.compressed,
			encoding,
			lineEnds: plain?.lineEnds,
			name: source.name,
			inflater: duck.files.inflater,
			...opts
		});
		read = { name: source.name, size: text.blob.size, blob: text.blob };
		part.text = { ...text, compression: 'none', transcoded: true };
	}
	await duck.files.register(alias, read);
	const gzip = part.text.compression === 'gzip';
	const scan = () => scanSource(duck, read, gzip, opts.isCancelled);
	const csvOpts = {
		delimiter,
		header,
		skip: preview.skipLines,
		compression: part.text.compression,
		fallbackColumns: preview.columns,
		longLines: undefined as TextScan['longLines'] | undefined
	};
	if (delimiter === 'whitespace' || gzip) {
		// The whitespace loader reads every line before ingest goes on: it needs the long lines first. A gzip
		// file is unpacked once before DuckDB reads it, so that a small file unpacking to gigabytes is refused
		// in seconds instead of being read for minutes (size-limit.ts).
		part.text.scanned = await scan();
		// A cancel stops the scan, which then counts as whole: the read must not start.
		if (opts.isCancelled?.()) throw new CancelledError();
		if (part.text.scanned.tooLarge) throw unpackedTooLarge(source.name);
		part.text.scan = Promise.resolve(part.text.scanned);
		csvOpts.longLines = part.text.scanned.longLines;
	}
	if (delimiter === 'whitespace') {
		const stats = await loadWhitespace(duck, read, alias, opts.table, {
			...opts,
			...csvOpts,
			rejects: opts.rejects,
			scan: part.text.scanned
		});
		part.text.encodingErrors = stats.encodingErrors;
		part.stats = stats;
		part.table = opts.table;
		return;
	}
	// Lines too long for the reader: looked for in the bytes DuckDB reads from the sniff to the end of the
	// first read (build.ts), so the file is read once; the scan runs only when that cannot tell.
	if (!part.text.scan) part.text.deferredScan = watchReads(duck, read.size, scan);
	try {
		part.csv = await prepareCsv(duck, read, alias, csvOpts);
	} catch (e) {
		part.text.deferredScan?.stop();
		if (gzipFailed(e, part)) throw new RereadNeeded([index]);
		throw e;
	}
	part.rejects = opts.rejects;
}

/**
 * Watches DuckDB's reads of the file registered last (its sniff is the next read: the first file id heard
 * is its own) for long lines (formats/text-scan.ts LongLineWatch). DuckDB-WASM may serve a later read of the
 * same bytes from memory without reading them again (under Node the sniff's bytes are not read twice), so
 * the watch starts before the sniff.
 */
function watchReads(duck: Database, bytes: number, run: () => Promise<TextScan>) {
	const watch = new LongLineWatch();
	let file: number | null = null;
	const stop = duck.files.onRead((fileId, at, chunk) => {
		file ??= fileId;
		if (fileId === file) watch.take(at, chunk);
	});
	return { bytes, run, watch, stop };
}

/** Stops watching the reads of every part (sources.ts watchReads); a part whose read is over has stopped. */
export function stopWatching(parts: Part[]) {
	for (const p of parts) p.text?.deferredScan?.stop();
}

/** formats/text-scan.ts `scanText` over a file, the host's faster way where it has one. */
function scanSource(duck: Database, source: SourceFile, gzip: boolean, isCancelled?: () => boolean) {
	return duck.files.scanText
		? duck.files.scanText(source, gzip, isCancelled)
		: scanText(source.blob, gzip, isCancelled);
}

export function noRows(name: string, rejected: number): Error {
	return new Error(
		`${name} has no readable rows` +
			(rejected > 0 ? ` (${rejected} lines could not be parsed).` : '.') +
			' Check that it is a CSV, JSON/JSONL or Parquet export.'
	);
}

function chooseFormat(requested: FileFormat, preview: FilePreview, name: string): FileFormat {
	if (requested !== 'auto') return requested;
	switch (preview.format) {
		case 'parquet':
		case 'json':
		case 'jsonl':
		case 'tsv':
		case 'csv':
			return preview.format;
		case 'whitespace':
			return 'csv';
		default:
			throw new Error(
				preview.error
					? preview.error.includes(name)
						? preview.error
						: `${name}: ${preview.error}`
					: `${name} is not a CSV, JSON/JSONL or Parquet export. Export your events in one of those formats and drop the file again.`
			);
	}
}
