/** DuckDB-WASM reads registered files through its runtime object; wrapping `readFile` lets ingest show bytes read. */
export interface ReadHookTarget {
	readFile: (mod: unknown, fileId: number, buf: number, bytes: number, location: number) => number;
}

/** Wraps the runtime's file reads so ingest can report bytes read. Returns a function that unhooks. */
export function hookReads(
	runtime: ReadHookTarget,
	listener: (fileId: number, end: number) => void
): () => void {
	const original = runtime.readFile;
	runtime.readFile = function (mod, fileId, buf, bytes, location) {
		const n = original.call(this, mod, fileId, buf, bytes, location);
		listener(fileId, location + n);
		return n;
	};
	return () => {
		runtime.readFile = original;
	};
}
