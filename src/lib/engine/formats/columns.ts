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
import { jsonText, MAX_PATH_DEPTH } from './json-text.ts';

export { jsonText };

/** One column of a batch on its way into DuckDB. */
export interface BatchColumn {
	name: string;
	vector: Vector;
	/** False when every value in the batch is null, so the batch says nothing about the column's type. */
	typed: boolean;
}

export type Scalar = string | number | boolean | bigint | null;

/**
 * DuckDB column names are case-insensitive, so source keys are mapped to unique column names once (a later
 * `ID` beside `id` becomes `ID_2`) and the mapping is kept for the whole file.
 */
export class NameResolver {
	private readonly taken = new Set<string>();
	private readonly assigned = new Map<string, string>();

	constructor(reserved: readonly string[] = []) {
		for (const name of reserved) this.taken.add(name.toLowerCase());
	}

	name(key: string): string {
		const known = this.assigned.get(key);
		if (known !== undefined) return known;
		const base = key.replaceAll('\u0000', '') || '_';
		let candidate = base;
		for (let i = 2; this.taken.has(candidate.toLowerCase()); i++) candidate = `${base}_${i}`;
		this.taken.add(candidate.toLowerCase());
		this.assigned.set(key, candidate);
		return candidate;
	}
}

const INT = 1;
const FLOAT = 2;
const BOOL = 4;
const STRING = 8;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

class DynamicColumn {
	values: Scalar[] = [];
	kinds = 0;
}

/**
 * Rows of loosely typed values (parsed JSON, nested Parquet values) gathered into typed Arrow columns. Each
 * batch picks its own column types: Int64 when every value is an integer that fits, Float64 for other
 * numbers, Bool, Utf8, and Utf8 (values as text) when one column mixes kinds.
 */
export class RowAccumulator {
	rows = 0;
	/** Source text consumed by the rows of this batch, to bound a batch's memory as well as its row count. */
	textLength = 0;
	private columns = new Map<string, DynamicColumn>();
	private readonly resolver: NameResolver;

	constructor(resolver: NameResolver) {
		this.resolver = resolver;
	}

	/** Sets a value in the current row under a flattened source path (mapped through the resolver once). */
	setPath(node: PathNode, value: Scalar): void {
		this.setColumn((node.name ??= this.resolver.name(node.path)), value);
	}

	/** Sets a value under a column name that is already resolved. */
	setColumn(name: string, value: Scalar): void {
		let column = this.columns.get(name);
		if (column === undefined) {
			column = new DynamicColumn();
			this.columns.set(name, column);
		}
		const values = column.values;
		// A key seen twice in one row (e.g. `a.b` and `{a: {b}}`): the later value wins.
		if (values.length === this.rows + 1) values.pop();
		while (values.length < this.rows) values.push(null);
		values.push(value);
		if (value !== null) column.kinds |= kindOf(value);
	}

	endRow(textLength = 0): void {
		this.rows++;
		this.textLength += textLength;
	}

	/** Returns the gathered rows as Arrow columns in first-seen order and starts a new batch. */
	take(): BatchColumn[] {
		const out: BatchColumn[] = [];
		for (const [name, column] of this.columns) {
			const values = column.values;
			while (values.length < this.rows) values.push(null);
			out.push({ name, vector: vectorFor(values, column.kinds), typed: column.kinds !== 0 });
		}
		this.columns = new Map();
		this.rows = 0;
		this.textLength = 0;
		return out;
	}
}

function kindOf(value: Exclude<Scalar, null>): number {
	switch (typeof value) {
		case 'number':
			return Number.isSafeInteger(value) ? INT : FLOAT;
		case 'bigint':
			return value >= INT64_MIN && value <= INT64_MAX ? INT : FLOAT;
		case 'boolean':
			return BOOL;
		default:
			return STRING;
	}
}

function vectorFor(values: Scalar[], kinds: number): Vector {
	if (kinds === INT) return int64Vector(values);
	if (kinds === FLOAT || kinds === (INT | FLOAT)) return float64Vector(values);
	if (kinds === BOOL) return boolVector(values);
	if (kinds === STRING || kinds === 0) return utf8Vector(values as (string | null)[]);
	return utf8Vector(values.map((v) => (v === null ? null : String(v))));
}

function validity(length: number): Uint8Array {
	return new Uint8Array((length + 7) >> 3);
}

export function int64Vector(values: ArrayLike<unknown>): Vector {
	const n = values.length;
	const data = new BigInt64Array(n);
	const valid = validity(n);
	let nulls = 0;
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (v === null || v === undefined) {
			nulls++;
			continue;
		}
		data[i] = typeof v === 'bigint' ? v : BigInt(v as number);
		valid[i >> 3] |= 1 << (i & 7);
	}
	return makeVector(
		makeData({ type: new Int64(), length: n, nullCount: nulls, data, nullBitmap: nulls ? valid : undefined })
	);
}

export function float64Vector(values: ArrayLike<unknown>): Vector {
	const n = values.length;
	const data = new Float64Array(n);
	const valid = validity(n);
	let nulls = 0;
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (v === null || v === undefined) {
			nulls++;
			continue;
		}
		data[i] = Number(v);
		valid[i >> 3] |= 1 << (i & 7);
	}
	return makeVector(
		makeData({
			type: new Float64(),
			length: n,
			nullCount: nulls,
			data,
			nullBitmap: nulls ? valid : undefined
		})
	);
}

