// Click heatmaps at 1M click events, warm, under Node (engine + shaping):
//   npx tsx test/bench/heatmap.ts [rows] [name filter]
// writes test/bench/out/clicks-<rows>.csv once (click-file.ts: seeded, realistic pages, viewports and
// bursts), loads it, and prints per variant the fastest of 5 warm runs as CPU time of this process and wall
// time, in ms. On a loaded machine the CPU time is the steadier figure.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { AnalysisSpecInput } from '../../src/lib/analyses/registry.ts';
import { warmTimes } from './analysis-variants.ts';
import { writeClickFile } from './click-file.ts';

export const HEATMAP_VARIANTS: Record<string, AnalysisSpecInput> = {
	'clicks of every page, 64 columns': { kind: 'heatmap', type: 'clicks' },
	'clicks of every page, 128 columns': { kind: 'heatmap', type: 'clicks', columns: 128 },
	'clicks of every page by viewport bucket': { kind: 'heatmap', type: 'clicks', group: 'viewport' },
	'clicks of the home page, 64 columns': { kind: 'heatmap', type: 'clicks', url: 'shop.example/' },
	'clicks of a product page, last 7 days': {
		kind: 'heatmap',
		type: 'clicks',
		url: 'shop.example/products/p20',
		dateRange: { last: 7, unit: 'day' }
	},
	'activity by weekday and hour': { kind: 'heatmap', type: 'activity' }
};

const [rowsArg = '1000000', filter = ''] = process.argv.slice(2);
const rows = Number(rowsArg);
const out = path.resolve('test/bench/out');
await mkdir(out, { recursive: true });
const file = path.join(out, `clicks-${rows}.csv`);
if (!existsSync(file)) {
	console.log(`writing ${file} …`);
	await writeClickFile(file, rows);
}
const core = new EngineCore(await createNodeDuck());
const t = performance.now();
await core.ingest([await nodeSource(file)], {});
console.log(`ingest: ${Math.round(performance.now() - t)} ms`);
const variants = Object.fromEntries(Object.entries(HEATMAP_VARIANTS).filter(([n]) => n.includes(filter)));
for (const [name, time] of Object.entries(await warmTimes(core, variants)))
	console.log(`${name}: CPU ${time.cpuMs} ms, wall ${time.ms} ms`);
