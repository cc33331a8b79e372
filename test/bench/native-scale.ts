// The native-scale part of the benchmark (issue 15, `npm run bench -- --only native-scale --rows
// 10000000,50000000`): what `footfall --engine native` does with a file a tab cannot hold. Footfall's own
// load (ingest.ts's rules), sessions and users, then every analysis of the analyses part (the same specs,
// BROWSER_SPECS) on native DuckDB, at one thread and at every thread of the machine, each run a fresh
// process (native-scale-child.ts) so its peak memory is its own. Per step: wall time (an analysis's includes
// the derived tables it is the first to need; its SQL alone is given beside it), the process's peak
// resident set, DuckDB's own peak memory and spill, and the 1-minute load average before and after.
// BENCH_NATIVE_BUDGET_S (default 600) stops an analysis that runs longer; BENCH_NATIVE_MEMORY_LIMIT
// replaces memoryLimitFor's choice; BENCH_NATIVE_STEPS (names or parts of names, comma-separated, any case)
// runs only the analyses it names (load and sessions always run) and BENCH_NATIVE_THREADS (`one`, `all` or
// both) only those thread counts; the stored figures of the others are kept (native-scale-merge.ts).
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { BROWSER_SPECS } from './browser-analyses.ts';
import { selectSteps } from './native-scale-merge.ts';
import { summarize, type Runs } from './stats.ts';

const CHILD = path.join(import.meta.dirname, 'native-scale-child.ts');

/** One step of one run, as the child measured it. Memory in MB (2^20 bytes); `load`: 1-minute averages. */
export interface ScaleStep {
	ms: number;
	rssPeakMB: number;
	duckPeakMB: number;
	/** The most DuckDB counted as spilled (temporary storage, or its temporary files' sizes). */
	spillPeakMB: number;
	/** The most bytes of files in its spill directory on disk. */
	spillDirPeakMB: number;
	load: [number, number];
	/** An analysis: its SQL (or, for `SQL + JS`, its computation) alone, without derived tables built first. */
	sqlMs?: number;
	kind?: 'SQL' | 'SQL + JS';
	error?: string;
	/** Stopped after BENCH_NATIVE_BUDGET_S seconds. */
	stopped?: boolean;
	rows?: number;
	users?: number;
}

/** One step over its runs: times of the runs that finished, the highest peaks of any run. */
export interface ScaleFigure {
	time: Runs | null;
	sql: Runs | null;
	kind?: string;
	rssPeakMB: number;
	duckPeakMB: number;
	spillPeakMB: number;
	spillDirPeakMB: number;
	load: [number, number][];
	errors: string[];
	stopped: number;
	/** Set when the figure was kept from an earlier run than its part's: that run's date (Part.at). */
	at?: string;
	/** With `at`: that run's BENCH_NATIVE_BUDGET_S. */
	budgetS?: number;
}

export interface ScaleThreads {
	threads: number;
	steps: Record<string, ScaleFigure>;
	/** Each run's process peak resident set over the whole run. */
	maxRssMB: number[];
	/** How runs ended when not by finishing (`signal SIGKILL`, `exit code 1`). */
	ended: string[];
}

export interface NativeScaleMeasure {
	version: string;
	rows: number | null;
	users: number | null;
	memoryLimit: string | null;
	runs: number;
	budgetS: number;
	one: ScaleThreads;
	all: ScaleThreads;
}

/**
 * DuckDB's memory limit at `rows` events: its default (80% of the machine's memory) up to what a tab holds,
 * and above that 4 GB, well under what the load and the analyses use at 50M events without a limit (the
 * 10M figures times five), so the figures show DuckDB spilling to disk rather than the machine's memory
 * being large enough. BENCH_NATIVE_MEMORY_LIMIT replaces it.
 */
export function memoryLimitFor(rows: number): string | null {
	return process.env.BENCH_NATIVE_MEMORY_LIMIT ?? (rows > 20_000_000 ? '4GB' : null);
}

interface ChildRun {
	steps: Map<string, ScaleStep>;
	version: string;
	maxRssMB: number | null;
	ended: string | null;
}

