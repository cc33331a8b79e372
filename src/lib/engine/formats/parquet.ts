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
import { CancelledError, type Database } from '../duck.ts';
import type { SourceFile } from '../source.ts';
import { RowAccumulator } from './columns.ts';
import { flattenValue, NameResolver, PathNode } from './flatten.ts';
import { floorDiv, planColumn, toVector } from './parquet-columns.ts';
import { TableWriter } from './table-writer.ts';
import type { BatchColumn } from './vectors.ts';
import type { LoadOptions, LoadStats, RejectedRow } from './types.ts';

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

/**
 * Loads a Parquet file row group by row group into a new table with the file's columns, typed as in the
 * file (instants as TIMESTAMPTZ, wall-clock timestamps as TIMESTAMP, decimals as DOUBLE), rows in file order
 * and no column of its own. Structs and GA4-style key/value lists are flattened to dotted columns as JSON is.
 */
export async function loadParquet(
	duck: Database,
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

	const writer = await TableWriter.create(duck, table);
	const rejected: RejectedRow[] = [];
	let rejectedCount = 0;
	let start = 0;
	try {
		for (const group of metadata.row_groups) {
			if (opts.isCancelled?.()) throw new CancelledError();
			const rows = Number(group.num_rows);
			if (rows === 0) continue;
			let data: Map<string, ArrayLike<unknown>>;
			try {
				data = await readRowGroup(file, metadata, start, rows);
			} catch (e) {
				// A damaged row group costs its rows, said with the reason; the others still load.
				if (!(e instanceof DamagedRows)) throw e;
				rejected.push({ file: source.name, line: null, reason: e.message, raw: '' });
				rejectedCount += rows;
				start += rows;
				continue;
			}
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
			await writer.append(columns, rows);
			start += rows;
			opts.onBytes?.(Math.min(blob.size, groupEnd(group.columns)));
		}
		if (rejectedCount > 0 && writer.rows === 0) {
			throw new Error(
				`${source.name} is damaged: ${lowerFirst(rejected[0].reason)}${rejected.length > 1 ? ', and so are the rest' : ''}. Export or copy the file again.`
			);
		}
		if (!writer.hasTable) {
			const columns: BatchColumn[] = [];
			plans.forEach((plan, i) => {
				if (plan.kind !== 'nested') columns.push({ name: names[i], vector: toVector(plan, []), typed: true });
			});
			await writer.append(columns, 0);
		}
	} catch (e) {
		await writer.abort();
		throw e;
	}
	opts.onBytes?.(blob.size);
	return { rows: writer.rows, rejected: rejected.slice(0, 20), rejectedCount };
}

/** A row group that cannot be decoded: its message says which rows and why. */
class DamagedRows extends Error {}

const lowerFirst = (s: string) => s[0].toLowerCase() + s.slice(1);

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

/**
 * Reads one row group's top-level columns (structs and lists assembled) as arrays indexed by row. Throws
 * DamagedRows when its data cannot be decoded.
 */
async function readRowGroup(
	file: AsyncBuffer,
	metadata: FileMetaData,
	start: number,
	rows: number
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
		throw new DamagedRows(`Rows ${start + 1} to ${start + rows} cannot be read (${why})`, { cause: e });
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
