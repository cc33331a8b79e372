// Where to cut a CSV file into byte ranges that several parsers can read on their own (issue 14, "more than
// one core", the byte-range way; test/bench/ranges.ts measures it). Pure: bytes in, offsets out.

/** Bytes [start, end) of a file: whole records, the header line not included. */
export interface ByteRange {
	start: number;
	end: number;
}

/** A file cut into ranges for `parts` parsers, each to be read with the header line put in front of it. */
export interface LineCut {
	/** Bytes [0, headerEnd) are the header record with its line end. */
	headerEnd: number;
	/** In file order, back to back from headerEnd to the end of the file; empty ranges are left out. */
	ranges: ByteRange[];
	/** Whether the file holds the quote byte at all; without it every line end ends a record. */
	quotes: boolean;
	/**
	 * How many cuts a naive split (the first line end at or after each even share) would have put inside a
	 * quoted field, where a parser starting there would read the rest of the field as records. Each was moved
	 * to the first line end after it that is outside quotes.
	 */
	movedOutOfQuotes: number;
}

const LF = 0x0a;

/**
 * Cuts `bytes` (a whole CSV file) into up to `parts` ranges of about equal size, each ending at a record end:
 * a line feed (`\n`, so `\r\n` too) outside quotes. Quoting is RFC 4180's (https://www.rfc-editor.org/rfc/rfc4180,
 * section 2): a field in `quote` bytes may hold line ends, and a quote inside it is doubled, so a line end is
 * inside a quoted field exactly when an odd number of quote bytes comes before it. This is wrong for a
 * dialect that escapes quotes with another byte (`\"`), which would need an escape-aware scan. A file with
 * an unclosed quote gets its last cut at the end of the file (fewer ranges), never inside the quote.
 * Scans the file once for quote bytes, and for line feeds from each share's end to its cut; throws if `parts`
 * is not a positive integer.
 */
export function cutAtLineEnds(bytes: Uint8Array, parts: number, quote = 0x22): LineCut {
	if (!Number.isInteger(parts) || parts < 1)
		throw new Error(`parts must be a positive integer, not ${parts}`);
	const size = bytes.length;
	// The quote bytes before a position, counted as the positions asked about grow: `next` is the first quote
	// not counted yet (-1: none left), `odd` whether the count so far is odd (the position is inside quotes).
	const first = bytes.indexOf(quote);
	let next = first;
	let odd = false;
	const insideQuotesAt = (pos: number) => {
		for (; next !== -1 && next < pos; next = bytes.indexOf(quote, next + 1)) odd = !odd;
		return odd;
	};
	/** The first record end (offset after a line feed outside quotes) at or after byte `from`, else the file's end. */
	const recordEnd = (from: number) => {
		for (let lf = bytes.indexOf(LF, from); lf !== -1; lf = bytes.indexOf(LF, lf + 1))
			if (!insideQuotesAt(lf)) return lf + 1;
		return size;
	};
	const naiveEnd = (from: number) => {
		const lf = bytes.indexOf(LF, from);
		return lf === -1 ? size : lf + 1;
	};
	const headerEnd = recordEnd(0);
	const ranges: ByteRange[] = [];
	let movedOutOfQuotes = 0;
	let start = headerEnd;
	for (let k = 1; k <= parts && start < size; k++) {
		// The share's last byte (or the previous cut's, if that is later): the cut is the record end after it.
		const from = Math.max(headerEnd + Math.floor(((size - headerEnd) * k) / parts) - 1, start);
		const end = k === parts ? size : recordEnd(from);
		if (k < parts && end !== naiveEnd(from)) movedOutOfQuotes++;
		ranges.push({ start, end });
		start = end;
	}
	return { headerEnd, ranges, quotes: first !== -1, movedOutOfQuotes };
}
