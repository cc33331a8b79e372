/**
 * Native DuckDB (`@duckdb/node-api`) answers in its own values, not Arrow. These build the Arrow that
 * DuckDB-WASM's own export gives for the same result, type for type and bit for bit, so results shaped from
 * either engine are equal (native-duck.ts). The types as DuckDB-WASM 1.32 / engine v1.4.3 exports them:
 * BOOLEAN Bool; TINYINT to BIGINT Int8 to Int64, unsigned alike; HUGEINT (what `sum` of integers gives)
 * Decimal(38, 0) and DECIMAL(w, s) Decimal(w, s), both 128 bits; FLOAT Float32, DOUBLE Float64; VARCHAR and
 * UUID Utf8; DATE Date32 (days); TIMESTAMP Timestamp(µs), TIMESTAMPTZ Timestamp(µs, "UTC"), TIMESTAMP_MS /
 * _S / _NS their unit; TIME Time64(µs); ENUM Dictionary(Uint8/16/32, Utf8); LIST List (child "l"); STRUCT
 * Struct; a bare NULL Int32. Any other type (INTERVAL, MAP, UNION…) throws: no analysis returns one.
 */
import {
	Bool,
	DateDay,
	Decimal,
	Dictionary,
	Field,
	Float32,
	Float64,
	Int16,
	Int32,
	Int64,
	Int8,
	List,
	makeData,
	makeVector,
	RecordBatch,
	Schema,
	Struct,
	Table,
	tableToIPC,
	Time,
	Timestamp,
	TimeUnit,
	Uint16,
	Uint32,
	Uint64,
	Uint8,
	Utf8,
	type Data,
	type DataType
} from 'apache-arrow';
import {
	DuckDBTypeId,
	type DuckDBDecimalType,
	type DuckDBEnumType,
	type DuckDBListType,
	type DuckDBStructType,
	type DuckDBType,
	type DuckDBValue
} from '@duckdb/node-api';

type Values = readonly DuckDBValue[];

/** Result columns (names, types, values by column) as one Arrow IPC stream. */
export function arrowStream(
	names: readonly string[],
	types: readonly DuckDBType[],
	columns: readonly Values[]
): Uint8Array {
	const length = columns[0]?.length ?? 0;
	const children = types.map((t, i) => dataOf(t, columns[i] ?? []));
	const fields = children.map((d, i) => new Field(names[i], d.type, true));
	const struct = makeData({ type: new Struct(fields), length, nullCount: 0, children });
	return tableToIPC(new Table([new RecordBatch(new Schema(fields), struct)]), 'stream');
}

function validity(values: Values): { nullCount: number; nullBitmap: Uint8Array | undefined } {
	const bits = new Uint8Array((values.length + 7) >> 3);
	let nullCount = 0;
	for (let i = 0; i < values.length; i++) {
		if (values[i] === null) nullCount++;
		else bits[i >> 3] |= 1 << (i & 7);
	}
	return { nullCount, nullBitmap: nullCount ? bits : undefined };
}

type Typed =
	Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array;
type Big = BigInt64Array | BigUint64Array;

function fixed<T extends DataType>(
	type: T,
	data: Typed,
	values: Values,
	read: (v: DuckDBValue) => number
): Data<T> {
	for (let i = 0; i < values.length; i++) if (values[i] !== null) data[i] = read(values[i]);
	return makeData({ type, length: values.length, data, ...validity(values) } as never) as Data<T>;
}

function big<T extends DataType>(
	type: T,
	data: Big,
	values: Values,
	read: (v: DuckDBValue) => bigint
): Data<T> {
	for (let i = 0; i < values.length; i++) if (values[i] !== null) data[i] = read(values[i]);
	return makeData({ type, length: values.length, data, ...validity(values) } as never) as Data<T>;
}

/** 128-bit two's complement, little-endian words: Arrow's Decimal128. */
function decimal(type: Decimal, values: Values, read: (v: DuckDBValue) => bigint): Data<Decimal> {
	const data = new Uint32Array(values.length * 4);
	for (let i = 0; i < values.length; i++) {
		if (values[i] === null) continue;
		let v = BigInt.asUintN(128, read(values[i]));
		for (let w = 0; w < 4; w++, v >>= 32n) data[i * 4 + w] = Number(v & 0xffffffffn);
	}
	return makeData({ type, length: values.length, data, ...validity(values) });
}

function utf8(values: readonly (string | null)[]): Data<Utf8> {
	const encoder = new TextEncoder();
	const parts = values.map((v) => (v === null ? null : encoder.encode(v)));
	const valueOffsets = new Int32Array(values.length + 1);
	for (let i = 0; i < parts.length; i++) valueOffsets[i + 1] = valueOffsets[i] + (parts[i]?.length ?? 0);
	const data = new Uint8Array(valueOffsets[values.length]);
	parts.forEach((p, i) => p && data.set(p, valueOffsets[i]));
	return makeData({ type: new Utf8(), length: values.length, valueOffsets, data, ...validity(values) });
}

const num = (v: DuckDBValue) => Number(v);
const field =
	<K extends string>(key: K) =>
	(v: DuckDBValue) =>
		(v as unknown as Record<K, bigint>)[key];

