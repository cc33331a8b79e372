/**
 * One pass over a delimited file's text beside DuckDB's read, for what the reader does not say: whether a
 * gzip stream ends whole (DuckDB stops quietly where it is cut off), and which lines are too long for the
 * reader (it rejects a line over 2 MB, but one longer than its 32 MB buffer vanishes without a word).
 */
import { byteStream, drain } from './plain-text.ts';
import { TooLargeError } from '../size-limit.ts';

/** DuckDB's `max_line_size` default: longer lines are never read, so every one is reported. */
export const MAX_LINE_BYTES = 2_000_000;
/** Long lines listed at most (all are counted). */
const LISTED = 20;

export interface TextScan {
	/** The gzip stream decompresses to its end (always true for uncompressed files). */
	whole: boolean;
	/** Lines of MAX_LINE_BYTES or more: 1-based line number and length in bytes, the first LISTED of them. */
	longLines: { line: number; bytes: number }[];
	/** How many such lines there are. */
	longCount: number;
	/** The gzip stream unpacks to more than a load may hold (size-limit.ts): the scan stopped there. */
	tooLarge?: boolean;
}

/** Line lengths over a stream of chunks, keeping the lines of `limit` bytes or more. */
export class LineLengths {
	line = 1;
	#current = 0;
	longLines: TextScan['longLines'] = [];
	longCount = 0;

	take(chunk: Uint8Array) {
		let at = 0;
		for (;;) {
			const nl = chunk.indexOf(0x0a, at);
			if (nl < 0) {
				this.#current += chunk.length - at;
				return;
			}
			this.#current += nl - at;
			this.#end();
			at = nl + 1;
		}
	}

	finish(): Omit<TextScan, 'whole'> {
		if (this.#current > 0) this.#end();
		return { longLines: this.longLines, longCount: this.longCount };
	}

	#end() {
		if (this.#current >= MAX_LINE_BYTES) {
			this.longCount++;
			if (this.longLines.length < LISTED) this.longLines.push({ line: this.line, bytes: this.#current });
		}
		this.line++;
		this.#current = 0;
	}
}

/**
 * Scans a file (gzip when `gzip`) in one streaming pass. An uncompressed file smaller than MAX_LINE_BYTES
 * cannot hold a long line and is not read. Never rejects (it runs beside the read and may outlive a load
 * that failed); a cancel counts as whole. A gzip stream that unpacks to more than a load may hold stops
 * the scan with `tooLarge`.
 */
export async function scanText(blob: Blob, gzip: boolean, isCancelled?: () => boolean): Promise<TextScan> {
	if (!gzip && blob.size < MAX_LINE_BYTES) return { whole: true, longLines: [], longCount: 0 };
	const lengths = new LineLengths();
	const opts = { gzip, encoding: 'utf-8' as const, isCancelled };
	return drain(byteStream(blob, opts), (chunk) => lengths.take(chunk), opts).then(
		(cut) => ({ whole: !cut, ...lengths.finish() }),
		(e) => ({
			whole: true,
			longLines: [],
			longCount: 0,
			...(e instanceof TooLargeError ? { tooLarge: true } : {})
		})
	);
}

/**
 * Watches the bytes of a file as DuckDB's own read passes them (read-hook.ts) for a line of MAX_LINE_BYTES
 * or more, so that the common file needs no pass of its own. It looks for a newline about once per
 * STEP bytes (not at every line), which proves there is no long line as long as every stretch it finds
 * without a newline is shorter than STEP: a stretch of MAX_LINE_BYTES would show as one. When it cannot
 * prove it (a line of a megabyte or more, or reads that skip bytes), `result` is null and the full scan
 * (`scanText`) must run: it also numbers the long lines, which this watch does not.
 */
export class LongLineWatch {
	/** Bytes from the file's start seen so far, without a gap. */
	#covered = 0;
	/** Where the next newline is looked for: STEP past the last one found. */
	#from = STEP;
	#proven = true;

	/** Takes the bytes `chunk` read at `location` (a view that may change after the call: read at once). */
	take(location: number, chunk: Uint8Array) {
		if (!this.#proven || location + chunk.length <= this.#covered) return;
		if (location > this.#covered) {
			this.#proven = false;
			return;
		}
		const end = location + chunk.length;
		while (this.#from < end) {
			const at = chunk.indexOf(0x0a, Math.max(this.#from, this.#covered) - location);
			if (at < 0) break;
			// No newline in [from, at): with none in the STEP before `from` either, a stretch this long may be a long line.
			if (location + at - this.#from >= STEP) {
				this.#proven = false;
				return;
			}
			this.#from = location + at + 1 + STEP;
		}
		this.#covered = end;
		if (end - this.#from >= STEP) this.#proven = false;
	}

	/** The scan's result for a file of `size` bytes (uncompressed), or null when the full scan must run. */
	result(size: number): TextScan | null {
		return this.#proven && this.#covered >= size ? { whole: true, longLines: [], longCount: 0 } : null;
	}
}

/** How far apart LongLineWatch looks for newlines: half a long line. */
const STEP = MAX_LINE_BYTES / 2;
