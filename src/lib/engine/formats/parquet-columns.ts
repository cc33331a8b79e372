/**
 * How each Parquet column becomes an Arrow vector for DuckDB: its kind decided from the schema as DuckDB's
 * own reader types it, and the typed arrays built from hyparquet's values.
 */
import {
	DateDay,
	Float32,
	Int16,
	Int32,
	Int8,
	makeData,
	makeVector,
	TimeMicrosecond,
	Timestamp,
	TimeUnit,
	Uint16,
	Uint32,
	Uint64,
	Uint8,
	type DataType,
	type Vector
} from 'apache-arrow';
import type { SchemaTree } from 'hyparquet';
import { jsonText } from './json-text.ts';
import { boolVector, float64Vector, int64Vector, utf8Vector } from './vectors.ts';

export type Kind =
	| 'bool'
	| 'int8'
	| 'int16'
	| 'int32'
	| 'uint8'
	| 'uint16'
	| 'uint32'
	| 'int64'
	| 'uint64'
	| 'float32'
	| 'float64'
	| 'decimal'
	| 'utf8'
	| 'date'
	| 'timestamp'
	| 'timestamptz'
	| 'time'
	| 'nested';

export interface ColumnPlan {
	source: string;
	kind: Kind;
	/** Digits after the point of a DECIMAL column. */
	scale: number;
	/** The stored unit of a TIME column. */
	timeUnit: 'MILLIS' | 'MICROS' | 'NANOS';
}

