/**
 * Which character encoding a text file is in, from its bytes: a byte order mark, else the zero bytes of
 * UTF-16, else UTF-8 when its lines are valid UTF-8, else Windows-1252 (what Excel and older exporters
 * write on Western systems; WHATWG's decoder for it is also what browsers use for "latin1"). Used by the
 * preview on the first bytes and by the transcoder (plain-text.ts) line by line. Pure: no DuckDB, no DOM.
 */

/** The encodings a delimited file is read in; every one of them reaches DuckDB as UTF-8. */
export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** Bytes looked at for the zero-byte pattern of UTF-16 without a byte order mark. */
const UTF16_PROBE = 4096;

/** Length of a byte order mark at the start of `bytes` and the encoding it announces, or null. */
export function byteOrderMark(bytes: Uint8Array): { encoding: TextEncodingName; length: number } | null {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
	return null;
}

/**
 * UTF-16 without a byte order mark: text of mostly ASCII characters (as CSV headers, numbers and dates are)
 * has a zero in every other byte, on the odd bytes for little-endian, the even ones for big-endian. A
 * UTF-8 or Windows-1252 file has no zero bytes at all.
 */
export function utf16ByZeros(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
	const n = Math.min(bytes.length, UTF16_PROBE) & ~1;
	if (n < 4) return null;
	let even = 0;
	let odd = 0;
	for (let i = 0; i < n; i += 2) {
		if (bytes[i] === 0) even++;
		if (bytes[i + 1] === 0) odd++;
	}
	const pairs = n / 2;
	if (odd >= 0.3 * pairs && even <= 0.02 * pairs) return 'utf-16le';
	if (even >= 0.3 * pairs && odd <= 0.02 * pairs) return 'utf-16be';
	return null;
}

/**
 * Index just past the longest prefix of bytes[start, end) that is valid UTF-8 (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF). A character cut off by `end` counts as invalid.
 */
export function validUtf8Until(bytes: Uint8Array, start: number, end: number): number {
	let i = start;
	while (i < end) {
		const c = bytes[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		let more: number;
		let lo = 0x80;
		let hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf) more = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			more = 2;
			if (c === 0xe0) lo = 0xa0;
			else if (c === 0xed) hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			more = 3;
			if (c === 0xf0) lo = 0x90;
			else if (c === 0xf4) hi = 0x8f;
		} else return i;
		if (i + more >= end) return i;
		const second = bytes[i + 1];
		if (second < lo || second > hi) return i;
		for (let k = 2; k <= more; k++) {
			const b = bytes[i + k];
			if (b < 0x80 || b > 0xbf) return i;
		}
		i += more + 1;
	}
	return end;
}

/** Whether bytes[start, end) is valid UTF-8. */
export function isUtf8(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
	return validUtf8Until(bytes, start, end) === end;
}

/**
 * The encoding of a file from its first bytes. `complete` says the bytes are the whole file; when they are
 * not, a line cut off at the end is not judged. UTF-8 wins when every line looked at is valid UTF-8.
 */
export function detectEncoding(head: Uint8Array, complete: boolean): TextEncodingName {
	const bom = byteOrderMark(head);
	if (bom) return bom.encoding;
	const wide = utf16ByZeros(head);
	if (wide) return wide;
	let end = head.length;
	if (!complete) {
		const nl = head.lastIndexOf(0x0a);
		if (nl >= 0) end = nl + 1;
		else end = Math.max(0, end - 3);
	}
	return isUtf8(head, 0, end) ? 'utf-8' : 'windows-1252';
}

const cp1252 = new TextDecoder('windows-1252');
const utf8 = new TextDecoder('utf-8');

/**
 * Text of bytes in `encoding`. For Windows-1252 each line is judged on its own: a line that is valid UTF-8
 * is read as UTF-8 (a file saved partly by a UTF-8 tool), any other as Windows-1252. The byte order mark
 * is dropped.
 */
export function decodeText(bytes: Uint8Array, encoding: TextEncodingName): string {
	if (encoding === 'utf-16le' || encoding === 'utf-16be') return new TextDecoder(encoding).decode(bytes);
	if (encoding === 'utf-8') return utf8.decode(bytes);
	let out = '';
	let start = 0;
	while (start < bytes.length) {
		let end = bytes.indexOf(0x0a, start);
		end = end < 0 ? bytes.length : end + 1;
		out += (isUtf8(bytes, start, end) ? utf8 : cp1252).decode(bytes.subarray(start, end));
		start = end;
	}
	return out.charCodeAt(0) === 0xfeff ? out.slice(1) : out;
}
