/**
 * Arrow into a new native DuckDB table (NativeDatabase.insertArrow), in chunks of DuckDB's vector size
 * rather than a value at a time: each chunk's columns are written into a DuckDB data chunk and handed to the
 * appender whole (`appendDataChunk`, the bulk path of @duckdb/node-api: see its README, "Append Data
 * Chunk"). The columns get the types DuckDB's own Arrow import gives them, which is what DuckDB-WASM's
 * `insertArrowFromIPCStream` does with the same bytes, so both engines hold the same table.
 */
import { Buffer } from 'node:buffer';
import { DateUnit, Type, type Data, type DataType, type Table } from 'apache-arrow';
import {
	BIGINT,
	BOOLEAN,
	DATE,
	DOUBLE,
	DuckDBDataChunk,
	DuckDBDateValue,
	DuckDBTimestampTZValue,
	DuckDBTimestampValue,
	FLOAT,
	INTEGER,
	SMALLINT,
	TIMESTAMP,
	TIMESTAMPTZ,
	TINYINT,
	VARCHAR,
	type DuckDBAppender,
	type DuckDBType,
	type DuckDBValue,
	type DuckDBVector
} from '@duckdb/node-api';

/** Rows per data chunk: DuckDB's STANDARD_VECTOR_SIZE, the most a chunk holds. */
export const CHUNK_ROWS = 2048;

/**
 * Reads row `i` of an Arrow column's batch, a valid row only. As in Arrow JS (visitor/get.js), the value
 * buffers of a sliced batch start at its first row, while bits (validity, booleans) count from `offset`.
 */
type Read = (data: Data, i: number) => DuckDBValue;

/** How one Arrow column becomes a DuckDB column: its SQL type for CREATE TABLE and how a value is read. */
export interface NativeColumn {
	name: string;
	sql: string;
	type: DuckDBType;
	/** Reads one value; built once per Arrow batch (`data`), so per-batch views are made once. */
	reader(data: Data): Read;
}

const direct: Read = (d, i) => (d.values as ArrayLike<number | bigint>)[i] as number | bigint;
const bit = (bits: Uint8Array, at: number) => ((bits[at >> 3] >> (at & 7)) & 1) === 1;

function column(name: string, sql: string, type: DuckDBType, reader: (data: Data) => Read = () => direct) {
	return { name, sql, type, reader };
}

/**
 * The DuckDB column the Arrow field `name` of `type` becomes, as DuckDB's Arrow import maps it. Throws for a
 * type no loader makes (unsigned integers, half floats, timestamps not in µs, nested types…).
 */
export function nativeColumn(name: string, type: DataType): NativeColumn {
	switch (type.typeId) {
		case Type.Utf8:
			return column(name, 'VARCHAR', VARCHAR, (data) => {
				// One view of the batch's bytes; Node decodes a slice of it natively.
				const bytes = data.values as Uint8Array;
				const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
				const offsets = data.valueOffsets as Int32Array;
				return (_d, i) => text.toString('utf8', offsets[i], offsets[i + 1]);
			});
		case Type.Bool:
			return column(name, 'BOOLEAN', BOOLEAN, () => (d, i) => bit(d.values as Uint8Array, d.offset + i));
		case Type.Float: {
			const precision = (type as unknown as { precision: number }).precision;
			if (precision === 1) return column(name, 'FLOAT', FLOAT);
			if (precision === 2) return column(name, 'DOUBLE', DOUBLE);
			break;
		}
		case Type.Int: {
			const { bitWidth, isSigned } = type as unknown as { bitWidth: number; isSigned: boolean };
			if (!isSigned) break;
			if (bitWidth === 64) return column(name, 'BIGINT', BIGINT);
			if (bitWidth === 32) return column(name, 'INTEGER', INTEGER);
			if (bitWidth === 16) return column(name, 'SMALLINT', SMALLINT);
			if (bitWidth === 8) return column(name, 'TINYINT', TINYINT);
			break;
		}
		case Type.Date:
			return column(name, 'DATE', DATE, () =>
				(type as unknown as { unit: DateUnit }).unit === DateUnit.DAY
					? (d, i) => new DuckDBDateValue((d.values as Int32Array)[i])
					: (d, i) => new DuckDBDateValue(Math.round(Number((d.values as BigInt64Array)[i]) / 86_400_000))
			);
		case Type.Timestamp: {
			const { unit, timezone } = type as unknown as { unit: number; timezone: string | null };
			if (unit !== 2) break;
			// The stored microseconds, not Arrow's `get` (milliseconds as a float, which can miss by one).
			const micros = (d: Data, i: number) => (d.values as BigInt64Array)[i];
			return timezone
				? column(name, 'TIMESTAMPTZ', TIMESTAMPTZ, () => (d, i) => new DuckDBTimestampTZValue(micros(d, i)))
				: column(name, 'TIMESTAMP', TIMESTAMP, () => (d, i) => new DuckDBTimestampValue(micros(d, i)));
		}
	}
	throw new Error(`The native engine cannot load an Arrow column of type ${String(type)}.`);
}

/** Whether row `i` of `data` holds a value. */
function valid(data: Data, i: number): boolean {
	const bits = data.nullBitmap;
	return !data.nullCount || !bits || bits.length === 0 || bit(bits, data.offset + i);
}

/**
 * Appends every row of `table` to the appender of a table whose columns are `columns` (in the table's order),
 * CHUNK_ROWS rows per data chunk. A fresh chunk each time: a reset one would keep its validity in JS.
 */
export function appendTable(appender: DuckDBAppender, columns: readonly NativeColumn[], table: Table): void {
	const types = columns.map((c) => c.type);
	for (const batch of table.batches) {
		const datas = columns.map((_, c) => batch.data.children[c]);
		const readers = columns.map((c, i) => c.reader(datas[i]));
		for (let from = 0; from < batch.numRows; from += CHUNK_ROWS) {
			const count = Math.min(CHUNK_ROWS, batch.numRows - from);
			const chunk = DuckDBDataChunk.create(types, count);
			for (let c = 0; c < columns.length; c++) {
				const data = datas[c];
				const read = readers[c];
				const vector: DuckDBVector = chunk.getColumnVector(c);
				// Values first, then the nulls: a chunk's validity is all valid until the first null, and once a
				// null is set every later value would update its bits too (with BigInt arithmetic).
				for (let row = 0; row < count; row++) {
					if (valid(data, from + row)) vector.setItem(row, read(data, from + row));
				}
				if (data.nullCount)
					for (let row = 0; row < count; row++) if (!valid(data, from + row)) vector.setItem(row, null);
				vector.flush();
			}
			appender.appendDataChunk(chunk);
		}
	}
}
