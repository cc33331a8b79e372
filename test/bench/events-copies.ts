// A bench event file past 10M events without running the demo generator for every row:
//   npx tsx test/bench/events-copies.ts 50000000
// writes test/bench/out/events-<rows>.csv (rows: a multiple of 10M) as the 10M file of events-file.ts
// (generated first if missing) followed by copies of it in no particular order, each copy's users and event
// ids renamed: `-x<copy>` after the
// user id, and the copy's number as the UUID's version digit (the 13th hex digit), so no copy shares a user
// or an event with another and every id is still a UUID. The same shape of data at any size, written by
// native DuckDB at disk speed; the generator writes well under 1 MB/s on a loaded machine (issue 15).
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { benchCsv, OUT } from './events-file.ts';

const BASE = 10_000_000;
const rows = Number(process.argv[2]);
if (!Number.isInteger(rows) || rows % BASE || rows < 2 * BASE || rows > BASE * 16) {
	console.error(`usage: npx tsx test/bench/events-copies.ts <rows: 20000000, 30000000 … 160000000>`);
	process.exit(2);
}
const file = path.join(OUT, `events-${rows}.csv`);
if (existsSync(file)) {
	console.log(`${file} exists`);
	process.exit(0);
}
const base = await benchCsv(BASE);
const copies = `${file}.copies`;
const sql = (s: string) => `'${s.replaceAll("'", "''")}'`;
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
const t = performance.now();
// Text in, text out: every value is written back as the file had it (an empty revenue stays empty).
await conn.run(`COPY (
	SELECT substr(uuid, 1, 14) || k || substr(uuid, 16) AS uuid, "timestamp", event,
		distinct_id || '-x' || k AS distinct_id, utm_source, device_type, revenue
	FROM range(1, ${rows / BASE}) r(k), read_csv(${sql(base)}, all_varchar = true, header = true)
) TO ${sql(copies)} (HEADER false)`);
conn.closeSync();
db.closeSync();
const out = createWriteStream(file);
await pipeline(createReadStream(base), out, { end: false });
await pipeline(createReadStream(copies), out);
await rm(copies);
console.log(
	`${file}: ${rows.toLocaleString('en')} events in ${Math.round((performance.now() - t) / 1000)} s`
);
