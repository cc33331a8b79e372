// Where churn's warm time goes (issue 14), under Node on DuckDB-WASM:
//   npx tsx test/bench/churn-profile.ts events.csv [runs]
// ingests the file, builds the derived tables as the page does in the background, then runs the default churn
// spec `runs` times (default 5) and prints, per run, each statement's wall and CPU time and the JavaScript
// between them; then EXPLAIN ANALYZE of each statement of the last run.
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';

const [file, runsArg = '5'] = process.argv.slice(2);
if (!file) {
	console.error('usage: npx tsx test/bench/churn-profile.ts <events file> [runs]');
	process.exit(2);
}
const core = new EngineCore(await createNodeDuck());
await core.ingest([await nodeSource(file)], {});
await core.derived();
await core.result({ kind: 'churn' });
const cpu = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
};
const ipc = core.duck.ipc.bind(core.duck);
let log: { sql: string; ms: number; cpuMs: number }[] = [];
core.duck.ipc = async (sql, opts) => {
	const [t, c] = [performance.now(), cpu()];
	const out = await ipc(sql, opts);
	log.push({ sql, ms: performance.now() - t, cpuMs: cpu() - c });
	return out;
};
let last: typeof log = [];
for (let r = 0; r < Number(runsArg); r++) {
	log = [];
	const [t, c] = [performance.now(), cpu()];
	await core.result({ kind: 'churn' });
	const [ms, cpuMs] = [performance.now() - t, cpu() - c];
	const sqlMs = log.reduce((s, x) => s + x.ms, 0);
	const parts = log.map((x, i) => `q${i} ${x.ms.toFixed(0)}/${x.cpuMs.toFixed(0)}`).join(', ');
	console.log(
		`run ${r}: total ${ms.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)}); ${parts}; outside SQL ${(ms - sqlMs).toFixed(0)} ms`
	);
	last = log;
}
core.duck.ipc = ipc;
for (const [i, x] of last.entries()) {
	const plan = await core.duck.query(`EXPLAIN ANALYZE ${x.sql}`);
	console.log(`--- q${i}\n${x.sql}\n${String(plan.getChild('explain_value')?.get(0))}`);
}
