// The performance benchmark (`npm run bench`, issue 14). Not a test: it prints measured numbers, stores them
// in test/bench/out/results-<rows>.json and writes docs/BENCHMARKS.md. On its own generated event files
// (events-file.ts), side by side on this machine:
//   ingest    file drop → ingest report in headless Chromium on the built site, and DuckDB-WASM's plain
//             read_csv of the same file in the same browser (chromium-ingest.ts); the same events as JSON
//             Lines dropped too;
//   analyses  every registered analysis cold and warm in that browser (browser-analyses.ts);
//   cached    a cached result requested again (browser-analyses.ts);
//   native    the plain read_csv on native DuckDB, one thread and all threads (native.ts);
//   native-scale  Footfall's load and every analysis on native DuckDB, one thread and all threads, with peak
//             memory and spill (native-scale.ts; for 10M and 50M events: --rows 10000000,50000000);
//   pandas    pandas loading the file and computing weekly retention, checked against ours (pandas.ts);
//   ranges    the file cut into byte ranges parsed by several workers and combined, against the plain
//             read_csv in the same browser (ranges.ts);
//   threads   DuckDB-WASM's threaded build at 1 and 2 threads against its single-thread one (threads.ts).
// Options: --only ingest,analyses (default: every part); --rows 1000000,10000000 (default 1000000; the 10M
// file is 1.2 GB and takes about ten times as long); --runs 3 (runs per figure, at least 3 for a median).
// A part measured alone replaces only its own figures in the stored results. The site is built first when
// build/ is missing (`npx vite build` after a change).
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { measureIngest, serveBuild, type BenchServer } from './chromium-ingest.ts';
import { measureAnalyses, measureCachedReopen, missingKinds } from './browser-analyses.ts';
import { measureNative } from './native.ts';
import { measureRanges } from './ranges.ts';
import { measureNativeScale } from './native-scale.ts';
import { mergeNativeScale } from './native-scale-merge.ts';
import { measurePandas, retentionDiff, type Cohort } from './pandas.ts';
import { measureThreads } from './threads.ts';
import { benchCsv, benchJsonl, OUT } from './events-file.ts';
import { benchmarksMarkdown } from './report-md.ts';
import type { Environment, Part, Results, SizeResults } from './results.ts';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';

const PARTS = [
	'ingest',
	'analyses',
	'cached',
	'native',
	'native-scale',
	'pandas',
	'ranges',
	'threads'
] as const;
type PartName = (typeof PARTS)[number];

const { values: args } = parseArgs({
	options: {
		only: { type: 'string', default: PARTS.join(',') },
		rows: { type: 'string', default: process.env.BENCH_ROWS ?? '1000000' },
		runs: { type: 'string', default: process.env.BENCH_REPEAT ?? '3' }
	}
});
const only = new Set(args.only!.split(',').map((s) => s.trim()));
for (const p of only)
	if (!PARTS.includes(p as PartName)) throw new Error(`unknown part ${p}: one of ${PARTS.join(', ')}`);
const SIZES = args.rows!.split(',').map(Number);
const RUNS = Number(args.runs);
const MD = 'docs/BENCHMARKS.md';
const log = (s: string) => console.log(s);
const stamp = () => new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
const load = () =>
	execSync('uptime')
		.toString()
		.replace(/.*load average:\s*/, '')
		.trim();

async function part<T>(name: PartName, measure: () => Promise<T> | T): Promise<Part<T>> {
	const loadBefore = load();
	log(`${name} (load average ${loadBefore})`);
	const data = await measure();
	return {
		at: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
		loadBefore,
		loadAfter: load(),
		data
	};
}

function environment(): Environment {
	const pkg = (p: string) => JSON.parse(readFileSync(`node_modules/${p}/package.json`, 'utf8')).version;
	const sh = (c: string) => {
		try {
			return execSync(c, { stdio: ['ignore', 'pipe', 'ignore'] })
				.toString()
				.trim();
		} catch {
			return '?';
		}
	};
	return {
		cpu: os.cpus()[0]?.model ?? '?',
		cores: os.availableParallelism(),
		memoryGB: Math.round(os.totalmem() / 2 ** 30),
		os: `${sh('. /etc/os-release && echo $PRETTY_NAME')}, Linux ${os.release()}`,
		node: process.version,
		chromium: sh(`${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} --version`),
		duckdbWasm: `@duckdb/duckdb-wasm ${pkg('@duckdb/duckdb-wasm')}`,
		duckdbNode: `@duckdb/node-api ${pkg('@duckdb/node-api')}`,
		footfall: `${sh('git rev-parse --short HEAD')} (${sh('git log -1 --format=%cs')})`
	};
}

/** Our weekly retention on `file`: from the browser run when it has it, else the same engine under Node. */
async function ourRetention(file: string, fromBrowser: Cohort[] | undefined): Promise<Cohort[]> {
	if (fromBrowser) return fromBrowser;
	const core = new EngineCore(await createNodeDuck());
	await core.ingest([await nodeSource(file)], {});
	const r = (await core.result({ kind: 'retention' })) as { cohorts: Cohort[] };
	return r.cohorts;
}

