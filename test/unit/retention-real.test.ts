import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { validateRunnable } from '../../src/lib/analyses/spec.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import type { RetentionResult } from '../../src/lib/analyses/retention/spec.ts';
import { main } from '../../src/cli/main.ts';

// Expected figures come from test/reference/retention_reference.py: Python's csv module over the raw files,
// applying SEMANTICS §2 literally, with no DuckDB and no code shared with Footfall.
const retail = JSON.parse(readFileSync('test/fixtures/expected/online-retail.json', 'utf8'));
const cdnow = JSON.parse(readFileSync('test/fixtures/expected/cdnow.json', 'utf8'));

let duck: Database;
beforeAll(async () => {
	duck = await createNodeDuck();
});

/** Runs a spec file the way the CLI does, through EngineCore and the Arrow result path. */
async function runSpec(file: string): Promise<RetentionResult> {
	const spec = validateRunnable(JSON.parse(readFileSync(file, 'utf8')));
	const dir = path.dirname(path.resolve(file));
	const core = new EngineCore(duck);
	const { files, ...input } = spec.dataset;
	await core.ingest(await Promise.all(files.map((f) => nodeSource(path.resolve(dir, f)))), input);
	return (await core.result(spec.analysis)) as RetentionResult;
}

describe('retention on real exports matches an independent computation', () => {
	test('Online Retail, monthly first-time cohorts', async () => {
		const r = await runSpec('test/fixtures/specs/online-retail-monthly.json');
		expect(r).toEqual(retail.monthly);
		expect(r.cohorts[0]).toMatchObject({ cohort: '2010-12-01', size: 885 });
	});

	test('Online Retail, weekly cohorts starting Monday', async () => {
		const r = await runSpec('test/fixtures/specs/online-retail-weekly.json');
		expect(r).toEqual(retail.weekly);
	});

	test('CDNOW, monthly cohorts from a headerless-style whitespace file', async () => {
		const r = await runSpec('test/fixtures/specs/cdnow-monthly.json');
		expect(r).toEqual(cdnow.monthly);
	});

	test('the CLI prints the same result', async () => {
		let printed = '';
		const code = await main(
			['run', 'test/fixtures/specs/cdnow-monthly.json', '--json'],
			(s) => (printed += s)
		);
		expect(code).toBe(0);
		expect(JSON.parse(printed)).toEqual(cdnow.monthly);
	});
});
