// One EngineCore under Node loaded with funnel fixture rows, for the funnel tests that check the engine against
// the reference (funnel-ties, ttc-buckets).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../../src/lib/engine/core.ts';
import { csv } from './funnel-cases.ts';
import type { FRow } from './funnel-reference.ts';

/**
 * Writes `rows` as a CSV in a scratch folder `footfall-funnel-<name>-…` and ingests it (user, time, event
 * columns; zone UTC). `dispose` removes the folder.
 */
export async function funnelEngine(
	name: string,
	rows: FRow[]
): Promise<{ core: EngineCore; dispose: () => Promise<void> }> {
	const dir = await mkdtemp(path.join(os.tmpdir(), `footfall-funnel-${name}-`));
	await writeFile(path.join(dir, 'events.csv'), csv(rows));
	const core = new EngineCore(await createNodeDuck());
	await core.ingest([await nodeSource(path.join(dir, 'events.csv'))], {
		columns: { user: 'user', time: 'time', event: 'event' },
		timezone: 'UTC'
	});
	return { core, dispose: () => rm(dir, { recursive: true, force: true }) };
}