/** Measures the parts asked for at `rows` events; `save` after each, so a stopped run keeps what it had. */
async function measureSize(
	rows: number,
	server: BenchServer | null,
	stored: SizeResults | undefined,
	save: (s: SizeResults) => Promise<void>
) {
	const file = await benchCsv(rows, log);
	const s: SizeResults = { ...stored, rows, csvMB: +(statSync(file).size / 2 ** 20).toFixed(1) };
	log(`\n${rows.toLocaleString('en')} events, ${s.csvMB} MB: ${file}`);
	if (only.has('ingest')) {
		const jsonl = await benchJsonl(rows, log);
		s.ingest = await part('ingest', () => measureIngest(server!, file, RUNS, log, jsonl));
		await save(s);
	}
	if (only.has('ranges')) {
		s.ranges = await part('ranges', () => measureRanges(server!, file, RUNS, log));
		await save(s);
	}
	if (only.has('native')) {
		s.native = await part('native', () => measureNative(file, RUNS, log));
		await save(s);
	}
	if (only.has('native-scale')) {
		// A run of some steps or thread counts only keeps the stored figures of the others.
		const measured = await part('native-scale', () => measureNativeScale(file, rows, RUNS, log));
		s.nativeScale = mergeNativeScale(stored?.nativeScale, measured);
		await save(s);
	}
	let retention: Cohort[] | undefined;
	if (only.has('analyses')) {
		const missing = missingKinds();
		if (missing.length) log(`  no spec for ${missing.join(', ')}: add one to BROWSER_SPECS`);
		s.analyses = await part('analyses', async () => {
			const m = await measureAnalyses(server!, file, { warmRuns: RUNS, log });
			retention = m.retention;
			delete m.retention;
			return m;
		});
		await save(s);
	}
	if (only.has('pandas'))
		s.pandas = await part('pandas', async () => {
			const p = measurePandas(file, RUNS);
			if (!p.ok) {
				log(`  pandas skipped: ${p.reason}`);
				return p;
			}
			log(`  pandas ${p.pandas}: ${p.runs.runs.map(Math.round).join(', ')} ms`);
			if (rows > 1_000_000) return { ...p, cohorts: [], check: 'compared at 1M events only' };
			const ours = await ourRetention(file, retention);
			const check = retentionDiff(ours, p.cohorts);
			log(`  weekly retention, ours:   ${JSON.stringify(ours)}`);
			log(`  weekly retention, pandas: ${JSON.stringify(p.cohorts)}`);
			log(check.length ? `  DIFFERENT:\n    ${check.join('\n    ')}` : '  equal, cohort by cohort');
			return { ...p, cohorts: [], check };
		});
	await save(s);
	if (only.has('cached')) {
		s.cached = await part('cached', () =>
			measureCachedReopen(server!, file, { runs: Math.max(5, RUNS), log })
		);
		await save(s);
	}
	if (only.has('threads')) {
		s.threads = await part('threads', () => measureThreads(server!, file, RUNS, log));
		await save(s);
	}
	return s;
}

await mkdir(OUT, { recursive: true });
const browserParts = ['ingest', 'analyses', 'cached', 'ranges', 'threads'].some((p) => only.has(p));
if (browserParts && !existsSync('build/index.html')) execSync('npx vite build', { stdio: 'inherit' });
const started = { at: stamp(), load: load() };
log(`load average at the start: ${started.load}`);
const server = browserParts ? await serveBuild() : null;
/** Writes `s` into its stored results and docs/BENCHMARKS.md from every size stored so far. */
async function save(s: SizeResults): Promise<void> {
	await writeFile(path.join(OUT, `results-${s.rows}.json`), JSON.stringify(s, null, 2) + '\n');
	const sizes: SizeResults[] = [];
	// Every size measured so far, not only this run's: a run at 1M keeps the 50M figures in the page.
	for (const name of await readdir(OUT)) {
		if (/^results-\d+\.json$/.test(name))
			sizes.push(JSON.parse(await readFile(path.join(OUT, name), 'utf8')) as SizeResults);
	}
	sizes.sort((a, b) => a.rows - b.rows);
	const ended = { at: stamp(), load: load() };
	const results: Results = {
		environment: environment(),
		run: { parts: [...only], rows: SIZES, start: started, end: ended },
		sizes
	};
	// Formatted as `npm run lint` checks it (prettier, the project's config: tables aligned, lines wrapped).
	const options = { ...(await resolveConfig(MD)), filepath: MD };
	await writeFile(MD, await format(benchmarksMarkdown(results), options));
}

try {
	for (const rows of SIZES) {
		const stored = path.join(OUT, `results-${rows}.json`);
		const before = existsSync(stored)
			? (JSON.parse(await readFile(stored, 'utf8')) as SizeResults)
			: undefined;
		await measureSize(rows, server, before, save);
	}
} finally {
	await server?.close();
}
log(`\nload average at the end: ${load()}; written docs/BENCHMARKS.md`);
