import {
	Bool,
	DateDay,
	DateMillisecond,
	Field,
	Float32,
	Float64,
	Int16,
	Int32,
	Int64,
	Int8,
	makeData,
	RecordBatch,
	Schema,
	Struct,
	Table,
	tableToIPC,
	TimestampMicrosecond,
	Uint32,
	Utf8,
	vectorFromArray,
	type Data,
	type DataType
} from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/lib/engine/duck.ts';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import { createNativeDuck } from '../../src/lib/engine/native-duck.ts';
import { CHUNK_ROWS } from '../../src/lib/engine/native-insert.ts';

/**
 * Native insertArrow (chunks of DuckDB's vector size through the appender) against DuckDB-WASM's own Arrow
 * import of the same bytes: the same column types and every value equal, over batches that end inside a
 * chunk, nulls in some chunks only, and the edges of each type.
 */
const ROWS = [CHUNK_ROWS * 2 + 5, 700, CHUNK_ROWS + 1];

/**
 * A batch's column from row `start` of the table: row `i` (of the table) is null when `nullAt(i)`; bits are
 * Arrow's (least significant first).
 */
function fixed<T extends DataType>(
	start: number,
	type: T,
	data: T['TArray'],
	nullAt: (i: number) => boolean
): Data<T> {
	const bits = new Uint8Array((data.length + 7) >> 3);
	let nullCount = 0;
	for (let i = 0; i < data.length; i++) {
		if (nullAt(start + i)) nullCount++;
		else bits[i >> 3] |= 1 << (i & 7);
	}
	return makeData({ type, length: data.length, data, nullBitmap: bits, nullCount } as never) as Data<T>;
}

const MAX64 = 2n ** 63n - 1n;
const pick = <T>(edges: T[], i: number, other: (i: number) => T) => (i < edges.length ? edges[i] : other(i));

/** One batch of `n` rows starting at row `start` of the whole table: every type native insertArrow takes. */
function batch(start: number, n: number): RecordBatch {
	const at = (f: (i: number) => number) => Array.from({ length: n }, (_, k) => f(start + k));
	// Nulls only in the first chunk of the first batch: a later chunk must not inherit its validity.
	const early = (i: number) => i < CHUNK_ROWS && i % 7 === 3;
	const children: [string, Data][] = [
		['n', fixed(start, new Int32(), Int32Array.from(at((i) => i)), () => false)],
		[
			'text',
			vectorFromArray(
				at((i) => i).map((i) =>
					i % 11 === 5 ? null : pick(['', 'é🚀', 'a,"b"\n', 'x'.repeat(300)], i, (j) => `s${j}`)
				),
				new Utf8()
			).data[0]
		],
		[
			'flag',
			vectorFromArray(
				at((i) => i).map((i) => (i % 5 === 0 ? null : i % 3 === 0)),
				new Bool()
			).data[0]
		],
		[
			'double',
			fixed(
				start,
				new Float64(),
				Float64Array.from(at((i) => pick([NaN, -0, 1e308, -Infinity, 0.1 + 0.2], i, (j) => j / 7))),
				early
			)
		],
		['float', fixed(start, new Float32(), Float32Array.from(at((i) => i * 0.25 - 9)), (i) => i % 13 === 0)],
		[
			'big',
			fixed(
				start,
				new Int64(),
				BigInt64Array.from(
					at((i) => i).map((i) => pick([MAX64, -MAX64 - 1n, 0n], i, (j) => BigInt(j) * 1_000_003n))
				),
				early
			)
		],
		['small', fixed(start, new Int16(), Int16Array.from(at((i) => (i % 65536) - 32768)), () => false)],
		['tiny', fixed(start, new Int8(), Int8Array.from(at((i) => (i % 256) - 128)), (i) => i % 2 === 1)],
		[
			'day',
			fixed(
				start,
				new DateDay(),
				Int32Array.from(at((i) => pick([-719162, 2932896], i, (j) => j - 1000))),
				early
			)
		],
		[
			'day_ms',
			fixed(
				start,
				new DateMillisecond(),
				BigInt64Array.from(at((i) => i).map((i) => BigInt(i - 50) * 86_400_000n)),
				early
			)
		],
		[
			'ts',
			fixed(
				start,
				new TimestampMicrosecond(),
				BigInt64Array.from(at((i) => i).map((i) => 1_700_000_000_123_457n + BigInt(i) * 3_600_000_001n)),
				(i) => i % 9 === 4
			)
		],
		[
			'ts_utc',
			fixed(
				start,
				new TimestampMicrosecond('UTC'),
				BigInt64Array.from(at((i) => i).map((i) => -1n - BigInt(i) * 999_999n)),
				early
			)
		],
		[
			'empty',
			vectorFromArray(
				at(() => 0).map(() => null),
				new Utf8()
			).data[0]
		]
	];
	const fields = children.map(([name, d]) => new Field(name, d.type, true));
	const struct = makeData({
		type: new Struct(fields),
		length: n,
		nullCount: 0,
		children: children.map(([, d]) => d)
	});
	return new RecordBatch(new Schema(fields), struct);
}

