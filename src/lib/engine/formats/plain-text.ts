/**
 * A delimited file as DuckDB's CSV reader wants it: UTF-8, uncompressed. Done in a stream, chunk by chunk,
 * so a file larger than memory allows twice still fits: the output is gathered into Blobs (which a browser
 * may keep on disk) a few megabytes at a time. Only files that need it pay for this pass: UTF-16 and
 * Windows-1252 files, UTF-8 files with some lines in another encoding, and gzip streams that end early.
 */
import { CancelledError } from '../duck.ts';
import { byteOrderMark, validUtf8Until, type TextEncodingName } from '../text-encoding.ts';
import { capUnpacked, TooLargeError } from '../size-limit.ts';
import { gunzip, type InflaterFactory } from './gunzip.ts';

export interface PlainText {
	/** The text as UTF-8 without a byte order mark, uncompressed. */
	blob: Blob;
	/** The encoding the text was read in: `windows-1252` when any line was. */
	encoding: TextEncodingName;
	/** Lines that were not valid UTF-8 and were read as Windows-1252. */
	reencodedLines: number;
	/** The gzip stream ended early or is damaged: the text stops at the last whole line before that point. */
	truncated: boolean;
}

export interface PlainTextOptions {
	/** The bytes are gzip (by their magic bytes). */
	gzip: boolean;
	/** `utf-16le`/`utf-16be` decode the whole file so; anything else decides line by line (UTF-8, else Windows-1252). */
	encoding: TextEncodingName;
	/**
	 * Ends every line with \n alone (a \r before it dropped, a \r alone made \n): for a file whose lines end
	 * in more than one way, which DuckDB's reader refuses whole. A \r alone ends a line, as in old Mac files
	 * and for DuckDB's reader, so a stray one inside an unquoted value splits that line and costs it; a value
	 * quoted across lines then holds \n where it held \r\n or \r.
	 */
	lineEnds?: boolean;
	/** Bytes of the file consumed so far (compressed bytes for gzip). */
	onBytes?: (bytes: number) => void;
	/** The user's name of the file, for the message when gzip unpacks to too much (size-limit.ts). */
	name?: string;
	/** How gzip is unpacked (the host's, formats/gunzip.ts); the browser's DecompressionStream by default. */
	inflater?: InflaterFactory;
	isCancelled?: () => boolean;
}

/** Output is handed to a Blob every this many bytes, so the chunks held in JavaScript stay few. */
const FLUSH_BYTES = 16 * 1024 * 1024;
const LF = 0x0a;

class BlobSink {
	#parts: BlobPart[] = [];
	#pending: Uint8Array[] = [];
	#pendingBytes = 0;

	push(bytes: Uint8Array) {
		if (bytes.length === 0) return;
		this.#pending.push(bytes);
		this.#pendingBytes += bytes.length;
		if (this.#pendingBytes >= FLUSH_BYTES) this.#flush();
	}

	#flush() {
		if (this.#pending.length) this.#parts.push(new Blob(this.#pending as BlobPart[]));
		this.#pending = [];
		this.#pendingBytes = 0;
	}

	finish(): Blob {
		this.#flush();
		return new Blob(this.#parts);
	}
}

/**
 * The file's bytes as a stream, counted as they are read, and gunzipped when `gzip` (gunzip.ts, which
 * loses nothing before damage): then it fails with a TooLargeError once it has unpacked more than a load
 * may hold (size-limit.ts).
 */
export function byteStream(blob: Blob, opts: PlainTextOptions): ReadableStream<Uint8Array> {
	if (opts.gzip) return capUnpacked(gunzip(blob, opts.onBytes, opts.inflater), opts.name ?? 'The file');
	let consumed = 0;
	const counted = blob.stream().pipeThrough(
		new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, controller) {
				consumed += chunk.byteLength;
				opts.onBytes?.(consumed);
				controller.enqueue(chunk);
			}
		})
	);
	return counted;
}

/**
 * Reads every chunk of `stream` into `take`. Returns true when the stream ended early with an error (a
 * gzip stream cut off or damaged): what came before the error has been taken. A TooLargeError is thrown.
 */
export async function drain(
	stream: ReadableStream<Uint8Array>,
	take: (chunk: Uint8Array) => void,
	opts: PlainTextOptions
): Promise<boolean> {
	const reader = stream.getReader();
	for (;;) {
		if (opts.isCancelled?.()) {
			await reader.cancel().catch(() => undefined);
			throw new CancelledError();
		}
		let result: ReadableStreamReadResult<Uint8Array>;
		try {
			result = await reader.read();
		} catch (e) {
			if (!opts.gzip || e instanceof TooLargeError) throw e;
			return true;
		}
		if (result.done) return false;
		take(result.value);
	}
}

