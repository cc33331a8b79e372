import type { EngineCore } from '../engine/core.ts';
import type { SourceFile } from '../engine/source.ts';
import { DEMO_FILE, DEMO_INPUT, type PreparedDemo } from './prepared.ts';

/**
 * What the page shows of the demo before its data is in, computed by `core` from `csv` (the unpacked demo
 * CSV, as a file the host can read) exactly as the page's engine computes it from the same bytes: the ingest
 * under the demo's options, then the sessions summary and the distinct counts the page computes in the
 * background. `csv` is read under the name and modification time the page gives the downloaded demo
 * (DEMO_FILE), so the fingerprint is the page's. Throws the ingest's error.
 */
export async function prepareDemo(core: EngineCore, csv: SourceFile): Promise<PreparedDemo> {
	const file = { name: DEMO_FILE.name, size: csv.size, lastModified: DEMO_FILE.lastModified };
	if (csv.name !== file.name) throw new Error(`The demo CSV must be named ${file.name}, got ${csv.name}.`);
	const report = await core.ingest([{ ...csv, lastModified: file.lastModified }], DEMO_INPUT);
	const derived = await core.derived();
	const distinct = await core.distinctCounts();
	return { version: 1, file, fingerprint: core.fingerprint, report, derived, distinct };
}
