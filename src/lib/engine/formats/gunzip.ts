/**
 * A gzip file unpacked without losing what comes before its damage. A decompressor meeting damage (a wrong
 * checksum, bytes after the end of the data, a cut) fails, and drops the output of the input it was
 * working on: in Chromium's DecompressionStream everything one piece of input (64 KB of a file, most of a
 * small one) unpacked to, since an errored stream empties its queue; under Node its last 16 KB. So input is
 * fed in pieces, and a stream that fails is unpacked again, fed a byte at a time from the piece before the
 * failure: the byte that fails then gives no output of its own, and every byte before the damage comes out.
 * That byte is also where a next gzip member starts, when the file is several.
 */
import { CancelledError } from '../duck.ts';

/**
 * A decompressor fed piece by piece. `write` resolves once the piece is unpacked and what it gave has been
 * handed to the output callback (which may make it wait), and rejects when the data is damaged there;
 * `close` rejects when the data was cut off.
 */
export interface Inflater {
	write(piece: Uint8Array): Promise<void>;
	close(): Promise<void>;
	abort(): void;
}

/** Makes an inflater for gzip data that hands its output to `onOutput`. */
export type InflaterFactory = (onOutput: (chunk: Uint8Array) => Promise<void> | void) => Inflater;

/**
 * The browser's DecompressionStream as an Inflater. In Chromium its transform runs when a piece is written
 * and the write resolves after it; output waits in the readable side only until the pipe below takes it,
 * and the next piece is not unpacked before (the stream's backpressure). Node's DecompressionStream unpacks
 * on a worker thread and resolves writes before their output arrives: Node uses node-duck.ts's inflater.
 */
export const webInflater: InflaterFactory = (onOutput) => {
	const unpack = new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>;
	const writer = unpack.writable.getWriter();
	const drained = unpack.readable.pipeTo(
		new WritableStream<Uint8Array>({ write: (chunk) => onOutput(chunk) })
	);
	drained.catch(() => undefined);
	return {
		write: (piece) => writer.write(piece),
		close: async () => {
			await writer.close();
			await drained;
		},
		abort: () => void writer.abort().catch(() => undefined)
	};
};

/**
 * Input is fed in pieces of this many bytes, so that a first pass that fails says where within one piece;
 * the second pass feeds a byte at a time from the piece before.
 */
const PIECE = 8 * 1024;

/** Unpacking runs this long at most before it lets other work of its thread (a cancel message) run. */
const SLICE_MS = 50;

/**
 * Resolves in a later task. Unpacking is a chain of promises, all microtasks: without this a gzip bomb
 * kept its thread from every message (a cancel among them) for the minute it took.
 */
function nextTask(): Promise<void> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			channel.port1.close();
			resolve();
		};
		channel.port2.postMessage(null);
	});
}

/** Thrown at the end of the output when the stream is cut off or damaged; all output before it is good. */
export class GzipDamaged extends Error {}

/** Whether a gzip member starts at byte `at`: its magic bytes and the deflate method (RFC 1952). */
async function startsMember(blob: Blob, at: number): Promise<boolean> {
	const head = new Uint8Array(await blob.slice(at, at + 3).arrayBuffer());
	return head.length === 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 8;
}

interface Pass {
	/** Output bytes handed over, the skipped ones included. */
	out: number;
	/**
	 * The start of the piece being fed when the data failed (fed a byte at a time, the byte itself), or null
	 * when it is whole.
	 */
	failedAt: number | null;
}

/**
 * One pass over `blob`: output after its first `skip` bytes goes to `take` (which may make the pass wait),
 * and input from `fineFrom` on is fed a byte at a time.
 */
async function pass(
	blob: Blob,
	inflater: InflaterFactory,
	skip: number,
	fineFrom: number,
	take: (chunk: Uint8Array) => Promise<void> | void,
	isCancelled: () => boolean,
	onBytes?: (bytes: number) => void
): Promise<Pass> {
	let out = 0;
	const unpack = inflater((chunk) => {
		const from = Math.max(0, Math.min(chunk.length, skip - out));
		out += chunk.length;
		if (from < chunk.length) return take(chunk.subarray(from));
	});
	const input = blob.stream().getReader();
	let fed = 0;
	let slice = Date.now();
	try {
		for (;;) {
			if (isCancelled()) throw new CancelledError();
			const { done, value } = await input.read();
			if (done) break;
			for (let at = 0; at < value.length;) {
				// A gzip bomb gives megabytes for each piece: a cancel is heard between pieces.
				if (Date.now() - slice > SLICE_MS) {
					await nextTask();
					slice = Date.now();
				}
				if (isCancelled()) throw new CancelledError();
				const piece = value.subarray(at, at + (fed >= fineFrom ? 1 : Math.min(PIECE, fineFrom - fed)));
				await unpack.write(piece);
				at += piece.length;
				fed += piece.length;
			}
			onBytes?.(fed);
		}
		await unpack.close();
		return { out, failedAt: null };
	} catch (e) {
		if (e instanceof CancelledError) {
			unpack.abort();
			throw e;
		}
		return { out, failedAt: fed };
	} finally {
		await input.cancel().catch(() => undefined);
	}
}

/**
 * The unpacked bytes of gzip `blob` as a stream, which ends with a GzipDamaged error after every good byte
 * when the data is cut off or damaged. `onBytes`: bytes of the file read so far.
 */
export function gunzip(
	blob: Blob,
	onBytes?: (bytes: number) => void,
	inflater: InflaterFactory = webInflater
): ReadableStream<Uint8Array> {
	let cancelled = false;
	let demand: (() => void) | null = null;
	const run = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
		const take = (chunk: Uint8Array) => {
			if (cancelled) return;
			controller.enqueue(chunk);
			if ((controller.desiredSize ?? 1) > 0 || cancelled) return;
			return new Promise<void>((resolve) => (demand = resolve));
		};
		const stop = () => cancelled;
		try {
			// A gzip file may be several gzip streams one after another (RFC 1952 "members", as `cat a.gz b.gz`
			// makes). Chromium's DecompressionStream unpacks one and fails on the next: where the byte-at-a-time
			// pass failed, a new member may start.
			for (let start = 0; ;) {
				const member = blob.slice(start);
				const counted = onBytes && ((n: number) => onBytes(start + n));
				const first = await pass(member, inflater, 0, Infinity, take, stop, counted);
				if (cancelled) return;
				if (first.failedAt === null) return controller.close();
				const fineFrom = Math.max(0, first.failedAt - PIECE);
				const again = await pass(member, inflater, first.out, fineFrom, take, stop);
				if (cancelled) return;
				const at = start + (again.failedAt ?? member.size);
				if (at > start && (await startsMember(blob, at))) {
					start = at;
					continue;
				}
				return controller.error(new GzipDamaged(`gzip data damaged ${at} bytes into the file`));
			}
		} catch (e) {
			if (!cancelled) controller.error(e);
		}
	};
	return new ReadableStream<Uint8Array>(
		{
			// Not awaited: the stream asks for more (pull) only once start has returned.
			start(controller) {
				void run(controller);
			},
			pull() {
				demand?.();
				demand = null;
			},
			cancel() {
				cancelled = true;
				demand?.();
			}
		},
		{ highWaterMark: 4 }
	);
}
