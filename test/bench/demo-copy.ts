// Ways to ship the demo's events beside its CSV (issue 14), by size and by read time, under Node:
//   npx tsx test/bench/demo-copy.ts
// The demo CSV is loaded by the engine (DuckDB-WASM under Node) as the page loads it; its `events` table is
// then written as the compact Arrow copy (compact.ts), gzipped, and as Parquet (zstd) by native DuckDB,
// each with every column and without the columns equal to an earlier one (a virtual `__id` over `uuid`…).
// Then each copy is read into a fresh database as the page would read it (Arrow: insertArrow; Parquet:
// hyparquet, formats/parquet.ts), and the CSV is ingested, each as the first thing a fresh process does
// (cold code, as on a first visit). Not a test: it prints numbers.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tableFromIPC } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { exportEvents } from '../../src/lib/engine/compact.ts';
import { appendTable, nativeColumn } from '../../src/lib/engine/native-insert.ts';
import { loadParquet } from '../../src/lib/engine/formats/parquet.ts';
import { DEMO_FILE, DEMO_INPUT } from '../../src/lib/demo/prepared.ts';
import { ident, literal } from '../../src/lib/sql/quote.ts';

const OUT = path.join(os.tmpdir(), 'footfall-demo-copy');
const CSV = path.join(OUT, DEMO_FILE.name);
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
const load = () =>
	os
		.loadavg()
		.map((l) => l.toFixed(1))
		.join(' ');

/** One read, the first thing this process does after starting the engine: ms. */
async function readOnce(kind: string, file: string): Promise<number> {
	const duck = await createNodeDuck();
	const t = performance.now();
	if (kind === 'parquet') await loadParquet(duck, await nodeSource(file), '__in');
	else if (kind === 'arrow') await duck.insertArrow('__in', gunzipSync(await readFile(file)));
	else await new EngineCore(duck).ingest([{ ...(await nodeSource(file)), lastModified: 0 }], DEMO_INPUT);
	const ms = performance.now() - t;
	await duck.close();
	return ms;
}

if (process.argv[2] === 'read') {
	console.log(Math.round(await readOnce(process.argv[3], process.argv[4])));
	process.exit(0);
}

console.log(`load average ${load()}`);
await mkdir(OUT, { recursive: true });
const gz = await readFile('static/data/demo-shop.csv.gz');
await writeFile(CSV, gunzipSync(gz));
console.log(`CSV: ${mb(gz.byteLength)} gzipped`);

const duck = await createNodeDuck();
await new EngineCore(duck).ingest([{ ...(await nodeSource(CSV)), lastModified: 0 }], DEMO_INPUT);
const { columns: cols, ipc } = (await exportEvents(duck))!;

// Columns equal to an earlier one of the same type, row for row (NULLs included).
const pairs: [number, number][] = [];
for (let j = 0; j < cols.length; j++)
	for (let i = 0; i < j; i++) if (cols[i].type === cols[j].type) pairs.push([i, j]);
const equal = (i: number, j: number) =>
	`bool_and(${ident(cols[i].name)} IS NOT DISTINCT FROM ${ident(cols[j].name)}) AS "${i}_${j}"`;
const [eq] = await duck.rows<Record<string, boolean>>(
	`SELECT ${pairs.map(([i, j]) => equal(i, j)).join(', ')} FROM events`
);
const same = new Set<number>();
for (const [i, j] of pairs)
	if (eq[`${i}_${j}`] && !same.has(j)) {
		same.add(j);
		console.log(`  ${cols[j].name} = ${cols[i].name}`);
	}
const kept = cols.filter((_, j) => !same.has(j)).map((c) => c.name);
// As exportEvents writes it: the `__file` ENUM as text (DuckDB's own Arrow reader refuses its dictionary).
const asText = (c: string) => (c === '__file' ? `${ident(c)}::VARCHAR AS ${ident(c)}` : ident(c));
const keptIpc = await duck.ipc(`SELECT ${kept.map(asText).join(', ')} FROM events`);
await duck.close();
const copies: [string, string, string][] = [];
for (const [name, bytes] of [
	['every column', ipc],
	[`${kept.length} columns`, keptIpc]
] as const) {
	const file = path.join(OUT, `${name.split(' ')[0]}.arrow.gz`);
	const packed = gzipSync(bytes, { level: 9 });
	await writeFile(file, packed);
	copies.push(['arrow', `Arrow, ${name}`, file]);
	console.log(`Arrow, ${name}: ${mb(bytes.byteLength)}, gzip -9 ${mb(packed.byteLength)}`);
}

const native = await DuckDBInstance.create(':memory:');
const conn = await native.connect();
const table = tableFromIPC(ipc);
const columns = table.schema.fields.map((f) => nativeColumn(f.name, f.type));
await conn.run(`CREATE TABLE e (${columns.map((c) => `${ident(c.name)} ${c.sql}`).join(', ')})`);
const appender = await conn.createAppender('e');
appendTable(appender, columns, table);
appender.flushSync();
appender.closeSync();
for (const [name, list] of [
	['every column', cols.map((c) => c.name)],
	[`${kept.length} columns`, kept]
] as const)
	for (const level of [3, 19]) {
		const file = path.join(OUT, `${list.length}-${level}.parquet`);
		await conn.run(
			`COPY (SELECT ${list.map(ident).join(', ')} FROM e) TO ${literal(file)}
			 (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL ${level})`
		);
		if (level === 19) copies.push(['parquet', `Parquet, ${name}`, file]);
		console.log(`Parquet, ${name}, zstd ${level}: ${mb((await stat(file)).size)}`);
	}
const biggest = await conn.runAndReadAll(
	`SELECT path_in_schema, sum(total_compressed_size)::BIGINT FROM parquet_metadata(${literal(
		copies.at(-1)![2]
	)}) GROUP BY 1 ORDER BY 2 DESC LIMIT 8`
);
console.log(
	'  largest:',
	biggest
		.getRows()
		.map(([n, s]) => `${String(n)} ${mb(Number(s))}`)
		.join(', ')
);
conn.closeSync();
native.closeSync();

const self = path.resolve('test/bench/demo-copy.ts');
const tsx = path.resolve('node_modules/.bin/tsx');
for (const [kind, name, file] of [...copies, ['csv', 'CSV ingest', CSV]]) {
	const ms = execFileSync(tsx, [self, 'read', kind, file], { encoding: 'utf8' }).trim();
	console.log(`${name}: read in a fresh process in ${ms} ms`);
}
console.log(`load average ${load()}`);
