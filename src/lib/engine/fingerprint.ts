import type { IngestReport } from './ingest/report.ts';

/** A file as the fingerprint sees it: its name, size in bytes and modification time (ms since epoch). */
export interface FingerprintFile {
	name: string;
	size: number;
	lastModified?: number;
}

/**
 * The identity of a loaded dataset, part of every cache key (engine/cache.ts) and the check that a report
 * kept with a workspace is the one of its kept files and mapping (workspace/stored-report.ts): the files
 * (name, size, modification time; 0 when unknown), the rows kept, the first and last time and the dataset spec
 * in force (mapping, zone, dedupe, filters). A plain JSON string, computed the same way by the engine and the
 * page.
 */
export function fingerprintOf(files: FingerprintFile[], report: IngestReport): string {
	return JSON.stringify({
		files: files.map((f) => [f.name, f.size, f.lastModified ?? 0]),
		rows: report.rows,
		first: report.firstTime,
		last: report.lastTime,
		dataset: report.dataset
	});
}
