/** What every format loader reports back to ingest. */
export interface LoadOptions {
	/** Bytes of the source file consumed so far (compressed bytes for .gz). */
	onBytes?: (bytesRead: number) => void;
	/** Polled between batches; when it returns true the loader throws CancelledError (from ../duck.ts). */
	isCancelled?: () => boolean;
}

export interface RejectedRow {
	file: string;
	/** 1-based line number in the file when known (CSV, JSONL), else null. */
	line: number | null;
	reason: string;
	/** The offending text, truncated to a few hundred characters. */
	raw: string;
}

export interface LoadStats {
	rows: number;
	rejected: RejectedRow[];
	/** Total number of rejected rows (rejected[] may hold only the first few). */
	rejectedCount: number;
}
