// The issue 9 analyses alone, warm, on a file you name (`npm run bench` runs them after writing its own):
//   npx tsx test/bench/analyses.ts events.csv [name filter]
// prints, per variant of analysis-variants.ts whose name holds the filter, the fastest and the median of 5 warm
// runs as CPU time of this process and as wall time, in ms.
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { ANALYSIS_VARIANTS, warmTimes } from './analysis-variants.ts';

const [file, filter = ''] = process.argv.slice(2);
if (!file) {
	console.error('usage: npx tsx test/bench/analyses.ts <events file> [name filter]');
	process.exit(2);
}
const core = new EngineCore(await createNodeDuck());
const t = performance.now();
await core.ingest([await nodeSource(file)], {});
console.log(`ingest: ${Math.round(performance.now() - t)} ms`);
const variants = Object.fromEntries(Object.entries(ANALYSIS_VARIANTS).filter(([n]) => n.includes(filter)));
// One variant at a time, printed as soon as it is measured: a slow order does not hide the others' figures.
for (const [name, spec] of Object.entries(variants)) {
	const time = (await warmTimes(core, { [name]: spec }))[name];
	console.log(
		`${name}: CPU min ${time.cpuMs} ms, median ${time.medianCpuMs} ms; wall min ${time.ms} ms, median ${time.medianMs} ms`
	);
}