export function boolVector(values: ArrayLike<unknown>): Vector {
	const n = values.length;
	const data = validity(n);
	const valid = validity(n);
	let nulls = 0;
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (v === null || v === undefined) {
			nulls++;
			continue;
		}
		if (v) data[i >> 3] |= 1 << (i & 7);
		valid[i >> 3] |= 1 << (i & 7);
	}
	return makeVector(
		makeData({ type: new Bool(), length: n, nullCount: nulls, data, nullBitmap: nulls ? valid : undefined })
	);
}

const encoder = new TextEncoder();

export function utf8Vector(values: ArrayLike<string | null | undefined>): Vector {
	const n = values.length;
	const offsets = new Int32Array(n + 1);
	const valid = validity(n);
	let bytes = new Uint8Array(1024);
	let pos = 0;
	let nulls = 0;
	for (let i = 0; i < n; i++) {
		const s = values[i];
		if (s === null || s === undefined) {
			nulls++;
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
		valid[i >> 3] |= 1 << (i & 7);
	}
	return makeVector(
		makeData({
			type: new Utf8(),
			length: n,
			nullCount: nulls,
			valueOffsets: offsets,
			data: bytes.subarray(0, pos),
			nullBitmap: nulls ? valid : undefined
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return (
		value !== null &&
		typeof value === 'object' &&
		!Array.isArray(value) &&
		!(value instanceof Date) &&
		!ArrayBuffer.isView(value)
	);
}

/**
 * GA4's `event_params` / `user_properties`: `[{ key, value: { string_value, int_value, ... } }]`. Such an array
 * becomes one column per key instead of one JSON blob, which nobody can filter on.
 */
function isKeyValueArray(value: unknown[]): value is { key: string; value: unknown }[] {
	if (value.length === 0) return false;
	for (const item of value) {
		if (!isPlainObject(item) || !Object.hasOwn(item, 'key') || !Object.hasOwn(item, 'value')) return false;
		if (typeof item.key !== 'string') return false;
		const v = item.value;
		if (v !== null && v !== undefined && typeof v === 'object' && !isPlainObject(v)) return false;
	}
	return true;
}

const INTEGER_TEXT = /^-?\d{1,16}$/;

/** The first non-null `*_value` field of a GA4 value object (`set_timestamp_micros` is metadata, not the value). */
function keyValueValue(value: unknown): unknown {
	if (!isPlainObject(value)) return value ?? null;
	let fallback: unknown = null;
	for (const field of Object.keys(value)) {
		const v = value[field];
		if (v === null || v === undefined) continue;
		if (field.endsWith('_value')) {
			// BigQuery writes INT64 as a JSON string.
			if (field === 'int_value' && typeof v === 'string' && INTEGER_TEXT.test(v)) {
				const n = Number(v);
				if (Number.isSafeInteger(n)) return n;
			}
			return v;
		}
		if (fallback === null) fallback = v;
	}
	return Object.keys(value).some((f) => f.endsWith('_value')) ? null : fallback;
}

/**
 * A flattened key path (`properties` → `properties.$browser`). Paths form a tree walked with the keys
 * JSON.parse produces, so the hot loop neither concatenates nor hashes a fresh path string per value.
 */
export class PathNode {
	readonly path: string;
	/** Keys from the record's top level to this node: 0 for the root, 1 for a top-level key. */
	readonly depth: number;
	/** The column name the resolver gave this path, once known. */
	name: string | undefined;
	private children: Map<string, PathNode> | undefined;

	constructor(path: string, depth = 0) {
		this.path = path;
		this.depth = depth;
	}

	child(key: string): PathNode {
		this.children ??= new Map();
		let node = this.children.get(key);
		if (node === undefined) {
			node = new PathNode(this.path === '' ? key : `${this.path}.${key}`, this.depth + 1);
			this.children.set(key, node);
		}
		return node;
	}
}

/**
 * Puts a value under a path: objects recurse, GA4 key/value arrays spread, other arrays become JSON text,
 * and below MAX_PATH_DEPTH any object or array becomes JSON text. Only own keys are read, so keys such as
 * `__proto__` and `constructor` are data like any other.
 */
export function flattenValue(node: PathNode, value: unknown, sink: RowAccumulator): void {
	if (value === null || value === undefined) {
		sink.setPath(node, null);
		return;
	}
	switch (typeof value) {
		case 'string':
		case 'boolean':
		case 'bigint':
			sink.setPath(node, value);
			return;
		case 'number':
			sink.setPath(node, Number.isFinite(value) ? value : null);
			return;
		case 'object':
			break;
		default:
			sink.setPath(node, String(value));
			return;
	}
	if (Array.isArray(value)) {
		if (node.depth < MAX_PATH_DEPTH && isKeyValueArray(value)) {
			for (const item of value) flattenValue(node.child(item.key), keyValueValue(item.value), sink);
		} else {
			sink.setPath(node, jsonText(value));
		}
		return;
	}
	if (value instanceof Date) {
		sink.setPath(node, Number.isNaN(value.getTime()) ? null : value.toISOString());
		return;
	}
	if (!isPlainObject(value) || node.depth >= MAX_PATH_DEPTH) {
		sink.setPath(node, jsonText(value));
		return;
	}
	for (const key of Object.keys(value)) flattenValue(node.child(key), value[key], sink);
}
