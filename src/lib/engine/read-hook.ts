/** DuckDB-WASM reads registered files through its runtime object; wrapping `readFile` lets ingest see the reads. */
export interface ReadHookTarget {
	readFile: (mod: unknown, fileId: number, buf: number, bytes: number, location: number) => number;
}

/** Hears one read of a registered file: its id, where the bytes read start, and the bytes (see hookReads). */
export type ReadListener = (fileId: number, location: number, chunk: Uint8Array) => void;

const listening = new WeakMap<ReadHookTarget, Set<ReadListener>>();

/**
 * Lets `listener` hear the runtime's file reads: ingest reports bytes read and looks at them as they pass.
 * The chunk is a view of DuckDB's memory, valid only during the call. The runtime's `readFile` is wrapped
 * once; listeners come and go in any order. Returns a function that stops this listener.
 */
export function hookReads(runtime: ReadHookTarget, listener: ReadListener): () => void {
	let listeners = listening.get(runtime);
	if (!listeners) {
		const all = (listeners = new Set());
		listening.set(runtime, all);
		const original = runtime.readFile;
		runtime.readFile = function (mod, fileId, buf, bytes, location) {
			const n = original.call(this, mod, fileId, buf, bytes, location);
			if (all.size > 0 && n > 0) {
				const chunk = (mod as { HEAPU8: Uint8Array }).HEAPU8.subarray(buf, buf + n);
				for (const l of all) l(fileId, location, chunk);
			}
			return n;
		};
	}
	const mine = listeners;
	mine.add(listener);
	return () => void mine.delete(listener);
}
