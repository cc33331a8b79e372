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
