import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadBoth, outcome, specsFor, type EnginePair } from './support/engine-pair.ts';

const ROOT = path.join(import.meta.dirname, '../..');
const DATA = path.join(ROOT, 'test/fixtures/data');

/**
 * Native DuckDB (`--engine native`) against DuckDB-WASM on the same files: the same ingest report and, for
 * every registered analysis, the same result, number for number (exact equality: the same SQL over the
 * same rows; no tolerance), or the same message when the data cannot answer it.
 */
const DATASETS: [string, string[], number][] = [
	['the demo shop', [path.join(ROOT, 'static/data/demo-shop.csv.gz')], 16],
	['CDNOW', [path.join(DATA, 'cdnow/CDNOW_master.txt')], 10],
	['Online Retail', [path.join(DATA, 'online-retail/online_retail.csv.gz')], 10],
	['Mall customers (no time column)', [path.join(DATA, 'mall-customers/Mall_Customers.csv')], 1]
];

describe.each(DATASETS)('%s on both engines', (_name, files, answered) => {
	let pair: EnginePair;
	beforeAll(async () => {
		pair = await loadBoth(files);
	});
	afterAll(() => pair?.close());

	test('the same ingest report and fingerprint', () => {
		expect(pair.nativeReport).toEqual(pair.wasmReport);
		expect(pair.native.fingerprint).toBe(pair.wasm.fingerprint);
	});

	test('every analysis gives the same result', async () => {
		const specs = await specsFor(pair.wasm, pair.wasmReport);
		let results = 0;
		for (const spec of specs) {
			const wasm = await outcome(pair.wasm, spec);
			const native = await outcome(pair.native, spec);
			expect(native, spec.kind as string).toEqual(wasm);
			if ((wasm as { result?: unknown }).result !== undefined) results++;
		}
		// The comparison is worth something only if most analyses answer on this data.
		expect(results).toBeGreaterThanOrEqual(answered);
	});
});
