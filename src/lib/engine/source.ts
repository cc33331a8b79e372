import type { TextScan } from './formats/text-scan.ts';
import type { InflaterFactory } from './formats/gunzip.ts';
import type { ReadListener } from './read-hook.ts';

/**
 * A file the user gave us. In the browser it is a File (a Blob); under Node it is a path, opened as a
 * Blob too, so readers that stream or slice (JSON, Parquet, the preview) use one code path. A file ingest
 * transcoded or decompressed itself (formats/plain-text.ts) is a Blob without a path.
 */
export interface SourceFile {
	name: string;
	size: number;
	blob: Blob;
	lastModified?: number;
	/** Under Node: the absolute path, which DuckDB reads directly. */
	path?: string;
}

/**
 * How the host registers a file with DuckDB and reports bytes read. Ingest registers every file under a
 * name of its own (`/inputs/__g<n>_file<i>`: no text of the user's, no extension to mislead a reader).
 */
export interface FileHost {
	/**
	 * The directory every registered name is under, ending in `/`, and the only one DuckDB may read
	 * (lockdown.ts): INPUT_DIR for DuckDB-WASM, a fresh temporary directory for native DuckDB.
	 */
	readonly dir: string;
	/** Makes `source` readable by DuckDB as `name` (by its path under Node when it has one, else its bytes). */
	register(name: string, source: SourceFile): Promise<void>;
	/** Unregisters the registered files whose names pass `test`. */
	forget(test: (name: string) => boolean): void;
	/**
	 * formats/text-scan.ts `scanText`, done the host's faster way where it has one (Node's zlib on its thread
	 * pool). Never rejects.
	 */
	scanText?(source: SourceFile, gzip: boolean, isCancelled?: () => boolean): Promise<TextScan>;
	/**
	 * The most bytes the files of one load may add up to (size-limit.ts); MAX_LOAD_BYTES, what DuckDB-WASM's
	 * memory holds, when not given. What a gzip file may unpack to stays capped at MAX_LOAD_BYTES.
	 */
	readonly maxLoadBytes?: number;
	/** How gzip is unpacked in JavaScript (formats/gunzip.ts), where the host has a better way than the browser's. */
	inflater?: InflaterFactory;
	/**
	 * Subscribe to DuckDB's reads of registered files (read-hook.ts); a no-op where DuckDB cannot tell.
	 * Returns a function that unsubscribes.
	 */
	onRead(listener: ReadListener): () => void;
}
