import type { EngineCore } from '../engine/core.ts';
import type { SourceFile } from '../engine/source.ts';
import { analysisKeyText, parseAnalysis } from '../analyses/spec.ts';
import { defaultSpecs } from './default-specs.ts';
import { DEMO_FILE, DEMO_INPUT, type PreparedDemo, type PreparedResult } from './prepared.ts';

/**
 * What the page shows of the demo before its data is in, computed by `core` from `csv` (the unpacked demo
 * CSV, as a file the host can read) exactly as the page's engine computes it from the same bytes: the ingest
 * under the demo's options, then the sessions summary and the distinct counts the page computes in the
 * background, then the default analyses (default-specs.ts), shaped as the page's runner shapes them. `csv`
 * is read under the name and modification time the page gives the downloaded demo (DEMO_FILE), so the
 * fingerprint is the page's. Throws the ingest's or an analysis's error.
 */
export async function prepareDemo(core: EngineCore, csv: SourceFile): Promise<PreparedDemo> {
	const file = { name: DEMO_FILE.name, size: csv.size, lastModified: DEMO_FILE.lastModified };
	if (csv.name !== file.name) throw new Error(`The demo CSV must be named ${file.name}, got ${csv.name}.`);
	const report = await core.ingest([{ ...csv, lastModified: file.lastModified }], DEMO_INPUT);
	const derived = await core.derived();
	const distinct = await core.distinctCounts();
	const results: PreparedResult[] = [];
	for (const input of defaultSpecs(report)) {
		const spec = parseAnalysis(input);
		const key = analysisKeyText(core.fingerprint, spec);
		results.push({ key, spec, result: await core.result(spec) });
	}
	return { version: 2, file, fingerprint: core.fingerprint, report, derived, distinct, results };
}
