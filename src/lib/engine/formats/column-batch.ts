/**
 * Columns of one batch of JSON records kept as Arrow-ready buffers (UTF-8 bytes and offsets, numbers,
 * validity bits), filled straight from the file's bytes by json-record.ts or from parsed values, then
 * written as one Arrow IPC batch. Each value keeps its text as written, so a column whose values mix
 * kinds becomes text exactly as the file wrote it.
 */
import { Bool, Float64, Int64, makeData, makeVector, Utf8, type Vector } from 'apache-arrow';
import type { NameResolver, PathNode, PathSink, Scalar } from './flatten.ts';
import { batchToIPC } from './vectors.ts';

export const INT = 1;
export const FLOAT = 2;
export const BOOL = 4;
export const STRING = 8;
/** An integer past 2^53 but within 64 bits: exact as Int64, never as a double. */
export const BIG = 16;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TWO_32 = 4294967296;
const encoder = new TextEncoder();

/** One column's values in one batch. Callers write a value with `begin`, bytes at `pos`, then `end`. */
export class ColumnBuilder {
	readonly name: string;
	kinds = 0;
	/** Rows that have a slot, null or not. */
	length = 0;
	pos = 0;
	bytes = new Uint8Array(1024);
	private offsets = new Int32Array(257);
	private nums = new Float64Array(256);
	private valid = new Uint8Array(32);
	private big: Map<number, bigint> | null = null;
	/** The batch this column was first written in (ColumnBatch keeps each batch's columns in first-seen order). */
	batch = -1;

	constructor(name: string) {
		this.name = name;
	}

	/** Opens row `row`'s slot (a key seen twice in one row: the later value wins, as JSON.parse keeps it). */
	begin(row: number): void {
		if (this.length === row + 1) {
			this.pos = this.offsets[row];
			this.valid[row >> 3] &= ~(1 << (row & 7));
			this.big?.delete(row);
			return;
		}
		if (row + 1 >= this.nums.length) this.grow(row + 1);
		const end = this.pos;
		for (let r = this.length; r < row; r++) this.offsets[r + 1] = end;
		this.offsets[row] = end;
		this.length = row + 1;
	}

	/** Room for `n` more bytes at `pos`. */
	room(n: number): void {
		if (this.pos + n <= this.bytes.length) return;
		const grown = new Uint8Array(Math.max(this.pos + n, this.bytes.length * 2));
		grown.set(this.bytes.subarray(0, this.pos));
		this.bytes = grown;
	}

	/** Closes row `row`'s slot with a value of `kind` (its number in `num`); `null` leaves it null. */
	end(row: number, kind: number, num: number): void {
		if (this.pos > 0x7fffffff) throw new Error('A batch holds more than 2 GB of text in one column');
		this.offsets[row + 1] = this.pos;
		if (kind === 0) return;
		this.valid[row >> 3] |= 1 << (row & 7);
		this.nums[row] = num;
		this.kinds |= kind;
	}

	/** Row `row`'s value is the 64-bit integer `value` (kind BIG, closed by the caller). */
	setBig(row: number, value: bigint): void {
		(this.big ??= new Map()).set(row, value);
	}

	/** Writes a string as UTF-8 at `pos`. */
	writeString(s: string): void {
		this.room(s.length * 3);
		let k = 0;
		for (; k < s.length; k++) {
			const c = s.charCodeAt(k);
			if (c >= 0x80) break;
			this.bytes[this.pos++] = c;
		}
		if (k < s.length)
			this.pos += encoder.encodeInto(k === 0 ? s : s.slice(k), this.bytes.subarray(this.pos)).written;
	}

	/** Takes the row back out (a record that turned out not to parse). */
	drop(row: number): void {
		if (this.length !== row + 1) return;
		this.pos = this.offsets[row];
		this.valid[row >> 3] &= ~(1 << (row & 7));
		this.big?.delete(row);
		this.length = row;
	}

	/** The batch's Arrow vector over `rows` rows, typed by the kinds seen (see ColumnBatch). */
	vector(rows: number): Vector {
		if (this.length < rows) {
			this.begin(rows - 1);
			this.end(rows - 1, 0, 0);
		}
		let nullCount = 0;
		for (let r = 0; r < rows; r++) if (!(this.valid[r >> 3] & (1 << (r & 7)))) nullCount++;
		const validity = {
			nullCount,
			nullBitmap: nullCount ? this.valid.subarray(0, (rows + 7) >> 3) : undefined
		};
		const k = this.kinds;
		if (k === INT || k === (INT | BIG)) {
			const data = new BigInt64Array(rows);
			const halves = new Int32Array(data.buffer);
			// Safe integers written as two 32-bit halves (little-endian, as Arrow's buffers are): no BigInt each.
			for (let r = 0; r < rows; r++) {
				if (!(this.valid[r >> 3] & (1 << (r & 7)))) continue;
				const v = this.nums[r];
				const hi = Math.floor(v / TWO_32);
				halves[2 * r] = (v - hi * TWO_32) | 0;
				halves[2 * r + 1] = hi;
			}
			for (const [r, v] of this.big ?? []) data[r] = v;
			return makeVector(makeData({ type: new Int64(), length: rows, data, ...validity }));
		}
		if (k === FLOAT || k === (INT | FLOAT)) {
			const data = this.nums.subarray(0, rows);
			return makeVector(makeData({ type: new Float64(), length: rows, data, ...validity }));
		}
		if (k === BOOL) {
			const data = new Uint8Array((rows + 7) >> 3);
			for (let r = 0; r < rows; r++) if (this.nums[r]) data[r >> 3] |= 1 << (r & 7);
			return makeVector(makeData({ type: new Bool(), length: rows, data, ...validity }));
		}
		return makeVector(
			makeData({
				type: new Utf8(),
				length: rows,
				valueOffsets: this.offsets.subarray(0, rows + 1),
				data: this.bytes.subarray(0, this.pos),
				...validity
			})
		);
	}

