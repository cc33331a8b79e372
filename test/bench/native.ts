// The native part of the benchmark (issue 14): the floor's SQL, `CREATE TABLE t AS SELECT * FROM
// read_csv(file)` with default options, on native DuckDB (@duckdb/node-api) at one thread and at every
// thread of the machine: each run a fresh in-memory database.
import os from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { summarize, type Runs } from './stats.ts';

/** The floor's statement for a file at `file` (a path the bench wrote itself, quoted as a SQL string). */
export const plainReadSql = (file: string) =>
	`CREATE TABLE t AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}')`;

export interface NativeMeasure {
	version: string;
	threads: { one: Runs; all: Runs; allCount: number };
	rows: number;
}

async function once(file: string, threads: number): Promise<{ ms: number; rows: number; version: string }> {
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	try {
		await conn.run(`SET threads = ${threads}`);
		const t = performance.now();
		await conn.run(plainReadSql(file));
		const ms = performance.now() - t;
		const rows = Number((await conn.runAndReadAll('SELECT count(*) FROM t')).getRows()[0][0]);
		const version = String((await conn.runAndReadAll('SELECT version()')).getRows()[0][0]);
		return { ms, rows, version };
	} finally {
		conn.closeSync();
		db.closeSync();
	}
}

/** `runs` reads at one thread and at `os.availableParallelism()` threads, interleaved. */
export async function measureNative(
	file: string,
	runs = 3,
	log: (s: string) => void = console.log
): Promise<NativeMeasure> {
	const all = os.availableParallelism();
	const one: number[] = [];
	const many: number[] = [];
	let last = { rows: 0, version: '' };
	for (let i = 0; i < runs; i++) {
		const a = await once(file, 1);
		one.push(a.ms);
		const b = await once(file, all);
		many.push(b.ms);
		last = b;
		log(`  native read_csv ${i + 1}: 1 thread ${Math.round(a.ms)} ms, ${all} threads ${Math.round(b.ms)} ms`);
	}
	return {
		version: last.version,
		threads: { one: summarize(one), all: summarize(many), allCount: all },
		rows: last.rows
	};
}
