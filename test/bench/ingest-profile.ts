// Where an ingest's time goes, under Node (not a test; issue 14): `npx tsx test/bench/ingest-profile.ts
// [rows] [--jsonl] [--runs n]`. Times DuckDB-WASM's plain `CREATE TABLE t AS SELECT * FROM read_csv(file)`
// and a full ingest of the benchmark's file in the same process, then every statement the ingest ran (its
// first words and ms), the long-line scan beside the read, and the time spent outside DuckDB. With --jsonl
// the same events are written as JSON lines (one object a row, the CSV's values as text) and ingested too.
import os from 'node:os';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { ingest } from '../../src/lib/engine/ingest/index.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import { benchCsv, benchJsonl } from './events-file.ts';

const args = process.argv.slice(2);
const rows = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--runs') ?? 1_000_000);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 1;
const jsonl = args.includes('--jsonl');
const load = () =>
	os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');

interface Step {
	sql: string;
	ms: number;
	/** CPU time of the process over the step (user + system), which the machine's load hardly changes. */
	cpu: number;
}

const cpuMs = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
};

/** Wraps every way Duck runs SQL so each statement's time is recorded. */
function record(duck: Database): Step[] {
	const steps: Step[] = [];
	const short = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 110);
	// `rows` goes through `query`: counted there.
	for (const name of ['exec', 'query', 'ipc'] as const) {
		const original = duck[name].bind(duck) as (...a: unknown[]) => unknown;
		(duck as unknown as Record<string, unknown>)[name] = (...a: unknown[]) => {
			const [t0, c0] = [performance.now(), cpuMs()];
			const done = (v: unknown) => {
				const ms = performance.now() - t0;
				steps.push({ sql: `${name} ${short(String(a[0]))}`, ms, cpu: cpuMs() - c0 });
				return v;
			};
			const out = original(...a);
			return out instanceof Promise ? out.then(done) : done(out);
		};
	}
	const scan = duck.files.scanText;
	if (scan) {
		duck.files.scanText = async (...a: Parameters<typeof scan>) => {
			const t0 = performance.now();
			const out = await scan(...a);
			const ms = performance.now() - t0;
			steps.push({ sql: `(long-line scan, beside the read) ${a[0].name}`, ms, cpu: NaN });
			return out;
		};
	}
	return steps;
}

async function plainRead(file: string): Promise<number> {
	const duck = await createNodeDuck();
	await duck.files.register('/inputs/plain.csv', await nodeSource(file));
	const [t0, c0] = [performance.now(), cpuMs()];
	await duck.exec(`CREATE TABLE t AS SELECT * FROM read_csv('/inputs/plain.csv')`);
	const ms = performance.now() - t0;
	console.log(`plain read_csv: ${ms.toFixed(0)} ms, cpu ${(cpuMs() - c0).toFixed(0)} ms (load ${load()})`);
	await duck.close();
	return ms;
}

async function profile(file: string): Promise<number> {
	const duck = await createNodeDuck();
	const steps = record(duck);
	const [t0, c0] = [performance.now(), cpuMs()];
	const { report } = await ingest(duck, [await nodeSource(file)], {});
	const total = performance.now() - t0;
	const cpu = cpuMs() - c0;
	const inDuck = steps.filter((s) => !s.sql.startsWith('('));
	const sum = (k: 'ms' | 'cpu') => inDuck.reduce((n, s) => n + s[k], 0);
	const f = (n: number) => n.toFixed(0).padStart(6);
	console.log(
		`ingest ${file}: ${total.toFixed(0)} ms, cpu ${cpu.toFixed(0)} ms, ${report.rows} rows (load ${load()})`
	);
	console.log('  wall ms  cpu ms  statement');
	for (const s of steps.filter((s) => s.ms >= 20 || s.cpu >= 20))
		console.log(`  ${f(s.ms)}  ${f(s.cpu)}  ${s.sql}`);
	console.log(`  ${f(total - sum('ms'))}  ${f(cpu - sum('cpu'))}  (outside DuckDB statements)`);
	await duck.close();
	return total;
}

const csv = await benchCsv(rows);
for (let r = 0; r < runs; r++) {
	const plain = await plainRead(csv);
	const full = await profile(csv);
	console.log(`ratio ingest / plain: ${(full / plain).toFixed(2)}×`);
	if (jsonl) {
		const j = await profile(await benchJsonl(rows));
		console.log(`ratio JSONL ingest / CSV ingest: ${(j / full).toFixed(2)}×`);
	}
}
