/**
 * Computes the demo's prepared report from its CSV with the engine (src/lib/demo/prepared.ts says what it
 * is): run it after the CSV or the engine's ingest changes; test/unit/demo-prepared.test.ts fails until then.
 *
 *   npx tsx src/cli/prepare-demo.ts [--dir static/data]
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { createNodeDuck, nodeSource } from '../lib/engine/node-duck.ts';
import { EngineCore } from '../lib/engine/core.ts';
import { prepareDemo } from '../lib/demo/prepare.ts';
import { DEMO_FILE, DEMO_PATHS } from '../lib/demo/prepared.ts';

const { values } = parseArgs({ options: { dir: { type: 'string', default: 'static/data' } } });

/** The file of `DEMO_PATHS` under `dir` (the paths are the site's, under /data). */
const inDir = (site: string) => path.join(values.dir, path.basename(site));

async function main(): Promise<void> {
	const scratch = await mkdtemp(path.join(os.tmpdir(), 'footfall-demo-'));
	const duck = await createNodeDuck();
	try {
		const csv = path.join(scratch, DEMO_FILE.name);
		await writeFile(csv, gunzipSync(await readFile(inDir(DEMO_PATHS.csv))));
		const prepared = await prepareDemo(new EngineCore(duck), await nodeSource(csv));
		await writeFile(inDir(DEMO_PATHS.prepared), JSON.stringify(prepared) + '\n');
		console.log(`${inDir(DEMO_PATHS.prepared)}: report of ${prepared.report.rows} events`);
	} finally {
		await duck.close();
		await rm(scratch, { recursive: true, force: true });
	}
}

main().catch((err: unknown) => {
	console.error(err instanceof Error ? err.message : err);
	process.exitCode = 1;
});
