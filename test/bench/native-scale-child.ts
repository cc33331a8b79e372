// One run of the native-scale part (native-scale.ts starts it, a fresh process per run so its peak memory is
// its own): loads the file with Footfall's ingest on native DuckDB, builds sessions and users, then runs each
// spec it is given, printing one JSON line per step to stdout as soon as the step ends, so a run that dies
// (out of memory, killed) still leaves the steps it finished. A step that fails is recorded with its error and
// the run goes on to the next, even when the error comes as a rejection nobody awaits. Progress goes to stderr.
//   node --import tsx test/bench/native-scale-child.ts '{"file":…,"threads":1,"memoryLimit":"4GB",
//     "budgetS":600,"specs":{"name":{spec}}}'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNativeDuck, type NativeDatabase } from '../../src/lib/engine/native-duck.ts';
import { nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { analysisOf, type AnalysisSpecInput } from '../../src/lib/analyses/registry.ts';
import { parseAnalysis } from '../../src/lib/analyses/spec.ts';
import type { ScaleStep } from './native-scale.ts';

interface Config {
	file: string;
	threads: number;
	memoryLimit: string | null;
	budgetS: number;
	specs: Record<string, AnalysisSpecInput>;
}

const cfg = JSON.parse(process.argv[2]) as Config;
const MB = 2 ** 20;
const SAMPLE_MS = 200;
const load1 = () => +os.loadavg()[0].toFixed(2);

/** Bytes of the files under `dir` (the spill files DuckDB wrote), 0 when it does not exist yet. */
function bytesUnder(dir: string): number {
	let total = 0;
	try {
		for (const name of readdirSync(dir)) {
			const info = statSync(path.join(dir, name));
			total += info.isDirectory() ? bytesUnder(path.join(dir, name)) : info.size;
		}
	} catch {
		return total;
	}
	return total;
}

/** Linux resets the peak resident set (VmHWM) on writing 5 to clear_refs; elsewhere only samples count. */
function resetPeakRss(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}
const peakRssMB = () =>
	Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;

/** Ends the running step with an error; set while a step runs (see the unhandledRejection handler). */
let failStep: ((e: unknown) => void) | null = null;
// Node ends the process (exit code 1) on a rejection nobody handles: the 50M run of 2026-12-01 died so in
// paths, when the memory sampler's own query ran out of memory at DuckDB's limit and the promise of its
// `.finally` was dropped unawaited. Any such rejection now ends the running step, recorded as unhandled, and
// the run goes on (one between steps is only told).
process.on('unhandledRejection', (reason) => {
	const e = reason instanceof Error ? reason : new Error(String(reason));
	const unhandled = new Error(`unhandled rejection: ${e.message}`);
	if (failStep) failStep(unhandled);
	else process.stderr.write(`    unhandled rejection between steps: ${e.message.split('\n')[0]}\n`);
});

/**
 * Times `work` while sampling, every SAMPLE_MS, the process's resident set, DuckDB's own memory and its
 * spill (as DuckDB counts it, and as bytes of files in its spill directory): the peaks of each.
 */
async function step<T>(
	db: NativeDatabase,
	work: () => Promise<T>
): Promise<{ value?: T; error?: string; figure: ScaleStep }> {
	const spillDir = path.join(db.files.dir, '.spill');
	const peak = { rss: 0, duck: 0, spill: 0, spillFiles: 0 };
	let sampling: Promise<void> | null = null;
	// A sample taken while DuckDB is at its memory limit can itself run out of memory: skip it then, so the
	// step's own error (not the sampler's) is what the run records.
	const sample = async () => {
		const u = await db.usage().catch(() => null);
		if (!u) return;
		peak.duck = Math.max(peak.duck, u.memoryBytes);
		peak.spill = Math.max(peak.spill, u.temporaryStorageBytes, u.spillFileBytes);
		peak.spillFiles = Math.max(peak.spillFiles, bytesUnder(spillDir));
		peak.rss = Math.max(peak.rss, process.memoryUsage.rss());
	};
	// A failed sample is one sample fewer, never a rejection left unhandled.
	const timer = setInterval(() => {
		sampling ??= sample()
			.catch(() => {})
			.finally(() => (sampling = null));
	}, SAMPLE_MS);
	const hwm = resetPeakRss();
	const loadBefore = load1();
	const t = performance.now();
	let value: T | undefined;
	let error: string | undefined;
	try {
		const running = work();
		// Left behind when an unhandled rejection ends the step first: its own end must not end the next step.
		running.catch(() => {});
		value = await Promise.race([running, new Promise<never>((_, reject) => (failStep = reject))]);
	} catch (e) {
		// DuckDB's own words (core.ts rewords running out of memory for the reader, keeping them as the cause).
		const own = e instanceof Error && e.cause instanceof Error ? e.cause : e;
		error = own instanceof Error ? own.message.split('\n')[0] : String(own);
	}
	failStep = null;
	const ms = performance.now() - t;
	clearInterval(timer);
	await sampling;
	await sample().catch(() => {});
	const figure: ScaleStep = {
		ms,
		rssPeakMB: Math.round(Math.max(peak.rss / MB, hwm ? peakRssMB() : 0)),
		duckPeakMB: Math.round(peak.duck / MB),
		spillPeakMB: Math.round(peak.spill / MB),
		spillDirPeakMB: Math.round(peak.spillFiles / MB),
		load: [loadBefore, load1()],
		...(error ? { error } : {})
	};
	return { value, error, figure };
}

const print = (name: string, figure: object) =>
	process.stdout.write(JSON.stringify({ name, ...figure }) + '\n');
/** A progress line with the step's peaks, so a run stopped before its part is saved still says them. */
const say = (s: string, f: ScaleStep) =>
	process.stderr.write(
		`    ${cfg.threads} thread(s): ${s}; peaks: RSS ${f.rssPeakMB} MB, DuckDB ${f.duckPeakMB} MB, ` +
			`spill ${f.spillPeakMB} MB (${f.spillDirPeakMB} MB of files); load ${f.load.join(' → ')}\n`
	);

const db = await createNativeDuck({
	threads: cfg.threads,
	...(cfg.memoryLimit ? { memoryLimit: cfg.memoryLimit } : {})
});
const core = new EngineCore(db);
try {
	print('version', { version: await db.version() });
	const loaded = await step(db, async () => core.ingest([await nodeSource(cfg.file)], {}));
	const rows = loaded.value?.rows;
	print('load', { ...loaded.figure, rows, users: loaded.value?.users });
	say(
		`load ${Math.round(loaded.figure.ms)} ms, ${rows} rows kept${loaded.error ? `: ${loaded.error}` : ''}`,
		loaded.figure
	);
	if (!loaded.error) {
		const derived = await step(db, () => core.derived());
		print('sessions and users', derived.figure);
		say(`sessions and users ${Math.round(derived.figure.ms)} ms`, derived.figure);
		for (const [name, spec] of Object.entries(cfg.specs)) {
			const jobId = crypto.randomUUID();
			let stopped = false;
			const budget = setTimeout(() => {
				stopped = true;
				core.cancel(jobId);
			}, cfg.budgetS * 1000);
			const ran = await step(db, () => core.run(spec, { jobId }));
			clearTimeout(budget);
			const kind = analysisOf(parseAnalysis(spec)).compile ? 'SQL' : 'SQL + JS';
			print(name, { ...ran.figure, sqlMs: ran.value?.ms, kind, ...(stopped ? { stopped: true } : {}) });
			say(
				`${name} ${Math.round(ran.figure.ms)} ms${stopped ? ' (stopped)' : ''}${ran.error ? `: ${ran.error}` : ''}`,
				ran.figure
			);
		}
	}
} finally {
	await db.close();
	print('end', { maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) });
}
