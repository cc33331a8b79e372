// Native insertArrow on its own (how the JSON and Parquet loaders hand their batches to native DuckDB):
//   npx tsx test/bench/native-insert.ts [rows, default 1000000] [another checkout's native-duck.ts …]
// builds one Arrow table shaped as the loaders' batches are (text, numbers, a flag, nulls), then inserts it
// into a fresh native database (one thread), alternating between this checkout's engine and each other one
// named, three times each; prints each insert's wall time in ms and the load average around the runs.
import os from 'node:os';
import path from 'node:path';
import { Bool, Float64, Int64, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import type { createNativeDuck } from '../../src/lib/engine/native-duck.ts';

const [rowsArg, ...others] = process.argv.slice(2);
const rows = Number(rowsArg ?? 1_000_000);
const EVENTS = ['pageview', 'product_viewed', 'added_to_cart', 'order_completed', 'signup'];

const at = <T>(f: (i: number) => T) => Array.from({ length: rows }, (_, i) => f(i));
const ipc = tableToIPC(
	new Table({
		uuid: vectorFromArray(
			at((i) => `0190${i.toString(16).padStart(12, '0')}-7c2a-4b1e-9d3f`),
			new Utf8()
		),
		timestamp: vectorFromArray(
			at((i) => new Date(1.7e12 + i * 1000).toISOString()),
			new Utf8()
		),
		event: vectorFromArray(
			at((i) => EVENTS[i % 5]),
			new Utf8()
		),
		distinct_id: vectorFromArray(
			at((i) => `user-${i % 20011}`),
			new Utf8()
		),
		utm_source: vectorFromArray(
			at((i) => (i % 3 ? null : 'google')),
			new Utf8()
		),
		revenue: vectorFromArray(
			at((i) => (i % 5 === 3 ? (i % 997) + 0.99 : null)),
			new Float64()
		),
		items: vectorFromArray(
			at((i) => BigInt(i % 7)),
			new Int64()
		),
		returning: vectorFromArray(
			at((i) => i % 2 === 0),
			new Bool()
		)
	}),
	'stream'
);
console.log(`${rows.toLocaleString('en')} rows, ${(ipc.byteLength / 2 ** 20).toFixed(1)} MB of Arrow`);

const engines: [string, typeof createNativeDuck][] = [
	['this checkout', (await import('../../src/lib/engine/native-duck.ts')).createNativeDuck]
];
for (const file of others) engines.push([file, (await import(path.resolve(file))).createNativeDuck]);

const load = () =>
	os
		.loadavg()
		.map((x) => x.toFixed(2))
		.join(', ');
console.log(`load average before: ${load()}`);
for (let run = 1; run <= 3; run++) {
	for (const [name, create] of engines) {
		const db = await create({ threads: 1 });
		const t = performance.now();
		await db.insertArrow('t', ipc);
		const ms = performance.now() - t;
		const [{ n }] = await db.rows<{ n: number }>('SELECT count(*)::INTEGER AS n FROM t');
		await db.close();
		console.log(`run ${run}, ${name}: ${Math.round(ms)} ms (${n.toLocaleString('en')} rows)`);
	}
}
console.log(`load average after: ${load()}`);
