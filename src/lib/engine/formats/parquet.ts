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
import {
	parquetMetadataAsync,
	parquetRead,
	parquetSchema,
	type AsyncBuffer,
	type FileMetaData,
	type ParquetParsers,
	type SchemaTree
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CancelledError, type Duck } from '../duck.ts';
import type { SourceFile } from '../source.ts';
import {
	boolVector,
	float64Vector,
	flattenValue,
	int64Vector,
	jsonText,
	NameResolver,
	PathNode,
	RowAccumulator,
	utf8Vector,
	type BatchColumn
} from './columns.ts';
import { TableWriter } from './table-writer.ts';
import type { LoadOptions, LoadStats } from './types.ts';

type Kind =
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

interface ColumnPlan {
	source: string;
	kind: Kind;
	/** Digits after the point of a DECIMAL column. */
	scale: number;
	/** The stored unit of a TIME column. */
	timeUnit: 'MILLIS' | 'MICROS' | 'NANOS';
}

/**
 * Timestamps stay 64-bit microseconds (hyparquet's default parsers make millisecond Dates) and dates stay
 * day numbers, so they go into Arrow without a round trip through Date.
 */
const parsers: Partial<ParquetParsers> = {
	timestampFromMilliseconds: (v: bigint) => BigInt(v) * 1000n,
	timestampFromMicroseconds: (v: bigint) => BigInt(v),
	timestampFromNanoseconds: (v: bigint) => floorDiv(BigInt(v), 1000n),
	dateFromDays: (days: number) => days
};