	/** Empties the column for the next batch, keeping its buffers. */
	reset(): void {
		this.valid.fill(0, 0, (this.length + 8) >> 3);
		this.kinds = 0;
		this.length = 0;
		this.pos = 0;
		this.big = null;
	}

	private grow(rows: number): void {
		const cap = Math.max(rows + 1, this.nums.length * 2);
		const offsets = new Int32Array(cap + 1);
		offsets.set(this.offsets);
		this.offsets = offsets;
		const nums = new Float64Array(cap);
		nums.set(this.nums);
		this.nums = nums;
		const valid = new Uint8Array((cap + 8) >> 3);
		valid.set(this.valid);
		this.valid = valid;
	}
}

/**
 * A batch written as Arrow IPC: its columns in first-seen order, each with the DuckDB type its Arrow type
 * becomes (`typed`: false when all null).
 */
export interface IpcBatch {
	ipc: Uint8Array;
	columns: { name: string; typed: boolean; type: string }[];
	rows: number;
}

const DUCK_TYPES: Record<string, string> = {
	Int64: 'BIGINT',
	Float64: 'DOUBLE',
	Bool: 'BOOLEAN',
	Utf8: 'VARCHAR'
};

/**
 * The rows of one batch as typed columns: Int64 when every value is an integer within 64 bits, Float64 for
 * other numbers a double holds as written, Bool, and Utf8 otherwise, a column mixing kinds as text as
 * written. Columns are found by their resolved names, so a path reached two ways (`a.b`, `{a: {b}}`) is one.
 */
export class ColumnBatch implements PathSink {
	rows = 0;
	/** Source text consumed by the rows of this batch, to bound a batch's memory as well as its row count. */
	textLength = 0;
	private readonly resolver: NameResolver;
	private readonly byName = new Map<string, ColumnBuilder>();
	private order: ColumnBuilder[] = [];
	/** Columns in the batch before the current row. */
	private before = 0;
	private batches = 0;
	/** Columns of the current row, to take it back out. */
	private touched: ColumnBuilder[] = [];

	constructor(resolver: NameResolver) {
		this.resolver = resolver;
	}

	/** The column of a flattened path (its name resolved once), registered in this batch. */
	column(node: PathNode): ColumnBuilder {
		const name = (node.name ??= this.resolver.name(node.path));
		let column = this.byName.get(name);
		if (column === undefined) {
			column = new ColumnBuilder(name);
			this.byName.set(name, column);
		}
		return this.enlist(column);
	}

	/** `column` (a column this batch made before) written in the current row: registered in this batch. */
	enlist(column: ColumnBuilder): ColumnBuilder {
		if (column.batch !== this.batches) {
			column.batch = this.batches;
			this.order.push(column);
		}
		this.touched.push(column);
		return column;
	}

	/** Sets a parsed value (PathSink: the GA4 arrays, deep parts and records the byte parser hands over). */
	setPath(node: PathNode, value: Scalar): void {
		const c = this.column(node);
		const row = this.rows;
		c.begin(row);
		if (value === null) c.end(row, 0, 0);
		else if (typeof value === 'string') {
			c.writeString(value);
			c.end(row, STRING, 0);
		} else if (typeof value === 'boolean') {
			c.writeString(String(value));
			c.end(row, BOOL, value ? 1 : 0);
		} else if (typeof value === 'number') {
			c.writeString(String(value));
			c.end(row, Number.isSafeInteger(value) ? INT : FLOAT, value);
		} else {
			c.writeString(String(value));
			const fits = value >= INT64_MIN && value <= INT64_MAX;
			if (fits) c.setBig(row, value);
			c.end(row, fits ? INT | BIG : FLOAT, Number(value));
		}
	}

	endRow(textLength = 0): void {
		this.rows++;
		this.textLength += textLength;
		this.touched.length = 0;
		this.before = this.order.length;
	}

	/**
	 * Takes the current row back out; the columns it alone brought into the batch leave it (their names stay
	 * taken: a key seen only in a line that is then rejected still counts for later names differing in case).
	 */
	dropRow(): void {
		for (const c of this.touched) c.drop(this.rows);
		this.touched.length = 0;
		for (const c of this.order.splice(this.before)) {
			c.reset();
			c.batch = -1;
		}
	}

	/** The batch as Arrow IPC bytes, and a new, empty batch. */
	take(): IpcBatch {
		const rows = this.rows;
		const columns = this.order.map((c) => ({ name: c.name, vector: c.vector(rows), typed: c.kinds !== 0 }));
		const ipc = batchToIPC(columns, rows);
		for (const c of this.order) c.reset();
		this.order = [];
		this.before = 0;
		this.batches++;
		this.rows = 0;
		this.textLength = 0;
		return {
			ipc,
			columns: columns.map(({ name, typed, vector }) => ({
				name,
				typed,
				type: DUCK_TYPES[String(vector.type)]
			})),
			rows
		};
	}
}
