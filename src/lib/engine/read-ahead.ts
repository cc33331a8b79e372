/**
 * A read-ahead buffer for files DuckDB reads through a slow per-call path. In the browser each read of a
 * dropped File is a synchronous FileReaderSync call with a fixed cost of its own, and DuckDB's gzip reader
 * and CSV sniffer ask for many small pieces: reading a whole block once and serving the small reads from
 * it made the CSV sniff of a 7 MB `.csv.gz` about three times faster. A large read is kept as the block
 * too: the sniffer, the first-rows sample and the full read of a CSV each start with the same 32 MB.
 */
export interface BlockSource {
	/** Reads up to `length` bytes of file `name` from `start` (fewer at the end of the file). */
	read(name: string, start: number, length: number): Uint8Array;
}

export class ReadAhead {
	readonly blockBytes: number;
	#source: BlockSource;
	#block: { name: string; start: number; bytes: Uint8Array } | null = null;

	constructor(source: BlockSource, blockBytes = 4 * 1024 * 1024) {
		this.#source = source;
		this.blockBytes = blockBytes;
	}

	/**
	 * Copies the bytes [start, start + length) of `name` (or fewer, at the end of the file) into `target`
	 * at `offset`, and returns how many were copied. Reads at least a block from the source when the bytes
	 * are not in the one buffered.
	 */
	read(name: string, start: number, length: number, target: Uint8Array, offset: number): number {
		if (length <= 0) return 0;
		let b = this.#block;
		if (!b || b.name !== name || start < b.start || start + length > b.start + b.bytes.length) {
			b = { name, start, bytes: this.#source.read(name, start, Math.max(length, this.blockBytes)) };
			this.#block = b;
		}
		const from = start - b.start;
		const n = Math.max(0, Math.min(length, b.bytes.length - from));
		target.set(b.bytes.subarray(from, from + n), offset);
		return n;
	}

	/** Lets go of the buffered block (up to one large read) once a load is over. */
	release(): void {
		this.#block = null;
	}
}
