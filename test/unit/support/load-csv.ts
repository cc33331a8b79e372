import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { nodeSource } from '../../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../../src/lib/engine/core.ts';
import type { Database } from '../../../src/lib/engine/duck.ts';
import type { DatasetInput } from '../../../src/lib/engine/ingest/index.ts';

/**
 * Loads CSV text (made by a test) into a fresh engine over `duck`, through the same ingest as a dropped
 * file: written to a temporary file, which is removed again once loaded.
 */
export async function loadCsv(duck: Database, csv: string, dataset: DatasetInput): Promise<EngineCore> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-csv-'));
	try {
		const file = path.join(dir, 'events.csv');
		await writeFile(file, csv);
		const core = new EngineCore(duck);
		await core.ingest([await nodeSource(file)], dataset);
		return core;
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
