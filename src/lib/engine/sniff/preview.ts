/** What the instant preview of a dropped file says (sniff.ts), and how much of the file it reads. */
import type { TextEncodingName } from '../text-encoding.ts';

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

/** Bytes read from the start of a file (after gunzip) for its preview. */
export const SNIFF_BYTES = 256 * 1024;
/** Rows a preview shows. */
export const PREVIEW_ROWS = 20;

/** Rows looked at when judging separators and headers (more than shown, so one odd line cannot decide). */
export const SNIFF_ROWS = 200;

/** A decimal number as text, exponent allowed. */
export const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
