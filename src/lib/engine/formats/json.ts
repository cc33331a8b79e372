import { CancelledError, type Database } from '../duck.ts';
import type { SourceFile } from '../source.ts';
import { RowAccumulator } from './columns.ts';
import { flattenValue, NameResolver, PathNode } from './flatten.ts';
import { JsonSplitter, RAW_LIMIT } from './json-splitter.ts';
import { TableWriter } from './table-writer.ts';
import type { BatchColumn } from './vectors.ts';
import type { LoadOptions, LoadStats, RejectedRow } from './types.ts';

export interface JsonLoadOptions extends LoadOptions {
	/** Rows per Arrow batch (default 50,000); tests use small batches to exercise schema changes. */
	batchRows?: number;
}

const DEFAULT_BATCH_ROWS = 50_000;
/** A batch is also cut when its source text passes this size, so wide rows cannot exhaust WASM memory. */
const MAX_BATCH_TEXT = 64 * 1024 * 1024;
const KEPT_REJECTS = 20;
/** Give up early on a file that is clearly not JSON instead of reading gigabytes of it. */
const GIVE_UP_AFTER = 100;

/**
 * Loads JSON Lines (one object per line) or a JSON array of objects, optionally gzip-compressed, into a new
 * table with one column per flattened key (`properties.distinct_id`, `event_params.page_location`), rows in
 * file order. Nothing else is added: every column of the table is the file's.
 */
export async function loadJson(
	duck: Database,
	source: SourceFile,
	table: string,
	opts: JsonLoadOptions = {}
): Promise<LoadStats> {
	const batchRows = Math.max(1, opts.batchRows ?? DEFAULT_BATCH_ROWS);
	const writer = await TableWriter.create(duck, table);
	const resolver = new NameResolver();
	const acc = new RowAccumulator(resolver);
	const rejected: RejectedRow[] = [];
	let rejectedCount = 0;
	let objects = 0;

	const notJson = (why: string) => new NotJsonError(`${source.name} does not look like JSON: ${why}`);

	const reject = (line: number | null, reason: string, raw: string) => {
		rejectedCount++;
		if (rejected.length < KEPT_REJECTS) {
			rejected.push({ file: source.name, line, reason, raw: raw.slice(0, RAW_LIMIT) });
		}
		if (objects === 0 && rejectedCount >= GIVE_UP_AFTER) {
			throw notJson(`the first ${GIVE_UP_AFTER} records are not JSON objects (${describe(rejected[0])})`);
		}
	};

	// The splitter hands records over synchronously: a full batch waits here until its chunk is split, then
	// `flush` writes it.
	const full: { columns: BatchColumn[]; rows: number }[] = [];
	const take = () => {
		if (acc.rows > 0) full.push({ rows: acc.rows, columns: acc.take() });
	};
	const flush = async () => {
		if (opts.isCancelled?.()) throw new CancelledError();
		for (const batch of full.splice(0)) {
			await writer.append(batch.columns, batch.rows);
			if (opts.isCancelled?.()) throw new CancelledError();
		}
	};

	const root = new PathNode('');

	const onRecord = (text: string, line: number | null) => {
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (e) {
			reject(line, e instanceof Error ? e.message : String(e), text);
			return;
		}
		if (value === null || typeof value !== 'object' || Array.isArray(value)) {
			reject(line, `Not a JSON object but ${kindName(value)}`, text);
			return;
		}
		flattenValue(root, value, acc);
		acc.endRow(text.length);
		objects++;
		if (acc.rows >= batchRows || acc.textLength >= MAX_BATCH_TEXT) take();
	};

	const read = async (splitter: JsonSplitter) => {
		for await (const text of decodedChunks(source, opts.onBytes)) {
			if (opts.isCancelled?.()) throw new CancelledError();
			splitter.push(text);
			await flush();
		}
		splitter.end();
		take();
		await flush();
		if (objects === 0) {
			throw notJson(rejectedCount > 0 ? describe(rejected[0]) : 'it holds no JSON objects');
		}
	};

	try {
		const lines = new JsonSplitter(onRecord, reject, false);
		try {
			await read(lines);
		} catch (e) {
			// Not one object per line, but it starts with `{`: pretty-printed object(s) one after another.
			if (!(e instanceof NotJsonError) || !lines.startsWithBrace) throw e;
			rejected.length = 0;
			rejectedCount = 0;
			try {
				await read(new JsonSplitter(onRecord, reject, true));
			} catch (again) {
				throw again instanceof NotJsonError ? e : again;
			}
		}
	} catch (e) {
		await writer.abort();
		throw e;
	}
	return { rows: writer.rows, rejected, rejectedCount };
}

class NotJsonError extends Error {}

function describe(r: RejectedRow): string {
	return r.line === null ? r.reason : `line ${r.line}: ${r.reason}`;
}

function kindName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return `a ${typeof value}`;
}

/** The file's text in chunks, gunzipped when it starts with the gzip magic bytes whatever its name. */
async function* decodedChunks(source: SourceFile, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
	const head = new Uint8Array(await source.blob.slice(0, 2).arrayBuffer());
	const gzip = head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
	let consumed = 0;
	let stream: ReadableStream<Uint8Array<ArrayBuffer>> = source.blob.stream().pipeThrough(
		new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
			transform(chunk, controller) {
				consumed += chunk.byteLength;
				onBytes?.(consumed);
				controller.enqueue(chunk);
			}
		})
	);
	if (gzip) stream = stream.pipeThrough(new DecompressionStream('gzip'));
	const decoder = new TextDecoder('utf-8');
	const reader = stream.getReader();
	let finished = false;
	try {
		for (;;) {
			let result: ReadableStreamReadResult<Uint8Array<ArrayBuffer>>;
			try {
				result = await reader.read();
			} catch (e) {
				if (!gzip) throw e;
				throw new Error(
					`${source.name}: cannot decompress gzip data (${e instanceof Error ? e.message : e})`,
					{ cause: e }
				);
			}
			if (result.done) break;
			const text = decoder.decode(result.value, { stream: true });
			if (text) yield text;
		}
		const tail = decoder.decode();
		if (tail) yield tail;
		finished = true;
	} finally {
		if (!finished) await reader.cancel().catch(() => {});
	}
}
