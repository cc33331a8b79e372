/**
 * From a parsed record to named cells, the one flattening of nested data: the JSON and Parquet loaders and
 * the file preview all use it, so the preview shows the columns the load makes. Nested keys become dotted
 * paths, GA4's key/value arrays one column per key, other arrays and anything below MAX_PATH_DEPTH JSON
 * text; paths become column names DuckDB can hold.
 */
import { jsonText, MAX_PATH_DEPTH } from './json-text.ts';

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

/** Where `flattenValue` puts each value it reaches. */
export interface PathSink {
	setPath(node: PathNode, value: Scalar): void;
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
export function flattenValue(node: PathNode, value: unknown, sink: PathSink): void {
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

/**
 * Flattens records one at a time, as the loaders do, into column name → cell maps in first-seen order. The
 * column names are shared across the records (a later `ID` beside `id` is `ID_2` in every record), so the
 * file preview's columns are the loaded table's.
 */
export class RecordFlattener implements PathSink {
	private readonly root = new PathNode('');
	private readonly resolver = new NameResolver();
	private row = new Map<string, Scalar>();

	setPath(node: PathNode, value: Scalar): void {
		this.row.set((node.name ??= this.resolver.name(node.path)), value);
	}

	/** The cells of one record; a key seen twice (`a.b` and `{a: {b}}`) keeps the later value, as in the load. */
	flatten(record: Record<string, unknown>): Map<string, Scalar> {
		this.row = new Map();
		flattenValue(this.root, record, this);
		return this.row;
	}
}
