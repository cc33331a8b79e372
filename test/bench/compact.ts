// The compact copy of events (src/lib/engine/compact.ts) against ingesting the CSV again, under Node on the
// benchmark's file (`npx tsx test/bench/compact.ts [rows]`, default 1M). Not a test: it prints numbers.
import { gzipSync } from 'node:zlib';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { exportEvents } from '../../src/lib/engine/compact.ts';
import { benchCsv } from './events-file.ts';

const file = await benchCsv(Number(process.argv[2] ?? 1_000_000));
const core = new EngineCore(await createNodeDuck());
let t = performance.now();
const report = await core.ingest([await nodeSource(file)], {});
console.log(`ingest of the CSV: ${Math.round(performance.now() - t)} ms, ${report.rows} events`);
t = performance.now();
const copy = (await exportEvents(core.duck))!;
console.log(`compact copy written: ${Math.round(performance.now() - t)} ms, ${copy.ipc.byteLength} bytes`);
t = performance.now();
const gz = gzipSync(copy.ipc, { level: 1 });
console.log(`gzip level 1 of it: ${Math.round(performance.now() - t)} ms, ${gz.byteLength} bytes`);
const fresh = new EngineCore(await createNodeDuck());
t = performance.now();
await fresh.restoreCompact(copy, report, core.fingerprint);
console.log(`read back, types restored: ${Math.round(performance.now() - t)} ms`);
