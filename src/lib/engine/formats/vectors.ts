/** Arrow vectors built straight from values, and a batch of them as IPC bytes for DuckDB to insert. */
import {
	Bool,
	Field,
	Float64,
	Int64,
	makeData,
	makeVector,
	RecordBatch,
	Schema,
	Struct,
	Table,
	tableToIPC,
	Utf8,
	type Vector
} from 'apache-arrow';

/** One column of a batch on its way into DuckDB. */
export interface BatchColumn {
	name: string;
	vector: Vector;
	/** False when every value in the batch is null, so the batch says nothing about the column's type. */
	typed: boolean;
}

/**
 * The validity of `values` as Arrow wants it: the null count (null and undefined are nulls) and, when there
 * are any, the bitmap with a bit set for every value present.
 */
function validityOf(values: ArrayLike<unknown>): { nullCount: number; nullBitmap: Uint8Array | undefined } {
	const n = values.length;
	const valid = new Uint8Array((n + 7) >> 3);
	let nullCount = 0;
	for (let i = 0; i < n; i++) {
		if (values[i] === null || values[i] === undefined) nullCount++;
		else valid[i >> 3] |= 1 << (i & 7);
	}
	return { nullCount, nullBitmap: nullCount ? valid : undefined };
}

/** Int64 of integers (numbers or bigints; the caller checked they fit), null where a value is null. */
export function int64Vector(values: ArrayLike<unknown>): Vector {
	const data = new BigInt64Array(values.length);
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v !== null && v !== undefined) data[i] = typeof v === 'bigint' ? v : BigInt(v as number);
	}
	return makeVector(makeData({ type: new Int64(), length: data.length, data, ...validityOf(values) }));
}

/** Float64 of numbers (or anything `Number()` reads), null where a value is null. */
export function float64Vector(values: ArrayLike<unknown>): Vector {
	const data = new Float64Array(values.length);
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v !== null && v !== undefined) data[i] = Number(v);
	}
	return makeVector(makeData({ type: new Float64(), length: data.length, data, ...validityOf(values) }));
}

/** Bool of truthy and falsy values, null where a value is null. */
export function boolVector(values: ArrayLike<unknown>): Vector {
	const data = new Uint8Array((values.length + 7) >> 3);
	for (let i = 0; i < values.length; i++) if (values[i]) data[i >> 3] |= 1 << (i & 7);
	return makeVector(makeData({ type: new Bool(), length: values.length, data, ...validityOf(values) }));
}

const encoder = new TextEncoder();

/** Utf8 of strings, null where a value is null or undefined. Throws past 2 GB of text in one batch. */
export function utf8Vector(values: ArrayLike<string | null | undefined>): Vector {
	const n = values.length;
	const offsets = new Int32Array(n + 1);
	let bytes = new Uint8Array(1024);
	let pos = 0;
	for (let i = 0; i < n; i++) {
		const s = values[i];
		if (s === null || s === undefined) {
			offsets[i + 1] = pos;
			continue;
		}
		// UTF-8 needs at most three bytes per UTF-16 code unit.
		const need = pos + s.length * 3;
		if (need > bytes.length) {
			const grown = new Uint8Array(Math.max(need, bytes.length * 2));
			grown.set(bytes.subarray(0, pos));
			bytes = grown;
		}
		// Most event values are short ASCII: copying code units beats a subarray and encodeInto per value.
		let k = 0;
		for (; k < s.length; k++) {
			const c = s.charCodeAt(k);
			if (c >= 0x80) break;
			bytes[pos++] = c;
		}
		if (k < s.length) pos += encoder.encodeInto(k === 0 ? s : s.slice(k), bytes.subarray(pos)).written;
		if (pos > 0x7fffffff) throw new Error('A batch holds more than 2 GB of text in one column');
		offsets[i + 1] = pos;
	}
	return makeVector(
		makeData({
			type: new Utf8(),
			length: n,
			valueOffsets: offsets,
			data: bytes.subarray(0, pos),
			...validityOf(values)
		})
	);
}

/** A batch as Arrow IPC stream bytes, columns in the given order (a plain object would reorder "0", "1"...). */
export function batchToIPC(columns: readonly BatchColumn[], rows: number): Uint8Array {
	const fields = columns.map((c) => new Field(c.name, c.vector.type, true));
	const data = makeData({
		type: new Struct(fields),
		length: rows,
		nullCount: 0,
		children: columns.map((c) => c.vector.data[0])
	});
	return tableToIPC(new Table([new RecordBatch(new Schema(fields), data)]), 'stream');
}
