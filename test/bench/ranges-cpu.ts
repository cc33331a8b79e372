// Where the work of the byte-range read goes, phase by phase, and what it predicts for more cores (issue 14;
// docs/THREADS.md). `npx tsx test/bench/ranges-cpu.ts [rows]` (default 1000000, the bench's file).
// One DuckDB-WASM under Node (the same eh wasm, one thread) runs every phase in turn: the plain read_csv, the
// sniff, the cut (ranges/cut.ts), each part's read with the sniffed options, its Arrow export and its insert
// into the first part's table: what the browser part (ranges.ts) spreads over workers. Each phase is timed
// by the process's CPU time, which the machine's load hardly changes (wall times under load do not show
// what a free core would do). The engine is warmed first (a whole read), as V8 compiles hot wasm code
// again with its optimizing tier; the median of `--runs` runs (default 3) is printed.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { tableFromIPC } from 'apache-arrow';
import { cutAtLineEnds } from './ranges/cut.ts';
import { readOptions, sniffSql } from './ranges/read-options.ts';
import { literal } from '../../src/lib/sql/quote.ts';
import { benchCsv } from './events-file.ts';
import { median } from './stats.ts';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import { INPUT_DIR } from '../../src/lib/engine/lockdown.ts';

const { values: args, positionals } = parseArgs({
	options: { runs: { type: 'string', default: '3' } },
	allowPositionals: true
});
const file = await benchCsv(Number(positionals[0] ?? 1_000_000));
const cpu = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
};
/** ms of CPU `f` takes, and its value. */
function timed<T>(f: () => T): [number, T] {
	const t = cpu();
	const v = f();
	return [cpu() - t, v];
}

// Locked down as the app's (lockdown.ts): only registered files are read, no extension is fetched.
const db = await createNodeDuck();
const { bindings, conn: id } = db;
const name = (n: string) => literal(`${INPUT_DIR}${n}`);
const bytes = new Uint8Array(readFileSync(file));
bindings.registerFileBuffer(`${INPUT_DIR}whole.csv`, bytes);

const [sniffed] = await db.rows(sniffSql(`${INPUT_DIR}whole.csv`));
const options = readOptions(sniffed);

const q = (sql: string) => bindings.runQuery(id, sql);
const count = () => Number(tableFromIPC(q('SELECT count(*)::DOUBLE AS n FROM t')).get(0)!.n);
q(`CREATE TABLE warm AS FROM read_csv(${name('whole.csv')}, ${options})`);
q('DROP TABLE warm');

interface Phases {
	plain: number;
	sniff: number;
	cut: number;
	/** Per part: its read, its export (0 for the first, which stays), its insert (0 for the first). */
	parts: { parse: number; export: number; insert: number }[];
}

function once(n: number): Phases {
	const [plain] = timed(() => q(`CREATE TABLE t AS FROM read_csv(${name('whole.csv')})`));
	const plainRows = count();
	q('DROP TABLE t');
	const [sniff] = timed(() => q(`FROM sniff_csv(${name('whole.csv')})`));
	const [cut, c] = timed(() => cutAtLineEnds(bytes, n));
	const header = bytes.subarray(0, c.headerEnd);
	const parts: Phases['parts'] = [];
	const streams: Uint8Array[] = [];
	c.ranges.forEach((r, k) => {
		const part = new Uint8Array(header.length + r.end - r.start);
		part.set(header);
		part.set(bytes.subarray(r.start, r.end), header.length);
		bindings.registerFileBuffer(`${INPUT_DIR}part-${k}.csv`, part);
		const table = k === 0 ? 't' : 'p';
		const [parse] = timed(() =>
			q(`CREATE TABLE ${table} AS FROM read_csv(${name(`part-${k}.csv`)}, ${options})`)
		);
		// runQuery gives the Arrow IPC file format; the stream inside it starts at byte 8 (ranges.worker.ts).
		const [exported, ipc] = k === 0 ? [0, null] : timed(() => bindings.runQuery(id, 'FROM p').subarray(8));
		if (k > 0) q('DROP TABLE p');
		bindings.dropFile(`${INPUT_DIR}part-${k}.csv`);
		if (ipc) streams.push(ipc);
		parts.push({ parse, export: exported, insert: 0 });
	});
	streams.forEach((ipc, k) => {
		[parts[k + 1].insert] = timed(() =>
			bindings.insertArrowFromIPCStream(id, ipc, { name: 't', create: false })
		);
	});
	const rows = count();
	q('DROP TABLE t');
	if (rows !== plainRows) throw new Error(`${n} parts gave ${rows} rows, the plain read ${plainRows}`);
	return { plain, sniff, cut, parts };
}

const ms = (x: number) => `${Math.round(x)} ms`;
console.log(`${file}: CPU ms of each phase, one thread, median of ${args.runs} runs`);
for (const n of [1, 2, 4, 8]) {
	const runs = Array.from({ length: Number(args.runs) }, () => once(n));
	const med = (f: (p: Phases) => number) => median(runs.map(f));
	const sum = (f: (x: Phases['parts'][number]) => number) => (p: Phases) =>
		p.parts.reduce((s, x) => s + f(x), 0);
	const slowest = (p: Phases) => Math.max(...p.parts.map((x) => x.parse + x.export));
	const plain = med((p) => p.plain);
	const work = med((p) => p.sniff + p.cut + sum((x) => x.parse + x.export + x.insert)(p));
	// On n free cores: sniff beside the cut (the longer of the two), the parts side by side, then the inserts.
	const wall = med((p) => Math.max(p.sniff, p.cut) + slowest(p) + sum((x) => x.insert)(p));
	console.log(
		`  ${n} part(s): plain read_csv ${ms(plain)}; sniff ${ms(med((p) => p.sniff))}, cut ${ms(med((p) => p.cut))}, ` +
			`parts ${ms(med(sum((x) => x.parse)))} (slowest part read + export ${ms(med(slowest))}), ` +
			`exports ${ms(med(sum((x) => x.export)))}, inserts ${ms(med(sum((x) => x.insert)))} ` +
			`(first run, part by part: ${
				runs[0].parts
					.slice(1)
					.map((x) => ms(x.insert))
					.join(', ') || 'none'
			}); ` +
			`all work ${ms(work)} (${(work / plain).toFixed(2)}× the plain read); on ${n} free cores ` +
			`${ms(wall)}: ${(plain / wall).toFixed(2)}× faster than the plain read`
	);
}