/** Integer division rounding toward minus infinity (nanoseconds to microseconds before 1970 too). */
export function floorDiv(a: bigint, b: bigint): bigint {
	const q = a / b;
	return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** The kind of a top-level column of the schema; `nested` for structs and lists, flattened like JSON. */
export function planColumn(node: SchemaTree): ColumnPlan {
	const e = node.element;
	const plan = (kind: Kind, timeUnit: ColumnPlan['timeUnit'] = 'MICROS'): ColumnPlan => ({
		source: e.name,
		kind,
		scale: e.scale ?? 0,
		timeUnit
	});
	if (node.children.length > 0) return plan('nested');
	const ct = e.converted_type;
	const lt = e.logical_type;
	if (ct === 'DECIMAL' || lt?.type === 'DECIMAL') return plan('decimal');
	if (lt?.type === 'FLOAT16') return plan('float64');
	// As DuckDB reads them: only an explicit isAdjustedToUTC makes an instant; legacy annotations are naive.
	if (lt?.type === 'TIMESTAMP') return plan(lt.isAdjustedToUTC ? 'timestamptz' : 'timestamp');
	if (ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS' || e.type === 'INT96') return plan('timestamp');
	if (ct === 'DATE' || lt?.type === 'DATE') return plan('date');
	if (lt?.type === 'TIME') return plan('time', lt.unit);
	if (ct === 'TIME_MILLIS') return plan('time', 'MILLIS');
	if (ct === 'TIME_MICROS') return plan('time');
	if (lt?.type === 'INTEGER') return plan(integerKind(lt.bitWidth, lt.isSigned));
	switch (ct) {
		case 'INT_8':
			return plan('int8');
		case 'INT_16':
			return plan('int16');
		case 'INT_32':
			return plan('int32');
		case 'INT_64':
			return plan('int64');
		case 'UINT_8':
			return plan('uint8');
		case 'UINT_16':
			return plan('uint16');
		case 'UINT_32':
			return plan('uint32');
		case 'UINT_64':
			return plan('uint64');
	}
	switch (e.type) {
		case 'BOOLEAN':
			return plan('bool');
		case 'INT32':
			return plan('int32');
		case 'INT64':
			return plan('int64');
		case 'FLOAT':
			return plan('float32');
		case 'DOUBLE':
			return plan('float64');
		default:
			return plan('utf8');
	}
}

function integerKind(bits: number, signed: boolean): Kind {
	if (bits <= 8) return signed ? 'int8' : 'uint8';
	if (bits <= 16) return signed ? 'int16' : 'uint16';
	if (bits <= 32) return signed ? 'int32' : 'uint32';
	return signed ? 'int64' : 'uint64';
}

/** The values of one column of a row group as an Arrow vector of its kind (not for `nested`). */
export function toVector(plan: ColumnPlan, values: ArrayLike<unknown>): Vector {
	switch (plan.kind) {
		case 'bool':
			return boolVector(values);
		case 'int8':
			return fixedVector(new Int8(), Int8Array, values);
		case 'int16':
			return fixedVector(new Int16(), Int16Array, values);
		case 'int32':
			return fixedVector(new Int32(), Int32Array, values);
		case 'uint8':
			return fixedVector(new Uint8(), Uint8Array, values);
		case 'uint16':
			return fixedVector(new Uint16(), Uint16Array, values);
		case 'uint32':
			return fixedVector(new Uint32(), Uint32Array, values);
		case 'float32':
			return fixedVector(new Float32(), Float32Array, values);
		case 'date':
			return fixedVector(new DateDay(), Int32Array, values);
		case 'int64':
			return int64Vector(values);
		case 'uint64':
			return bigVector(new Uint64(), BigUint64Array, values, asBigInt);
		case 'timestamp':
			return bigVector(new Timestamp(TimeUnit.MICROSECOND), BigInt64Array, values, asBigInt);
		case 'timestamptz':
			return bigVector(new Timestamp(TimeUnit.MICROSECOND, 'UTC'), BigInt64Array, values, asBigInt);
		case 'time':
			return bigVector(new TimeMicrosecond(), BigInt64Array, values, timeToMicros[plan.timeUnit]);
		case 'float64':
			return float64Vector(values);
		case 'decimal':
			return float64Vector(decimals(values, plan.scale));
		default:
			return utf8Vector(
				Array.from(values, (v) =>
					v === null || v === undefined ? null : typeof v === 'string' ? v : jsonText(v)
				)
			);
	}
}

/**
 * hyparquet scales decimals by multiplying with 10^-scale, which is off by an ulp (57 × 0.01 is
 * 0.5700000000000001); dividing the recovered unscaled integer gives the double nearest the decimal.
 */
function decimals(values: ArrayLike<unknown>, scale: number): unknown[] {
	const factor = 10 ** scale;
	return Array.from(values, (v) => {
		if (v === null || v === undefined) return null;
		const unscaled = Math.round(Number(v) * factor);
		return Number.isSafeInteger(unscaled) ? unscaled / factor : v;
	});
}

const asBigInt = (v: bigint | number) => BigInt(v);

const timeToMicros = {
	MILLIS: (v: bigint | number) => BigInt(v) * 1000n,
	MICROS: asBigInt,
	NANOS: (v: bigint | number) => floorDiv(BigInt(v), 1000n)
};

type NumberArray =
	Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array;

function nullBitmap(values: ArrayLike<unknown>): { bitmap: Uint8Array | undefined; nulls: number } {
	const n = values.length;
	let nulls = 0;
	const bitmap = new Uint8Array((n + 7) >> 3);
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (v === null || v === undefined) nulls++;
		else bitmap[i >> 3] |= 1 << (i & 7);
	}
	return { bitmap: nulls ? bitmap : undefined, nulls };
}

function fixedVector<T extends DataType>(
	type: T,
	ArrayType: { new (n: number): NumberArray },
	values: ArrayLike<unknown>
): Vector {
	const n = values.length;
	const data = new ArrayType(n);
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (v !== null && v !== undefined) data[i] = Number(v);
	}
	const { bitmap, nulls } = nullBitmap(values);
	return makeVector(makeData({ type, length: n, nullCount: nulls, data, nullBitmap: bitmap } as never));
}

function bigVector<T extends DataType>(
	type: T,
	ArrayType: { new (n: number): BigInt64Array | BigUint64Array },
	values: ArrayLike<unknown>,
	convert: (v: bigint | number) => bigint
): Vector {
	const n = values.length;
	const data = new ArrayType(n);
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (v !== null && v !== undefined) data[i] = convert(v as bigint | number);
	}
	const { bitmap, nulls } = nullBitmap(values);
	return makeVector(makeData({ type, length: n, nullCount: nulls, data, nullBitmap: bitmap } as never));
}
