/**
 * One JSON record parsed straight from the file's UTF-8 bytes into a ColumnBatch: no string per line, no
 * object per record, a key matched by its bytes against the key found at the same place in the record
 * before. Strings are copied as bytes; numbers keep their text as written and are typed only where the
 * value is exact: integers within 64 bits, other numbers a double holds as written (JSON.parse would round
 * 12345678901234567890 to 12345678901234567000; here it stays text). Arrays and parts nested deeper than
 * MAX_PATH_DEPTH go through JSON.parse and the shared flattening (flatten.ts), as before.
 *
 * The parser accepts exactly what JSON.parse accepts; anything else (a bad line, a line that is not one
 * object) is handed back, the row taken out, for the caller's JSON.parse to reject with its own words.
 */
import { BIG, BOOL, STRING, type ColumnBatch, type ColumnBuilder } from './column-batch.ts';
import { flattenValue, type PathNode } from './flatten.ts';
import { MAX_PATH_DEPTH } from './json-text.ts';
import {
	BACKSLASH,
	CLOSE_BRACE,
	CLOSE_BRACKET,
	COLON,
	COMMA,
	CR,
	isUtf8,
	JsonNumber,
	KeyNode,
	LF,
	MINUS,
	NINE,
	NOT_HERE,
	OPEN_BRACE,
	OPEN_BRACKET,
	QUOTE,
	SPACE,
	TAB,
	ZERO
} from './json-bytes.ts';

/** Reads JSON records from bytes into `batch`'s current row (see the module comment). */
export class RecordParser {
	private readonly batch: ColumnBatch;
	private readonly root: KeyNode;
	private readonly utf8 = new TextDecoder('utf-8');
	private b: Uint8Array = new Uint8Array(0);
	private i = 0;
	private end = 0;
	private row = 0;
	private readonly num = new JsonNumber();

	constructor(batch: ColumnBatch, root: PathNode) {
		this.batch = batch;
		this.root = new KeyNode(root);
	}

	/**
	 * Parses bytes [start, end) as one JSON object (whitespace around it allowed) into the batch's current
	 * row, which the caller then ends; false when they are not one (the row is then empty again).
	 */
	parse(bytes: Uint8Array, start: number, end: number): boolean {
		this.b = bytes;
		this.i = start;
		this.end = end;
		this.row = this.batch.rows;
		try {
			this.space();
			if (this.i >= end || bytes[this.i] !== OPEN_BRACE) throw NOT_HERE;
			this.object(this.root);
			this.space();
			if (this.i !== end) throw NOT_HERE;
			return true;
		} catch (e) {
			this.batch.dropRow();
			if (e === NOT_HERE || e instanceof SyntaxError) return false;
			throw e;
		}
	}

	private space(): void {
		const b = this.b;
		let i = this.i;
		while (i < this.end) {
			const c = b[i];
			if (c !== SPACE && c !== TAB && c !== CR && c !== LF) break;
			i++;
		}
		this.i = i;
	}

	/** The next byte, or -1 at the end of the record. */
	private next(): number {
		return this.i < this.end ? this.b[this.i] : -1;
	}

	private object(node: KeyNode): void {
		this.i++;
		this.space();
		if (this.next() === CLOSE_BRACE) {
			this.i++;
			return;
		}
		for (let k = 0; ; k++) {
			if (this.next() !== QUOTE) throw NOT_HERE;
			const child = this.key(node, k);
			this.space();
			if (this.next() !== COLON) throw NOT_HERE;
			this.i++;
			this.space();
			this.value(child);
			this.space();
			const c = this.next();
			this.i++;
			if (c === COMMA) this.space();
			else if (c === CLOSE_BRACE) return;
			else throw NOT_HERE;
		}
	}

	/** The end of the string whose opening quote is at `i` (the index of its closing quote); bit flags in `flags`. */
	private stringEnd(): number {
		const b = this.b;
		let j = this.i + 1;
		let flags = 0;
		for (;;) {
			if (j >= this.end) throw NOT_HERE;
			const c = b[j];
			if (c === QUOTE) break;
			if (c === BACKSLASH) {
				flags |= 2;
				j += 2;
				continue;
			}
			if (c < 0x20) throw NOT_HERE;
			if (c >= 0x80) flags |= 1;
			j++;
		}
		this.flags = flags;
		return j;
	}