function floorDiv(a: bigint, b: bigint): bigint {
	const q = a / b;
	return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * Loads a Parquet file row group by row group into a new table with the file's columns, typed as in the
 * file (instants as TIMESTAMPTZ, wall-clock timestamps as TIMESTAMP, decimals as DOUBLE), rows in file order
 * and no column of its own. Structs and GA4-style key/value lists are flattened to dotted columns as JSON is.
 */
export async function loadParquet(
	duck: Duck,
	source: SourceFile,
	table: string,
	opts: LoadOptions = {}
): Promise<LoadStats> {
	const blob = source.blob;
	await assertParquet(source);
	const file: AsyncBuffer = {
		byteLength: blob.size,
		slice: (start, end) => blob.slice(start, end).arrayBuffer()
	};
	let metadata: FileMetaData;
	let schema: SchemaTree;
	try {
		metadata = await parquetMetadataAsync(file, { parsers });
		schema = parquetSchema(metadata);
		if (!Array.isArray(metadata.row_groups)) throw new TypeError('no row groups');
	} catch (e) {
		throw new Error(
			// hyparquet's reasons ("thrift struct ended without STOP") are about the format's internals.
			`${source.name} is a damaged Parquet file: its footer, which lists the columns and where the rows are, ` +
				'cannot be read. Export or copy the file again.',
			{ cause: e }
		);
	}
	if (schema.children.length === 0) {
		throw new Error(`${source.name} is a Parquet file with no columns: there is nothing to load.`);
	}
	const resolver = new NameResolver();
	const plans = schema.children.map((child) => planColumn(child));
	const names = plans.map((p) => (p.kind === 'nested' ? '' : resolver.name(p.source)));
	const root = new PathNode('');
	const nested = plans.map((p) => root.child(p.source));

	const writer = new TableWriter(duck, table);
	let start = 0;
	try {
		for (const group of metadata.row_groups) {
			if (opts.isCancelled?.()) throw new CancelledError();
			const rows = Number(group.num_rows);
			if (rows === 0) continue;
			const data = await readRowGroup(file, metadata, start, rows, source.name);
			if (opts.isCancelled?.()) throw new CancelledError();
			const columns: BatchColumn[] = [];
			plans.forEach((plan, i) => {
				const values = data.get(plan.source) ?? new Array<unknown>(rows).fill(null);
				if (plan.kind === 'nested') {
					const acc = new RowAccumulator(resolver);
					const node = nested[i];
					for (let r = 0; r < rows; r++) {
						// A null struct is null in each of its fields: no column for the struct itself.
						if (values[r] !== null && values[r] !== undefined) flattenValue(node, values[r], acc);
						acc.endRow();
					}
					columns.push(...acc.take());
				} else {
					columns.push({ name: names[i], vector: toVector(plan, values), typed: true });
				}
			});
			writer.append(columns, rows);
			start += rows;
			opts.onBytes?.(Math.min(blob.size, groupEnd(group.columns)));
		}
		if (!writer.hasTable) {
			const columns: BatchColumn[] = [];
			plans.forEach((plan, i) => {
				if (plan.kind !== 'nested') columns.push({ name: names[i], vector: toVector(plan, []), typed: true });
			});
			writer.append(columns, 0);
		}
	} catch (e) {
		writer.abort();
		throw e;
	}
	opts.onBytes?.(blob.size);
	return { rows: writer.rows, rejected: [], rejectedCount: 0 };
}

/** A Parquet file starts with `PAR1` and ends with its footer's length and `PAR1` again (12 bytes at least). */
async function assertParquet(source: SourceFile): Promise<void> {
	const size = source.blob.size;
	const magic = 'PAR1';
	const text = async (s: number, e: number) =>
		new TextDecoder().decode(await source.blob.slice(s, e).arrayBuffer());
	if ((await text(0, 4)) !== magic) {
		throw new Error(`${source.name} is not a Parquet file (it does not start with "PAR1")`);
	}
	if (size < 12 || (await text(size - 4, size)) !== magic) {
		throw new Error(
			`${source.name} is cut short: a Parquet file ends with a footer that lists its columns, and this one ` +
				`has none (${size} bytes). Export or copy the file again.`
		);
	}
}

/**
 * Why hyparquet failed, for a message: its own errors say what is unsupported or wrong; JavaScript's
 * (reading a field of undefined in a damaged footer) say nothing to the reader, so `damaged` stands in.
 */
function reason(e: unknown, damaged: string): string {
	if (!(e instanceof Error) || e instanceof TypeError || e instanceof RangeError) return damaged;
	return e.message.replace(/^parquet /, '');
}

/** Reads one row group's top-level columns (structs and lists assembled) as arrays indexed by row. */
async function readRowGroup(
	file: AsyncBuffer,
	metadata: FileMetaData,
	start: number,
	rows: number,
	name: string
): Promise<Map<string, ArrayLike<unknown>>> {
	const columns = new Map<string, unknown[]>();
	const whole = new Map<string, ArrayLike<unknown>>();
	try {
		await parquetRead({
			file,
			metadata,
			rowStart: start,
			rowEnd: start + rows,
			compressors,
			parsers,
			onChunk({ columnName, columnData, rowStart, rowEnd }) {
				// The usual case: one chunk covering the row group exactly, kept as the typed array it is.
				if (rowStart === start && rowEnd === start + rows && !columns.has(columnName)) {
					whole.set(columnName, columnData);
					return;
				}
				let out = columns.get(columnName);
				if (out === undefined) {
					out = new Array<unknown>(rows).fill(null);
					const first = whole.get(columnName);
					if (first !== undefined) for (let r = 0; r < rows; r++) out[r] = first[r];
					whole.delete(columnName);
					columns.set(columnName, out);
				}
				for (let r = Math.max(rowStart, start); r < Math.min(rowEnd, start + rows); r++) {
					out[r - start] = columnData[r - rowStart];
				}
			}
		});
	} catch (e) {
		const why = reason(e, 'the data there is damaged');
		throw new Error(`${name}: cannot read Parquet rows ${start + 1} to ${start + rows} (${why})`, {
			cause: e
		});
	}
	for (const [key, values] of columns) whole.set(key, values);
	return whole;
}

function groupEnd(
	columns: readonly {
		meta_data?: { data_page_offset: bigint; dictionary_page_offset?: bigint; total_compressed_size: bigint };
	}[]
): number {
	let end = 0;
	for (const c of columns) {
		const m = c.meta_data;
		if (!m) continue;
		const first =
			m.dictionary_page_offset !== undefined && m.dictionary_page_offset > 0n
				? m.dictionary_page_offset
				: m.data_page_offset;
		end = Math.max(end, Number(first + m.total_compressed_size));
	}
	return end;
}

function planColumn(node: SchemaTree): ColumnPlan {
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

function toVector(plan: ColumnPlan, values: ArrayLike<unknown>): Vector {
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
