/**
 * How much one load may hold, counted before DuckDB reads a byte: the files' sizes, and what a gzip file
 * unpacks to. DuckDB-WASM has about 3 GB to work in and holds the rows in it; 10 million events of a
 * typical export (a 1.2 GB CSV) take about 2 GB (README, "Memory"), so a load of more than 2 GB of text
 * cannot fit, and a small `.gz` that unpacks to gigabytes (a "gzip bomb") would only spend minutes and
 * memory finding that out. The page checks the files' sizes first (WorkbenchModel); the engine checks
 * them again for the command line, and checks what gzip unpacks to everywhere.
 */

/** The most bytes one load may hold: the files as given, or a gzip file once unpacked. */
export const MAX_LOAD_BYTES = 2 * 1024 ** 3;

const ADVICE =
	'Footfall keeps data in memory and can load about 2.0 GB at most. Split the export by date and load a ' +
	'part, or filter it first.';

/** Gigabytes with one decimal: "2.2 GB". */
const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;

/** A load refused for its size; never read again in another way (ingest/reread.ts `rereadsFor`). */
export class TooLargeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TooLargeError';
	}
}

/** The error for files whose sizes add up to more than `limit` (the host's, else MAX_LOAD_BYTES), or null. */
export function filesTooLarge(
	files: readonly { name: string; size: number }[],
	limit = MAX_LOAD_BYTES
): TooLargeError | null {
	const total = files.reduce((s, f) => s + f.size, 0);
	if (total <= limit) return null;
	const what =
		files.length === 1
			? `${files[0].name} holds`
			: `These ${files.length} files (${files
					.slice(0, 3)
					.map((f) => f.name)
					.join(', ')}${files.length > 3 ? ', …' : ''}) hold`;
	return new TooLargeError(`${what} ${gb(total)}; ${ADVICE}`);
}

/** The error for a gzip file that unpacks to more than MAX_LOAD_BYTES. */
export function unpackedTooLarge(name: string): TooLargeError {
	return new TooLargeError(`${name} unpacks to more than ${gb(MAX_LOAD_BYTES)} of text; ${ADVICE}`);
}

/**
 * `stream` (bytes unpacked from a gzip file) passed on unchanged until more than `limit` bytes have come
 * through; then it fails with `unpackedTooLarge(name)`, and whoever reads it stops.
 */
export function capUnpacked(
	stream: ReadableStream<Uint8Array>,
	name: string,
	limit = MAX_LOAD_BYTES
): ReadableStream<Uint8Array> {
	let total = 0;
	return stream.pipeThrough(
		new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, controller) {
				total += chunk.byteLength;
				if (total > limit) controller.error(unpackedTooLarge(name));
				else controller.enqueue(chunk);
			}
		})
	);
}