function dataOf(type: DuckDBType, values: Values): Data {
	const n = values.length;
	switch (type.typeId) {
		case DuckDBTypeId.BOOLEAN: {
			const data = new Uint8Array((n + 7) >> 3);
			values.forEach((v, i) => v === true && (data[i >> 3] |= 1 << (i & 7)));
			return makeData({ type: new Bool(), length: n, data, ...validity(values) });
		}
		case DuckDBTypeId.TINYINT:
			return fixed(new Int8(), new Int8Array(n), values, num);
		case DuckDBTypeId.SMALLINT:
			return fixed(new Int16(), new Int16Array(n), values, num);
		case DuckDBTypeId.INTEGER:
			return fixed(new Int32(), new Int32Array(n), values, num);
		case DuckDBTypeId.BIGINT:
			return big(new Int64(), new BigInt64Array(n), values, (v) => v as bigint);
		case DuckDBTypeId.UTINYINT:
			return fixed(new Uint8(), new Uint8Array(n), values, num);
		case DuckDBTypeId.USMALLINT:
			return fixed(new Uint16(), new Uint16Array(n), values, num);
		case DuckDBTypeId.UINTEGER:
			return fixed(new Uint32(), new Uint32Array(n), values, num);
		case DuckDBTypeId.UBIGINT:
			return big(new Uint64(), new BigUint64Array(n), values, (v) => v as bigint);
		case DuckDBTypeId.HUGEINT:
			return decimal(new Decimal(0, 38, 128), values, (v) => v as bigint);
		case DuckDBTypeId.DECIMAL: {
			const { width, scale } = type as DuckDBDecimalType;
			return decimal(new Decimal(scale, width, 128), values, field('value'));
		}
		case DuckDBTypeId.FLOAT:
			return fixed(new Float32(), new Float32Array(n), values, num);
		case DuckDBTypeId.DOUBLE:
			return fixed(new Float64(), new Float64Array(n), values, num);
		case DuckDBTypeId.VARCHAR:
		case DuckDBTypeId.UUID:
			return utf8(values.map((v) => (v === null ? null : String(v))));
		case DuckDBTypeId.DATE:
			return fixed(new DateDay(), new Int32Array(n), values, (v) => (v as unknown as { days: number }).days);
		case DuckDBTypeId.TIMESTAMP:
			return big(new Timestamp(TimeUnit.MICROSECOND), new BigInt64Array(n), values, field('micros'));
		case DuckDBTypeId.TIMESTAMP_TZ:
			return big(new Timestamp(TimeUnit.MICROSECOND, 'UTC'), new BigInt64Array(n), values, field('micros'));
		case DuckDBTypeId.TIMESTAMP_MS:
			return big(new Timestamp(TimeUnit.MILLISECOND), new BigInt64Array(n), values, field('millis'));
		case DuckDBTypeId.TIMESTAMP_S:
			return big(new Timestamp(TimeUnit.SECOND), new BigInt64Array(n), values, field('seconds'));
		case DuckDBTypeId.TIMESTAMP_NS:
			return big(new Timestamp(TimeUnit.NANOSECOND), new BigInt64Array(n), values, field('nanos'));
		case DuckDBTypeId.TIME:
			return big(new Time(TimeUnit.MICROSECOND, 64), new BigInt64Array(n), values, field('micros'));
		case DuckDBTypeId.SQLNULL:
			return fixed(new Int32(), new Int32Array(n), values, num);
		case DuckDBTypeId.ENUM:
			return enumData(type as DuckDBEnumType, values);
		case DuckDBTypeId.LIST:
			return listData(type as DuckDBListType, values);
		case DuckDBTypeId.STRUCT:
			return structData(type as DuckDBStructType, values);
		default:
			throw new Error(`The native engine cannot return a column of type ${type.toString()}.`);
	}
}

function enumData(type: DuckDBEnumType, values: Values): Data {
	const count = type.values.length;
	const [indices, data] =
		count <= 0xff
			? [new Uint8(), new Uint8Array(values.length)]
			: count <= 0xffff
				? [new Uint16(), new Uint16Array(values.length)]
				: [new Uint32(), new Uint32Array(values.length)];
	for (let i = 0; i < values.length; i++)
		if (values[i] !== null) data[i] = type.indexForValue(values[i] as string);
	const dictionary = makeVector(utf8(type.values));
	return makeData({
		type: new Dictionary(new Utf8(), indices),
		length: values.length,
		data,
		dictionary,
		...validity(values)
	} as never);
}

function listData(type: DuckDBListType, values: Values): Data {
	const valueOffsets = new Int32Array(values.length + 1);
	const items: DuckDBValue[] = [];
	values.forEach((v, i) => {
		if (v !== null) items.push(...(v as unknown as { items: DuckDBValue[] }).items);
		valueOffsets[i + 1] = items.length;
	});
	const child = dataOf(type.valueType, items);
	return makeData({
		type: new List(new Field('l', child.type, true)),
		length: values.length,
		valueOffsets,
		child,
		...validity(values)
	});
}

function structData(type: DuckDBStructType, values: Values): Data {
	const children = type.entryNames.map((name, e) =>
		dataOf(
			type.entryTypes[e],
			values.map((v) =>
				v === null ? null : (v as unknown as { entries: Record<string, DuckDBValue> }).entries[name]
			)
		)
	);
	const fields = children.map((d, e) => new Field(type.entryNames[e], d.type, true));
	return makeData({ type: new Struct(fields), length: values.length, children, ...validity(values) });
}