function table(): Uint8Array {
	const batches: RecordBatch[] = [];
	let start = 0;
	for (const n of ROWS) {
		batches.push(batch(start, n));
		start += n;
	}
	return tableToIPC(new Table(batches), 'stream');
}

describe('native insertArrow', () => {
	let wasm: Database;
	let native: Database;
	beforeAll(async () => {
		wasm = await createNodeDuck();
		native = await createNativeDuck({ threads: 1 });
	});
	afterAll(async () => {
		await wasm?.close();
		await native?.close();
	});

	test('holds what DuckDB-WASM holds from the same Arrow: types, and every value of every row', async () => {
		const ipc = table();
		await wasm.insertArrow('t', ipc);
		await native.insertArrow('t', ipc);
		const describe = 'SELECT column_name, column_type FROM (DESCRIBE t)';
		expect(await native.rows(describe)).toEqual(await wasm.rows(describe));
		const all = 'SELECT * FROM t ORDER BY n';
		const [a, b] = [await native.rows(all), await wasm.rows(all)];
		expect(a).toHaveLength(ROWS.reduce((x, y) => x + y));
		expect(a).toEqual(b);
		// The comparison covers nulls, kept values and the edges, not an empty agreement.
		const counts = `SELECT count(text)::INTEGER AS text, count(double)::INTEGER AS double,
			count(*) FILTER (WHERE isnan(double))::INTEGER AS nan, max(big)::VARCHAR AS big,
			sum(epoch_us(ts))::VARCHAR AS us, sum(epoch_us(ts_utc::TIMESTAMP))::VARCHAR AS us_utc,
			count(empty)::INTEGER AS empty FROM t`;
		expect(await native.rows(counts)).toEqual(await wasm.rows(counts));
		// Not an empty agreement: the nulls, edges and exact microseconds the batches were built with.
		let us = 0n;
		let usUtc = 0n;
		for (let i = 0; i < a.length; i++) {
			if (i % 9 !== 4) us += 1_700_000_000_123_457n + BigInt(i) * 3_600_000_001n;
			if (!(i < CHUNK_ROWS && i % 7 === 3)) usUtc += -1n - BigInt(i) * 999_999n;
		}
		expect((await native.rows(counts))[0]).toEqual({
			text: a.length - Math.ceil((a.length - 5) / 11),
			double: a.length - Math.ceil((CHUNK_ROWS - 3) / 7),
			nan: 1,
			big: String(MAX64),
			us: String(us),
			us_utc: String(usUtc),
			empty: 0
		});
	});

	test('refuses a type no loader makes, before creating the table', async () => {
		const ipc = tableToIPC(new Table({ u: vectorFromArray([1, 2], new Uint32()) }), 'stream');
		await expect(native.insertArrow('u', ipc)).rejects.toThrow(/cannot load an Arrow column of type Uint32/);
		expect(await native.tableExists('u')).toBe(false);
	});
});
