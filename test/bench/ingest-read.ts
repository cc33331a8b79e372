// What Footfall's one read costs beyond the plain read, under Node (issue 14; not a test):
// `npx tsx test/bench/ingest-read.ts [rows] [--runs n]`. Ingests the benchmark's file once (recording its
// statements), then in the same process times, side by side and alternating, the plain `read_csv` with
// default options, the same file read with Footfall's options (every column as text), with its rejects
// tables, and Footfall's own read statement (and the same with the full text time parser only), plus each
// extra piece of that statement alone on top of the text read: which of them the gap to the plain read is
// made of.
import os from 'node:os';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { ingest } from '../../src/lib/engine/ingest/index.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import { utcTimeSql, zoneSegments } from '../../src/lib/engine/time.ts';
import { benchCsv } from './events-file.ts';

const args = process.argv.slice(2);
const rows = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--runs') ?? 1_000_000);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 2;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const load = () =>
	os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');
const cpuMs = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
};

/** Every statement the ingest ran, in full. */
function recordSql(duck: Database): string[] {
	const out: string[] = [];
	for (const name of ['exec', 'query', 'ipc'] as const) {
		const original = duck[name].bind(duck) as (...a: unknown[]) => unknown;
		(duck as unknown as Record<string, unknown>)[name] = (...a: unknown[]) => {
			out.push(String(a[0]));
			return original(...a);
		};
	}
	return out;
}

const csv = await benchCsv(rows);
const duck = await createNodeDuck({ lockConfiguration: false });
const statements = recordSql(duck);
await ingest(duck, [await nodeSource(csv)], {});
const create = statements.find((s) => /^CREATE TABLE "events__stage" \(/.test(s))!;
const insert = statements.find((s) => /^INSERT INTO "events__stage"/.test(s))!;
const readCsv = /read_csv\([^)]*?'\/inputs\/__g\d+_file0'[^]*?\)(?=\s*\))/.exec(insert)?.[0];
if (!readCsv) throw new Error('no read_csv in the read statement:\n' + insert);
const file = /'(\/inputs\/__g\d+_file0)'/.exec(readCsv)![1];
// Registered again: the ingest's own registration may be gone once its load is over.
await duck.files.register(file, await nodeSource(csv));
const plainOpts = readCsv.replace(/,\s*store_rejects[^]*$/, ')');
console.log(`read statement:\n${insert}\n`);

const text = `(SELECT * FROM ${plainOpts})`;
const variants: Record<string, string[]> = {
	plain: [`CREATE TABLE t AS SELECT * FROM read_csv('${file}')`],
	text: [`CREATE TABLE t AS SELECT * FROM ${plainOpts}`],
	'text+rejects': [`CREATE TABLE t AS SELECT * FROM ${readCsv}`],
	'text+row_number': [`CREATE TABLE t AS SELECT (row_number() OVER () - 1)::BIGINT AS r, * FROM ${text}`],
	'text+time': [
		`CREATE TABLE t AS SELECT CAST(TRY_CAST("timestamp" AS TIMESTAMPTZ) AS TIMESTAMP) AS tm, * FROM ${text}`
	],
	'text+event copy': [
		`CREATE TABLE t AS SELECT coalesce(NULLIF("event", ''), '(no name)') AS e, * FROM ${text}`
	],
	'text+placeholder': [
		`CREATE TABLE t AS SELECT CASE WHEN regexp_full_match(distinct_id, '[ \\t]*(?i:null|undefined|none|nan|0|-1|anonymous|guest|true|false)?[ \\t]*') THEN distinct_id END AS ph, * FROM ${text}`
	],
	'footfall read': [create.replaceAll('"events__stage"', 't'), insert.replaceAll('"events__stage"', 't')]
};
// The same read with the full text time parser alone, without the cast that reads ISO text ending in `Z`
// ahead of it (parse-sql.ts): what that cast saves. The benchmark's times are such text, read in UTC.
const [fast, full] = [true, false].map((isoFastPath) =>
	utcTimeSql('"timestamp"', { kind: 'text' }, zoneSegments('UTC', 0, 0), { isoFastPath })
);
if (insert.includes(fast)) {
	// A function, not a string: the parser's SQL holds `$'`, which a replacement string would expand.
	variants['footfall read (full parser)'] = variants['footfall read'].map((s) => s.replace(fast, () => full));
}

const rejectTables = [...readCsv.matchAll(/rejects_(?:table|scan) = '([^']+)'/g)].map((m) => m[1]);

async function time(sqls: string[]) {
	await duck.exec('DROP TABLE IF EXISTS t');
	for (const r of rejectTables) await duck.exec(`DROP TABLE IF EXISTS "${r}"`);
	const [t0, c0] = [performance.now(), cpuMs()];
	for (const s of sqls) await duck.exec(s);
	const m = { ms: performance.now() - t0, cpu: cpuMs() - c0 };
	const [{ n }] = await duck.rows<{ n: number }>('SELECT count(*)::BIGINT AS n FROM t');
	if (Number(n) < rows * 0.99) throw new Error(`read ${n} rows`);
	if (process.env.DEBUG) console.log(sqls.at(-1)!.slice(0, 300), n);
	return m;
}

const results = new Map<string, { ms: number; cpu: number }[]>();
for (let r = 0; r < runs; r++) {
	for (const [name, sqls] of Object.entries(variants)) {
		if (only && !only.includes(name)) continue;
		const m = await time(sqls);
		results.set(name, [...(results.get(name) ?? []), m]);
		console.log(
			`${name.padEnd(18)} ${m.ms.toFixed(0).padStart(6)} ms  cpu ${m.cpu.toFixed(0).padStart(6)} ms  (load ${load()})`
		);
	}
}
await duck.exec('DROP TABLE IF EXISTS t');
const min = (name: string) => Math.min(...(results.get(name) ?? []).map((m) => m.cpu));
console.log('\nminimum CPU ms, and against the plain read:');
for (const name of results.keys()) {
	console.log(
		`${name.padEnd(18)} ${min(name).toFixed(0).padStart(6)}  ${(min(name) / min('plain')).toFixed(2)}×`
	);
}
await duck.close();