async function runChild(
	file: string,
	threads: number,
	memoryLimit: string | null,
	budgetS: number,
	specs: typeof BROWSER_SPECS
) {
	const config = { file, threads, memoryLimit, budgetS, specs };
	const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(config)], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const exited = new Promise<[number | null, string | null]>((resolve) =>
		child.once('exit', (code, signal) => resolve([code, signal]))
	);
	const run: ChildRun = { steps: new Map(), version: '', maxRssMB: null, ended: null };
	for await (const line of createInterface({ input: child.stdout })) {
		const { name, ...rest } = JSON.parse(line) as { name: string } & Record<string, unknown>;
		if (name === 'version') run.version = rest.version as string;
		else if (name === 'end') run.maxRssMB = rest.maxRssMB as number;
		else run.steps.set(name, rest as unknown as ScaleStep);
	}
	const [code, signal] = await exited;
	if (code !== 0) {
		// The step it died in: the first one it did not print (it prints each as soon as it ends).
		const during = ['load', 'sessions and users', ...Object.keys(specs)].find((n) => !run.steps.has(n));
		run.ended = `${signal ? `signal ${signal}` : `exit code ${code}`}${during ? ` during ${during}` : ''}`;
	}
	return run;
}

function figure(steps: ScaleStep[]): ScaleFigure {
	const done = steps.filter((s) => !s.error);
	const max = (k: 'rssPeakMB' | 'duckPeakMB' | 'spillPeakMB' | 'spillDirPeakMB') =>
		Math.max(...steps.map((s) => s[k]));
	const sql = done.map((s) => s.sqlMs).filter((ms): ms is number => ms !== undefined);
	return {
		time: done.length ? summarize(done.map((s) => s.ms)) : null,
		sql: sql.length ? summarize(sql) : null,
		kind: steps[0].kind,
		rssPeakMB: max('rssPeakMB'),
		duckPeakMB: max('duckPeakMB'),
		spillPeakMB: max('spillPeakMB'),
		spillDirPeakMB: max('spillDirPeakMB'),
		load: steps.map((s) => s.load),
		errors: [...new Set(steps.flatMap((s) => (s.error ? [s.error] : [])))],
		stopped: steps.filter((s) => s.stopped).length
	};
}

function threadsOf(threads: number, runs: ChildRun[]): ScaleThreads {
	const names = [...new Set(runs.flatMap((r) => [...r.steps.keys()]))];
	const steps = Object.fromEntries(
		names.map((n) => [n, figure(runs.flatMap((r) => (r.steps.has(n) ? [r.steps.get(n)!] : [])))])
	);
	return {
		threads,
		steps,
		maxRssMB: runs.flatMap((r) => (r.maxRssMB === null ? [] : [r.maxRssMB])),
		ended: runs.flatMap((r) => (r.ended ? [r.ended] : []))
	};
}

/** `runs` runs of `file` (of `rows` events) at one thread and at every thread, interleaved. */
export async function measureNativeScale(
	file: string,
	rows: number,
	runs = 3,
	log: (s: string) => void = console.log
): Promise<NativeScaleMeasure> {
	const all = os.availableParallelism();
	const memoryLimit = memoryLimitFor(rows);
	const budgetS = Number(process.env.BENCH_NATIVE_BUDGET_S ?? 600);
	const specs = selectSteps(BROWSER_SPECS, process.env.BENCH_NATIVE_STEPS);
	const counts = new Set((process.env.BENCH_NATIVE_THREADS ?? 'one,all').split(',').map((t) => t.trim()));
	for (const c of counts)
		if (c !== 'one' && c !== 'all') throw new Error(`BENCH_NATIVE_THREADS: ${c} is neither one nor all`);
	log(`  memory limit ${memoryLimit ?? "DuckDB's default"}; an analysis is stopped after ${budgetS} s`);
	log(`  analyses: ${Object.keys(specs).join('; ') || 'none'}; threads: ${[...counts].join(', ')}`);
	const one: ChildRun[] = [];
	const many: ChildRun[] = [];
	for (let i = 0; i < runs; i++) {
		if (counts.has('one')) {
			log(`  run ${i + 1} of ${runs}, 1 thread`);
			one.push(await runChild(file, 1, memoryLimit, budgetS, specs));
		}
		if (counts.has('all')) {
			log(`  run ${i + 1} of ${runs}, ${all} threads`);
			many.push(await runChild(file, all, memoryLimit, budgetS, specs));
		}
	}
	const load = [...one, ...many].map((r) => r.steps.get('load')).find((s) => s && !s.error);
	return {
		version: [...one, ...many][0]?.version ?? '',
		rows: load?.rows ?? null,
		users: load?.users ?? null,
		memoryLimit,
		runs,
		budgetS,
		one: threadsOf(1, one),
		all: threadsOf(all, many)
	};
}