	/** Of the last string scanned: 1 when it has bytes past ASCII, 2 when it has escapes. */
	private flags = 0;

	private key(node: KeyNode, k: number): KeyNode {
		const s = this.i + 1;
		const e = this.stringEnd();
		this.i = e + 1;
		const b = this.b;
		const known = node.seq[k];
		const raw = known?.raw;
		if (raw && raw.length === e - s) {
			let x = 0;
			while (x < raw.length && raw[x] === b[s + x]) x++;
			if (x === raw.length) return known;
		}
		const key =
			this.flags & 2
				? (JSON.parse(this.utf8.decode(b.subarray(s - 1, e + 1))) as string)
				: this.utf8.decode(b.subarray(s, e));
		const child = node.child(key);
		child.raw = b.slice(s, e);
		node.seq[k] = child;
		return child;
	}

	private column(node: KeyNode): ColumnBuilder {
		const c = node.column;
		if (c !== null) return this.batch.enlist(c);
		return (node.column = this.batch.column(node.path));
	}

	private value(node: KeyNode): void {
		const c = this.next();
		if (c === QUOTE) this.string(node);
		else if (c === MINUS || (c >= ZERO && c <= NINE)) this.number(node);
		else if (c === OPEN_BRACE && node.path.depth < MAX_PATH_DEPTH) this.object(node);
		else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.parsed(node);
		else if (c === 116) this.literal(node, 'true', BOOL, 1);
		else if (c === 102) this.literal(node, 'false', BOOL, 0);
		else if (c === 110) this.literal(node, 'null', 0, 0);
		else throw NOT_HERE;
	}

	private string(node: KeyNode): void {
		const s = this.i + 1;
		const e = this.stringEnd();
		this.i = e + 1;
		const b = this.b;
		const col = this.column(node);
		col.begin(this.row);
		if (this.flags === 0 || (this.flags === 1 && isUtf8(b, s, e))) this.copy(col, s, e);
		else if (this.flags & 2)
			col.writeString(JSON.parse(this.utf8.decode(b.subarray(s - 1, e + 1))) as string);
		// Not UTF-8: read as the whole file's decoding read it before, with U+FFFD for each bad sequence.
		else col.writeString(this.utf8.decode(b.subarray(s, e)));
		col.end(this.row, STRING, 0);
	}

	private copy(col: ColumnBuilder, s: number, e: number): void {
		col.room(e - s);
		const out = col.bytes;
		if (e - s > 64) {
			out.set(this.b.subarray(s, e), col.pos);
			col.pos += e - s;
			return;
		}
		let p = col.pos;
		for (let x = s; x < e; x++) out[p++] = this.b[x];
		col.pos = p;
	}

	private literal(node: KeyNode, word: string, kind: number, num: number): void {
		const b = this.b;
		const s = this.i;
		if (s + word.length > this.end) throw NOT_HERE;
		for (let x = 1; x < word.length; x++) if (b[s + x] !== word.charCodeAt(x)) throw NOT_HERE;
		this.i = s + word.length;
		const col = this.column(node);
		col.begin(this.row);
		if (kind !== 0) this.copy(col, s, this.i);
		col.end(this.row, kind, num);
	}

	/** A JSON number: its text as written, and its value where the value is exact (JsonNumber). */
	private number(node: KeyNode): void {
		const s = this.i;
		const n = this.num;
		n.read(this.b, s, this.end);
		this.i = n.end;
		const col = this.column(node);
		col.begin(this.row);
		this.copy(col, s, n.end);
		const kind = n.kind(this.b, s);
		if (kind & BIG) col.setBig(this.row, n.big);
		col.end(this.row, kind, n.value);
	}

	/** An array or a part nested too deep: its text through JSON.parse and the shared flattening. */
	private parsed(node: KeyNode): void {
		const b = this.b;
		const s = this.i;
		let depth = 0;
		let j = s;
		for (;;) {
			if (j >= this.end) throw NOT_HERE;
			const c = b[j];
			if (c === QUOTE) {
				this.i = j;
				j = this.stringEnd() + 1;
				continue;
			}
			j++;
			if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
			else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) break;
		}
		this.i = j;
		flattenValue(node.path, JSON.parse(this.utf8.decode(b.subarray(s, j))), this.batch);
	}
}
