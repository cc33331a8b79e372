import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadBoth, outcome, specsFor, type EnginePair } from './support/engine-pair.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { createNativeDuck } from '../../src/lib/engine/native-duck.ts';
import type { IngestReport } from '../../src/lib/engine/ingest/report.ts';

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

describe('a load past what DuckDB-WASM holds', () => {
	test('is refused by the WASM engine and read by the native one, to the same events', async () => {
		const file = path.join(ROOT, 'test/fixtures/vendors/posthog.csv');
		// The size the check reads, as a 3 GB export would give it; the bytes are the fixture's.
		const big = async () => ({ ...(await nodeSource(file)), size: 3 * 2 ** 30 });
		const wasm = new EngineCore(await createNodeDuck());
		const native = new EngineCore(await createNativeDuck({ threads: 1 }));
		try {
			await expect(wasm.ingest([await big()], {})).rejects.toThrow(
				'posthog.csv holds 3.0 GB; Footfall keeps data in memory and can load about 2.0 GB at most.'
			);
			// The same report but for the size it was told.
			const sizeless = (r: IngestReport) => ({ ...r, files: r.files.map(({ size: _size, ...f }) => f) });
			const report = await native.ingest([await big()], {});
			expect(report.rows).toBeGreaterThan(0);
			expect(report.files[0].size).toBe(3 * 2 ** 30);
			expect(sizeless(report)).toEqual(sizeless(await wasm.ingest([await nodeSource(file)], {})));
		} finally {
			await wasm.duck.close();
			await native.duck.close();
		}
	});
});
