import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliText } from './support/run-cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const POSTHOG = path.join(ROOT, 'test/fixtures/vendors/posthog.csv');
const CDNOW_SPEC = path.join(ROOT, 'test/fixtures/specs/cdnow-monthly.json');
const cdnow = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/expected/cdnow.json'), 'utf8')) as {
	monthly: unknown;
};

const cli = runCliText;

describe('footfall --engine native', () => {
	it('runs a spec to the same result as the default engine, printed the same', async () => {
		const wasm = await cli('run', CDNOW_SPEC);
		const native = await cli('run', CDNOW_SPEC, '--engine', 'native', '--threads', '1');
		expect(wasm.code).toBe(0);
		expect(native).toEqual(wasm);
		// Not an empty agreement: both are the cohorts computed from the raw file by test/reference/.
		expect(JSON.parse(native.out)).toEqual(cdnow.monthly);
	});

	it('inspects a file to the same ingest report, distinct counts included', async () => {
		const wasm = await cli('inspect', POSTHOG, '--json');
		const native = await cli('inspect', POSTHOG, '--json', '--engine=native');
		expect(wasm.code).toBe(0);
		expect(native).toEqual(wasm);
	});

	it('refuses an unknown engine, a bad thread count, and threads without the native engine', async () => {
		const engine = await cli('inspect', POSTHOG, '--engine', 'duckdb');
		expect(engine.code).toBe(2);
		expect(engine.err).toMatch(/^footfall: --engine is wasm or native, not "duckdb"\n/);
		for (const n of ['0', '1.5', 'all']) {
			const threads = await cli('inspect', POSTHOG, '--engine', 'native', '--threads', n);
			expect(threads.code).toBe(2);
			expect(threads.err).toContain(`--threads is a whole number from 1 to 1024, not "${n}"`);
		}
		const wasmThreads = await cli('run', CDNOW_SPEC, '--threads', '2');
		expect(wasmThreads.code).toBe(2);
		expect(wasmThreads.err).toContain('--threads needs --engine native');
		for (const size of ['4', 'lots', '-1GB', '8 GB of it']) {
			const limit = await cli('run', CDNOW_SPEC, '--engine', 'native', '--memory-limit', size);
			expect(limit.code).toBe(2);
			expect(limit.err).toContain(`--memory-limit is a size such as 8GB or 500MB, not "${size}"`);
		}
		const wasmLimit = await cli('run', CDNOW_SPEC, '--memory-limit', '8GB');
		expect(wasmLimit.code).toBe(2);
		expect(wasmLimit.err).toContain('--memory-limit needs --engine native');
	});

	it('holds to --memory-limit: the same result within it, and says how to raise it past it', async () => {
		const native = (limit: string) =>
			cli('run', CDNOW_SPEC, '--engine', 'native', '--threads', '1', '--memory-limit', limit);
		const within = await native('200MB');
		expect(within.code).toBe(0);
		expect(JSON.parse(within.out)).toEqual(cdnow.monthly);
		// 1 MB cannot hold even the CSV reader's buffers, spilled or not. The message echoes the size as
		// written, then DuckDB's statement of it (10^6 bytes = 976.5 KiB).
		const past = await native('1MB');
		expect(past.code).toBe(1);
		expect(past.err).toMatch(
			/^footfall: CDNOW_master\.txt: This data needs more memory than DuckDB's limit of 1MB \(976\.5 KiB\), even spilling to disk\. Raise the limit with --memory-limit /
		);
	});
});
