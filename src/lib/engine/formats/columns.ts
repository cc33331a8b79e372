/**
 * Rows of loosely typed cells gathered into typed Arrow columns, a batch at a time, for the loaders of
 * nested data (JSON, Parquet structs).
 */
import type { Vector } from 'apache-arrow';
import { float64Vector, int64Vector, boolVector, utf8Vector, type BatchColumn } from './vectors.ts';
import type { NameResolver, PathNode, PathSink, Scalar } from './flatten.ts';

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
export class RowAccumulator implements PathSink {
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