/**
 * The file as UTF-8 text, decompressed. UTF-16 is decoded whole; otherwise each line that is valid UTF-8
 * is kept byte for byte and any other line is read as Windows-1252 (a file that is UTF-8 except for some
 * lines loses none of them). When a gzip stream ends early, the last line, cut off, is left out.
 */
export async function toPlainUtf8(blob: Blob, opts: PlainTextOptions): Promise<PlainText> {
	const sink = new BlobSink();
	const wide = opts.encoding === 'utf-16le' || opts.encoding === 'utf-16be';
	if (wide) {
		const decoder = new TextDecoder(opts.encoding);
		const encoder = new TextEncoder();
		let carry = '';
		const truncated = await drain(
			byteStream(blob, opts),
			(chunk) => {
				const text = carry + decoder.decode(chunk, { stream: true });
				const last = text.lastIndexOf('\n');
				const lines = text.slice(0, last + 1);
				sink.push(encoder.encode(opts.lineEnds ? lines.replace(/\r\n?/g, '\n') : lines));
				carry = text.slice(last + 1);
			},
			opts
		);
		if (!truncated) {
			const rest = carry + decoder.decode();
			sink.push(encoder.encode(opts.lineEnds ? rest.replace(/\r\n?/g, '\n') : rest));
		}
		return { blob: sink.finish(), encoding: opts.encoding, reencodedLines: 0, truncated };
	}
	const lines = new LineRecoder(sink, opts.lineEnds ?? false);
	const truncated = await drain(byteStream(blob, opts), (chunk) => lines.take(chunk), opts);
	if (!truncated) lines.end();
	return {
		blob: sink.finish(),
		encoding: lines.reencoded > 0 ? 'windows-1252' : 'utf-8',
		reencodedLines: lines.reencoded,
		truncated
	};
}

/** Passes whole lines on: valid UTF-8 as they are, others decoded as Windows-1252 and encoded as UTF-8. */
class LineRecoder {
	reencoded = 0;
	#sink: BlobSink;
	#carry: Uint8Array | null = null;
	#first = true;
	#cp1252 = new TextDecoder('windows-1252');
	#encoder = new TextEncoder();

	#lineEnds: boolean;

	constructor(sink: BlobSink, lineEnds: boolean) {
		this.#sink = sink;
		this.#lineEnds = lineEnds;
	}

	take(chunk: Uint8Array) {
		let data = chunk;
		if (this.#carry) {
			data = new Uint8Array(this.#carry.length + chunk.length);
			data.set(this.#carry);
			data.set(chunk, this.#carry.length);
			this.#carry = null;
		}
		const last = data.lastIndexOf(LF);
		if (last < 0) {
			this.#carry = data;
			return;
		}
		this.#lines(data.subarray(0, last + 1));
		this.#carry = data.slice(last + 1);
	}

	end() {
		if (this.#carry?.length) this.#lines(this.#carry);
		this.#carry = null;
	}

	#lines(data: Uint8Array) {
		if (this.#lineEnds) data = withoutCr(data);
		if (this.#first) {
			this.#first = false;
			if (byteOrderMark(data)?.encoding === 'utf-8') data = data.subarray(3);
		}
		let run = 0;
		let at = 0;
		while (at < data.length) {
			const bad = validUtf8Until(data, at, data.length);
			if (bad === data.length) break;
			const start = bad > 0 ? data.lastIndexOf(LF, bad - 1) + 1 : 0;
			const nl = data.indexOf(LF, bad);
			const end = nl < 0 ? data.length : nl + 1;
			this.#sink.push(data.subarray(run, start));
			this.#sink.push(this.#encoder.encode(this.#cp1252.decode(data.subarray(start, end))));
			this.reencoded++;
			run = at = end;
		}
		this.#sink.push(data.subarray(run));
	}
}

/** `data` with each \r\n made \n, and each \r alone made \n. */
function withoutCr(data: Uint8Array): Uint8Array {
	let cr = data.indexOf(0x0d);
	if (cr < 0) return data;
	const out = new Uint8Array(data.length);
	let n = 0;
	let from = 0;
	for (; cr >= 0; cr = data.indexOf(0x0d, cr + 1)) {
		out.set(data.subarray(from, cr), n);
		n += cr - from;
		if (data[cr + 1] !== LF) out[n++] = LF;
		from = cr + 1;
	}
	out.set(data.subarray(from), n);
	n += data.length - from;
	return out.subarray(0, n);
}
