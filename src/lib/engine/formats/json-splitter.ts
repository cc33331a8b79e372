/** Cuts a JSON file's decoded text into records as it streams in, without parsing them. */

/** Junk after a JSON array is kept up to this many characters for the reject report. */
export const RAW_LIMIT = 300;

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

const isSpace = (c: number) => c === SPACE || c === LF || c === CR || c === TAB;

export type RecordSink = (text: string, line: number | null) => void;
export type RejectSink = (line: number | null, reason: string, raw: string) => void;

/**
 * Cuts decoded text into records: lines for JSON Lines, top-level elements for a file whose first
 * non-blank character is `[`, or (`values`) complete values one after another. The scanner tracks bracket
 * depth and string/escape state, so commas and brackets inside strings do not cut. An element's line is
 * the file line it starts on.
 */
export class JsonSplitter {
	startsWithBrace = false;
	private mode: 'unknown' | 'lines' | 'array' = 'unknown';
	private readonly values: boolean;
	private pending = '';
	private line = 1;

	private depth = 0;
	private inString = false;
	private escaped = false;
	private inElement = false;
	private elementDepth = 0;
	private elementParts: string[] = [];
	private elementLine = 0;
	private junkLine = 0;
	private junk = '';

	private readonly onRecord: RecordSink;
	private readonly onReject: RejectSink;

	constructor(onRecord: RecordSink, onReject: RejectSink, values: boolean) {
		this.onRecord = onRecord;
		this.onReject = onReject;
		this.values = values;
		if (values) {
			this.mode = 'array';
			this.depth = 1;
		}
	}

	push(text: string): void {
		if (this.mode === 'unknown') {
			let i = 0;
			while (i < text.length && isSpace(text.charCodeAt(i))) i++;
			if (i === text.length) {
				this.pending += text;
				return;
			}
			this.startsWithBrace = text.charCodeAt(i) === OPEN_BRACE;
			this.mode = text.charCodeAt(i) === OPEN_BRACKET ? 'array' : 'lines';
			text = this.pending + text;
			this.pending = '';
		}
		if (this.mode === 'lines') this.pushLines(text);
		else this.pushArray(text);
	}

	end(): void {
		if (this.mode === 'lines') {
			if (this.pending.length > 0) this.emitLine(this.pending);
			this.pending = '';
		} else if (this.mode === 'array') {
			if (this.inElement) {
				const text = this.elementParts.join('');
				this.elementParts = [];
				this.inElement = false;
				this.onReject(this.elementLine, 'Unexpected end of file inside the JSON array', text);
			}
			if (this.junk) this.onReject(this.junkLine, 'Unexpected text after the JSON array', this.junk);
		}
	}

	private pushLines(text: string): void {
		let start = 0;
		for (;;) {
			const nl = text.indexOf('\n', start);
			if (nl === -1) break;
			const piece = text.slice(start, nl);
			const line = this.pending ? this.pending + piece : piece;
			this.pending = '';
			this.emitLine(line);
			start = nl + 1;
		}
		if (start < text.length) this.pending += text.slice(start);
	}

	private emitLine(raw: string): void {
		const lineNumber = this.line++;
		const text = raw.charCodeAt(raw.length - 1) === CR ? raw.slice(0, -1) : raw;
		if (text.trim() === '') return;
		this.onRecord(text, lineNumber);
	}

