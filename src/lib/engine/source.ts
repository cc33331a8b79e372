/**
 * A file the user gave us. In the browser it is a File (a Blob); under Node it is a path, opened as a
 * Blob too, so readers that stream or slice (JSON, Parquet, the preview) use one code path.
 */
export interface SourceFile {
	name: string;
	size: number;
	blob: Blob;
	lastModified?: number;
	/** Under Node: the absolute path, which DuckDB reads directly. */
	path?: string;
}

/** How the host registers a file with DuckDB and reports bytes read. */
export interface FileHost {
	register(name: string, source: SourceFile): void;
	/** Subscribe to DuckDB's reads of registered files: (fileId, end offset of the read). */
	onRead(listener: (fileId: number, end: number) => void): () => void;
}
