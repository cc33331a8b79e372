/**
 * Pieces of the byte-level JSON record parser (json-record.ts): the bytes JSON's grammar names, UTF-8
 * well-formedness, the key tree it walks, and JSON numbers read exactly.
 */
import { BIG, FLOAT, INT, STRING } from './column-batch.ts';
import type { ColumnBuilder } from './column-batch.ts';
import type { PathNode } from './flatten.ts';

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const QUOTE = 34;
export const COMMA = 44;
export const MINUS = 45;
export const ZERO = 48;
export const NINE = 57;
export const COLON = 58;
export const OPEN_BRACKET = 91;
export const BACKSLASH = 92;
export const CLOSE_BRACKET = 93;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;
const DOT = 46;
const PLUS = 43;
const LOWER_E = 101;
const UPPER_E = 69;

/** Thrown inside the parser when the record is not one it reads; never escapes RecordParser.parse. */
export const NOT_HERE = new Error('not parsed here');

/** A key path as the byte parser walks it: its node in the flattening's tree, its column, its children. */
export class KeyNode {
	readonly path: PathNode;
	column: ColumnBuilder | null = null;
	/** The key's raw bytes between its quotes, as last met. */
	raw: Uint8Array | null = null;
	/** The children met at each position of this object in the last record that had them. */
	readonly seq: KeyNode[] = [];
	private children: Map<string, KeyNode> | undefined;

	constructor(path: PathNode) {
		this.path = path;
	}

	child(key: string): KeyNode {
		this.children ??= new Map();
		let node = this.children.get(key);
		if (node === undefined) {
			node = new KeyNode(this.path.child(key));
			this.children.set(key, node);
		}
		return node;
	}
}

/** Whether bytes [s, e) are well-formed UTF-8 as TextDecoder reads it (no overlong, surrogate or cut sequence). */
export function isUtf8(b: Uint8Array, s: number, e: number): boolean {
	for (let i = s; i < e;) {
		const c = b[i];
		if (c < 0x80) i++;
		else if (c >= 0xc2 && c <= 0xdf) {
			if (i + 1 >= e || (b[i + 1] & 0xc0) !== 0x80) return false;
			i += 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			const b1 = b[i + 1];
			const lo = c === 0xe0 ? 0xa0 : 0x80;
			const hi = c === 0xed ? 0x9f : 0xbf;
			if (i + 2 >= e || b1 < lo || b1 > hi || (b[i + 2] & 0xc0) !== 0x80) return false;
			i += 3;
		} else if (c >= 0xf0 && c <= 0xf4) {
			const b1 = b[i + 1];
			const lo = c === 0xf0 ? 0x90 : 0x80;
			const hi = c === 0xf4 ? 0x8f : 0xbf;
			if (i + 3 >= e || b1 < lo || b1 > hi || (b[i + 2] & 0xc0) !== 0x80 || (b[i + 3] & 0xc0) !== 0x80)
				return false;
			i += 4;
		} else return false;
	}
	return true;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Exact powers of ten as doubles (10^22 is the last): a 15-digit integer times or over one is correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

const ascii = new TextDecoder('utf-8');

/** A JSON number's value as digits and exponent, without leading or trailing zeros (`1.50e1` is `15e0`). */
export function canonical(text: string): string {
	const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
	if (!m) return text;
	const all = (m[2] + (m[3] ?? '')).replace(/^0+/, '');
	if (all === '') return '0';
	const digits = all.replace(/0+$/, '');
	return `${m[1]}${digits}e${Number(m[4] ?? 0) - (m[3]?.length ?? 0) + all.length - digits.length}`;
}

/**
 * A JSON number read from bytes. `read` finds its end (NOT_HERE when the grammar is broken); `kind` then
 * says what it is worth: INT (a safe integer, in `value`), INT | BIG (a 64-bit integer, in `big`), FLOAT (a
 * double that is the number as written, `canonical` of its shortest text equal to the written one), or
 * STRING (no number type holds it exactly: it stays text).
 */
export class JsonNumber {
	end = 0;
	value = 0;
	big = 0n;
	private negative = false;
	private whole = true;
	/** Every digit as one integer, leading zeros aside: exact below 10^15 (15 significant digits). */
	private digits = 0;
	private exponent = 0;

	read(b: Uint8Array, s: number, end: number): void {
		this.negative = b[s] === MINUS;
		let j = this.negative ? s + 1 : s;
		let v = 0;
		let c = j < end ? b[j] : -1;
		if (c === ZERO) j++;
		else if (c > ZERO && c <= NINE) {
			while (j < end && (c = b[j]) >= ZERO && c <= NINE) {
				v = v * 10 + (c - ZERO);
				j++;
			}
		} else throw NOT_HERE;
		this.whole = true;
		let exponent = 0;
		if (j < end && b[j] === DOT) {
			this.whole = false;
			const f = ++j;
			while (j < end && (c = b[j]) >= ZERO && c <= NINE) {
				v = v * 10 + (c - ZERO);
				j++;
			}
			if (j === f) throw NOT_HERE;
			exponent = f - j;
		}
		if (j < end && (b[j] === LOWER_E || b[j] === UPPER_E)) {
			this.whole = false;
			j++;
			const negative = j < end && b[j] === MINUS;
			if (j < end && (b[j] === MINUS || b[j] === PLUS)) j++;
			const f = j;
			let n = 0;
			while (j < end && (c = b[j]) >= ZERO && c <= NINE) {
				if (n < 1e6) n = n * 10 + (c - ZERO);
				j++;
			}
			if (j === f) throw NOT_HERE;
			exponent += negative ? -n : n;
		}
		this.end = j;
		this.digits = v;
		this.exponent = exponent;
	}

	/** What the number read last, from `b` at `s`, is worth. */
	kind(b: Uint8Array, s: number): number {
		const text = () => ascii.decode(b.subarray(s, this.end));
		const v = this.digits;
		const sign = this.negative ? -1 : 1;
		// At most 2^53 - 1, every partial sum was exact (a rounded one would have ended at 2^53 or more).
		if (this.whole && v <= Number.MAX_SAFE_INTEGER) {
			this.value = sign * v;
			return INT;
		}
		if (this.whole) {
			const written = text();
			// Twenty digits or more never fit in 64 bits.
			if (written.length - (this.negative ? 1 : 0) >= 20) return STRING;
			const big = BigInt(written);
			if (big < INT64_MIN || big > INT64_MAX) return STRING;
			this.big = big;
			this.value = Number(big);
			return INT | BIG;
		}
		const e = this.exponent;
		let d: number;
		if (v < 1e15 && e >= -22 && e <= 22) d = sign * (e < 0 ? v / POW10[-e] : v * POW10[e]);
		else {
			const written = text();
			d = Number(written);
			if (!Number.isFinite(d) || canonical(String(d)) !== canonical(written)) return STRING;
		}
		this.value = d;
		return Number.isSafeInteger(d) ? INT : FLOAT;
	}
}