	private pushArray(text: string): void {
		let start = this.inElement ? 0 : -1;
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c === LF) this.line++;
			if (this.inString) {
				if (this.escaped) this.escaped = false;
				else if (c === BACKSLASH) this.escaped = true;
				else if (c === QUOTE) this.inString = false;
				continue;
			}
			if (!this.inElement) {
				if (isSpace(c)) continue;
				if (this.depth === 0) {
					if (c === OPEN_BRACKET) {
						this.depth = 1;
					} else {
						if (!this.junk) this.junkLine = this.line;
						if (this.junk.length < RAW_LIMIT) this.junk += text[i];
					}
					continue;
				}
				if (c === COMMA) continue;
				if (c === CLOSE_BRACKET && !this.values) {
					this.depth = 0;
					continue;
				}
				this.inElement = true;
				this.elementDepth = 0;
				this.elementLine = this.line;
				start = i;
			}
			if (c === QUOTE) {
				this.inString = true;
			} else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
				this.elementDepth++;
			} else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
				if (this.elementDepth > 0) {
					this.elementDepth--;
					if (this.values && this.elementDepth === 0) this.finishElement(text.slice(start, i + 1));
				} else if (c === CLOSE_BRACKET && !this.values) {
					this.finishElement(text.slice(start, i));
					this.depth = 0;
				}
			} else if (c === COMMA && this.elementDepth === 0) {
				this.finishElement(text.slice(start, i));
			}
		}
		if (this.inElement) this.elementParts.push(text.slice(start));
	}

	private finishElement(last: string): void {
		const parts = this.elementParts;
		const text = parts.length ? parts.join('') + last : last;
		this.elementParts = [];
		this.inElement = false;
		this.onRecord(text.trim(), this.elementLine);
	}
}

export type LineSink = (bytes: Uint8Array, start: number, end: number, line: number) => void;

/**
 * Cuts JSON Lines bytes into lines as they stream in, without decoding them: a line is bytes [start, end)
 * of the buffer handed to `onLine` (valid during the call only), its line end (LF, or CR LF) left out, its
 * 1-based line number with it. A line cut by a chunk's end is kept until its end arrives.
 */
export class ByteLines {
	private carry = new Uint8Array(1 << 16);
	private carried = 0;
	private line = 1;
	private readonly onLine: LineSink;

	constructor(onLine: LineSink) {
		this.onLine = onLine;
	}

	push(chunk: Uint8Array): void {
		let from = 0;
		if (this.carried > 0) {
			const nl = chunk.indexOf(LF);
			if (nl < 0) {
				this.keep(chunk);
				return;
			}
			this.keep(chunk.subarray(0, nl));
			this.emit(this.carry, 0, this.carried);
			this.carried = 0;
			from = nl + 1;
		}
		for (let nl = chunk.indexOf(LF, from); nl >= 0; nl = chunk.indexOf(LF, from)) {
			this.emit(chunk, from, nl);
			from = nl + 1;
		}
		if (from < chunk.length) this.keep(chunk.subarray(from));
	}

	end(): void {
		if (this.carried > 0) this.emit(this.carry, 0, this.carried);
		this.carried = 0;
	}

	private keep(bytes: Uint8Array): void {
		if (this.carried + bytes.length > this.carry.length) {
			const grown = new Uint8Array(Math.max(this.carried + bytes.length, this.carry.length * 2));
			grown.set(this.carry.subarray(0, this.carried));
			this.carry = grown;
		}
		this.carry.set(bytes, this.carried);
		this.carried += bytes.length;
	}

	private emit(bytes: Uint8Array, start: number, end: number): void {
		this.onLine(bytes, start, end > start && bytes[end - 1] === CR ? end - 1 : end, this.line++);
	}
}

/**
 * How a JSON file reads, from its first bytes (a UTF-8 byte order mark left out, as TextDecoder does):
 * `array` when the first non-blank character is `[`, else `lines` (`brace`: it is `{`); null while the bytes
 * seen are blank. `skip` is the byte order mark's length.
 */
export function jsonShape(
	head: Uint8Array
): { shape: 'array' | 'lines'; brace: boolean; skip: number } | null {
	const bom = [0xef, 0xbb, 0xbf];
	let skip = 0;
	while (skip < 3 && skip < head.length && head[skip] === bom[skip]) skip++;
	if (skip < 3 && skip === head.length) return null;
	if (skip < 3) skip = 0;
	let i = skip;
	while (i < head.length && isSpace(head[i])) i++;
	if (i === head.length) return null;
	return { shape: head[i] === OPEN_BRACKET ? 'array' : 'lines', brace: head[i] === OPEN_BRACE, skip };
}
