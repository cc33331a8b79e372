/** How large a load is, in the words and limits the page tells the user before it tries one. */

/**
 * Limits we tell the user about before trying. DuckDB-WASM has about 3 GB to work in and holds the data in
 * it: 10 million events of a typical export (a 1.2 GB CSV) take about 2 GB (measured; README). JSON and Parquet
 * are decoded into a table of their own first, so they fit about half as much.
 */
export const LARGE_FILE_BYTES = 300 * 1024 ** 2;
export const MAX_FILE_BYTES = 2 * 1024 ** 3;

/** Why these files are too large to try, or null. */
export function sizeError(files: File[]): string | null {
	const total = files.reduce((s, f) => s + f.size, 0);
	if (total <= MAX_FILE_BYTES) return null;
	return (
		`These files hold ${formatBytes(total)}; Footfall keeps data in browser memory and can load about ` +
		`${formatBytes(MAX_FILE_BYTES)} at most. Split the export by date and load a part, or filter it first.`
	);
}

/** The name a load goes by in the header: the file's name, or `3 files`. */
export function describeFiles(files: File[]): string {
	return files.length === 1 ? files[0].name : `${files.length} files`;
}

/** Bytes for a reader: `812 B`, `3.4 MB`, `1.2 GB` (powers of 1024). */
export function formatBytes(n: number): string {
	if (n < 1024) return `${n} B`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let v = n / 1024;
	let i = 0;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
