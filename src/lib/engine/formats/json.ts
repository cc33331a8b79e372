import { CancelledError, type Database } from '../duck.ts';
import type { SourceFile } from '../source.ts';
import { ColumnBatch, type IpcBatch } from './column-batch.ts';
import { flattenValue, NameResolver, PathNode } from './flatten.ts';
import { RecordParser } from './json-record.ts';
import { ByteLines, JsonSplitter, jsonShape, RAW_LIMIT } from './json-splitter.ts';
import { TableWriter } from './table-writer.ts';
import type { LoadOptions, LoadStats, RejectedRow } from './types.ts';

export interface JsonLoadOptions extends LoadOptions {
	/** Rows per Arrow batch (default 200,000); tests use small batches to exercise schema changes. */
	batchRows?: number;
}

const DEFAULT_BATCH_ROWS = 200_000;
/** A batch is also cut when its source text passes this size, so wide rows cannot exhaust WASM memory. */
const MAX_BATCH_TEXT = 64 * 1024 * 1024;
const KEPT_REJECTS = 20;
/** Give up early on a file that is clearly not JSON instead of reading gigabytes of it. */
const GIVE_UP_AFTER = 100;

/**
 * Loads JSON Lines (one object per line) or a JSON array of objects, optionally gzip-compressed, into a new
 * table with one column per flattened key (`properties.distinct_id`, `event_params.page_location`), rows in
 * file order. Nothing else is added: every column of the table is the file's.
 *
 * Values are read as written (SEMANTICS §1): in each batch a column is BIGINT when its values are integers
 * within 64 bits, DOUBLE when they are numbers a double holds as written, BOOLEAN, else VARCHAR holding
 * each value's text as written; a type that changes between batches is widened (table-writer.ts). Records
 * are parsed from the file's bytes (json-record.ts); one that parser cannot read goes to JSON.parse, and
 * when JSON.parse refuses it too, the record is rejected with JSON.parse's words and the line it starts on.
 */
export async function loadJson(
	duck: Database,
	source: SourceFile,
	table: string,
	opts: JsonLoadOptions = {}
): Promise<LoadStats> {
	const batchRows = Math.max(1, opts.batchRows ?? DEFAULT_BATCH_ROWS);
	const writer = await TableWriter.create(duck, table);
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

	// Records are handed over synchronously: a full batch waits here as Arrow bytes until its chunk is
	// read, then `flush` writes it.
	const full: IpcBatch[] = [];
	const flush = async () => {
		if (opts.isCancelled?.()) throw new CancelledError();
		for (const batch of full.splice(0)) {
			await writer.appendIpc(batch);
			if (opts.isCancelled?.()) throw new CancelledError();
		}
	};

	let startsWithBrace = false;
	/** One read of the file; `values`: complete values one after another (pretty-printed objects). */
	const read = async (values: boolean) => {
		const root = new PathNode('');
		const batch = new ColumnBatch(new NameResolver());
		const records = new RecordParser(batch, root);
		const utf8 = new TextDecoder('utf-8');
		const take = () => {
			if (batch.rows > 0) full.push(batch.take());
		};
		const endRow = (textLength: number) => {
			batch.endRow(textLength);
			objects++;
			if (batch.rows >= batchRows || batch.textLength >= MAX_BATCH_TEXT) take();
		};
		// Records the byte parser hands back: JSON.parse's reading, or its words for the reject.
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
			flattenValue(root, value, batch);
			endRow(text.length);
		};
		// Records of a JSON array, cut from the decoded text: parsed from bytes as lines are.
		const encoder = new TextEncoder();
		const onElement = (text: string, line: number | null) => {
			const bytes = encoder.encode(text);
			if (records.parse(bytes, 0, bytes.length)) endRow(text.length);
			else onRecord(text, line);
		};
		const lines = new ByteLines((bytes, start, end, line) => {
			if (records.parse(bytes, start, end)) return endRow(end - start);
			const text = utf8.decode(bytes.subarray(start, end));
			if (text.trim() !== '') onRecord(text, line);
		});
		const text = (splitter: JsonSplitter, decoder = new TextDecoder('utf-8')) => ({
			push: (bytes: Uint8Array) => splitter.push(decoder.decode(bytes, { stream: true })),
			end: () => {
				splitter.push(decoder.decode());
				splitter.end();
			}
		});
		let sink: { push(bytes: Uint8Array): void; end(): void } | null = values
			? text(new JsonSplitter(onElement, reject, true))
			: null;
		let head: Uint8Array = new Uint8Array(0);
		for await (const chunk of byteChunks(source, opts.onBytes)) {
			if (opts.isCancelled?.()) throw new CancelledError();
			if (sink) sink.push(chunk);
			else {
				head = head.length ? concat(head, chunk) : chunk;
				const shape = jsonShape(head);
				if (!shape) continue;
				startsWithBrace = shape.brace;
				sink = shape.shape === 'lines' ? lines : text(new JsonSplitter(onElement, reject, false));
				sink.push(head.subarray(shape.skip));
			}
			await flush();
		}
		(sink ?? lines).end();
		take();
		await flush();
		if (objects === 0) {
			throw notJson(rejectedCount > 0 ? describe(rejected[0]) : 'it holds no JSON objects');
		}
	};

	try {
		try {
			await read(false);
		} catch (e) {
			// Not one object per line, but it starts with `{`: pretty-printed object(s) one after another.
			if (!(e instanceof NotJsonError) || !startsWithBrace) throw e;
			rejected.length = 0;
			rejectedCount = 0;
			try {
				await read(true);
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

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	const out = new Uint8Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}

/** The file's bytes in chunks, gunzipped when it starts with the gzip magic bytes whatever its name. */
async function* byteChunks(
	source: SourceFile,
	onBytes?: (bytes: number) => void
): AsyncGenerator<Uint8Array> {
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
			if (result.value.length > 0) yield result.value;
		}
		finished = true;
	} finally {
		if (!finished) await reader.cancel().catch(() => {});
	}
}
