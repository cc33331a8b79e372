import type { SourceFile } from '../source.ts';
import type { LoadStats, RejectedRow } from '../formats/types.ts';
import type { Compression, CsvRead } from '../formats/csv.ts';
import type { TextEncodingName } from '../text-encoding.ts';
import type { TextScan, LongLineWatch } from '../formats/text-scan.ts';
import type { ColumnInfo, Vendor } from '../layout.ts';
import type { TimeFormat, ZoneSegment } from '../time.ts';
import type { ColumnMapping, DatasetSpec, FileFormat } from '../../spec/types.ts';

/** The dataset as the user (or the mapping panel) gave it: everything but the files may be left to guesses. */
export type DatasetInput = Partial<Omit<DatasetSpec, 'columns'>> & { columns?: Partial<ColumnMapping> };

export interface IngestProgress {
	phase: 'reading' | 'mapping' | 'building' | 'summarising';
	file?: string;
	bytesRead: number;
	bytesTotal: number;
}

export interface IngestOptions {
	onProgress?: (p: IngestProgress) => void;
	isCancelled?: () => boolean;
}

/** One loaded file as the report lists it. */
export interface LoadedFile {
	name: string;
	size: number;
	format: string;
	rows: number;
	rejected: number;
	/** Delimited text: the encoding it was read in (`windows-1252` when any line was). */
	encoding?: TextEncodingName;
	/** Delimited text: lines that were not UTF-8 in a file that otherwise is, read as Windows-1252. */
	reencodedLines?: number;
	/** The gzip data ends early or is damaged: the rows before that point were read, the cut-off line left out. */
	truncated?: boolean;
}

/** A column type chosen from a text column's values (ingest/typing.ts). */
export type TextType = 'BIGINT' | 'DOUBLE' | 'VARCHAR';

export interface Verdict {
	type: TextType;
	/** Every value is an integer written with `.0` (`17850.0`): as a user or anonymous id, the integer. */
	intFloat: boolean;
}

/** What a column read from delimited text holds, from the first rows and, once counted, from every row. */
export interface TextColumn {
	sample: Verdict;
	all?: Verdict;
}

/** What ingest remembers about the loaded files, so a new column mapping rebuilds without sniffing again. */
export interface LoadedFiles {
	files: LoadedFile[];
	rejected: RejectedRow[];
	rejectedCount: number;
	/** Every column of the files, with counts over all loaded rows and samples from the first rows. */
	columns: ColumnInfo[];
	/** Columns read from delimited text, read as VARCHAR and typed by ingest/typing.ts. */
	text?: Record<string, TextColumn>;
	vendor: Vendor | null;
	guess: {
		mapping: ColumnMapping;
		timeUnit: DatasetSpec['timeUnit'];
		dedupe: DatasetSpec['dedupe'];
		notes: string[];
	};
	/**
	 * Where the rows come from, as SQL for a FROM clause: CSV files are read again; JSON and Parquet files are
	 * loaded again into the tables in `reloads` first (remap), whitespace-separated text is kept as a table.
	 */
	source: string;
	/**
	 * JSON and Parquet files, decoded in JavaScript into these tables: each table is dropped once `events` is
	 * built, so the rows are not held twice, and filled again from the file for a remap.
	 */
	reloads: { table: string; source: SourceFile; format: FileFormat }[];
	/** A table with the first rows of every file: what the layout and time format were guessed from. */
	sample: string;
	/** The prefix of every table this load owns (kept tables, sample); a new load replaces them all. */
	prefix: string;
}

/** One file, ready to be read: a CSV read, or a table the JSON, Parquet or whitespace loader filled. */
export interface Part {
	source: SourceFile;
	format: FileFormat;
	csv: CsvRead | null;
	rejects: { table: string; scan: string } | null;
	table: string | null;
	/** Rows and rejects known from loading (tables); CSV counts are known after the read. */
	stats: LoadStats | null;
	/** Its columns, looked up once for the sample, the read and the remap source alike. */
	names?: string[];
	/** Delimited text (CSV, TSV, whitespace): every column read as VARCHAR. */
	text?: {
		compression: Compression;
		encoding: TextEncodingName;
		reencodedLines: number;
		truncated: boolean;
		/** The bytes DuckDB reads were made by plain-text.ts (decompressed, UTF-8). */
		transcoded: boolean;
		/** The pass over the text beside the read (formats/text-scan.ts), and once awaited its result. */
		scan?: Promise<TextScan>;
		/**
		 * The pass not started yet: DuckDB's reads of the file, from the sniff to the end of the first read, are
		 * watched for long lines instead (formats/text-scan.ts), and the pass runs only when that watch cannot
		 * tell. `bytes` is the size of what DuckDB reads; `stop` ends the watching (safe to call twice).
		 */
		deferredScan?: { bytes: number; run: () => Promise<TextScan>; watch: LongLineWatch; stop: () => void };
		scanned?: TextScan;
		/** Lines DuckDB rejected as not UTF-8. */
		encodingErrors?: number;
	};
}

export interface Prepared {
	/** Set on the first build of a load; a remap starts from `loaded` alone. */
	firstRead: { parts: Part[]; prefix: string } | null;
	loaded?: LoadedFiles;
}

/** How the canonical columns are computed: decided from the first rows, then checked against all rows. */
export interface Plan {
	dataset: DatasetSpec;
	timeFormat: TimeFormat | null;
	/** Offsets of the analysis zone (`timezone`): UTC -> `__local`. */
	segs: ZoneSegment[];
	/** Offsets of the zone of zone-less times (`sourceTimezone`): wall clock -> `__time`. */
	sourceSegs: ZoneSegment[];
	/** What the count over every value of the time column found worth saying (report notes). */
	timeNotes: string[];
	/** UTC milliseconds the zone offsets were computed for; times outside need a rebuild (UTC needs none). */
	covered: [number, number] | null;
}

/** Counts over the times of the rows read: all rows, rows with a readable time, and their range (UTC ms). */
export interface TimeCounts {
	total: number;
	valid: number;
	lo: number | null;
	hi: number | null;
}

export interface IdentityReport {
	linkedAnonymousIds: number;
	mergedRows: number;
	conflicts: number;
	conflictExamples: { anonymous: string; users: string[]; rows: number }[];
}

export interface BuildStats {
	dataset: DatasetSpec;
	timeFormat: TimeFormat | null;
	timeNotes: string[];
	loadedRows: number;
	badTime: number;
	badTimeExamples: RejectedRow[];
	duplicates: number;
	filtered: number;
	identity: IdentityReport | null;
}

/** Suffix of the staged `events` and scratch tables of a build in progress. */
export const STAGE = '__stage';
/** Rejected rows kept as examples for the report. */
export const EXAMPLES = 20;
