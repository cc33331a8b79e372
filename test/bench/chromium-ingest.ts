// The ingest part of the benchmark (issue 14), reusable on its own: file drop → ingest report in headless
// Chromium on the built site served as `npm start` serves it (vite preview), and DuckDB-WASM's plain
// `CREATE TABLE t AS SELECT * FROM read_csv(file)` of the same file in the same browser (the engine's
// floor: plain/plain-read.worker.ts on the same server, the build's own wasm). Each run is a fresh browser
// and profile, so the peak memory of its renderer process is that run's alone.
//   const server = await serveBuild(); const m = await measureIngest(server, file, 3); await server.close();
import { readdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { preview } from 'vite';
import { benchPages, bundleBenchPages } from './bench-pages.ts';
import { summarize, type Runs } from './stats.ts';
import { rendererCpu, rendererPeak } from './renderer-procs.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The built site served by vite preview (as `npm start`), plus the bench's pages (bench-pages.ts). */
export interface BenchServer {
	url: string;
	/** Root-relative URL of the build's DuckDB wasm, which the floor's worker instantiates too. */
	wasm: string;
	close(): Promise<void>;
}

/** One run in Chromium: wall ms on the bench's clock from the file given to the input to the result. */
export interface BrowserRun {
	ms: number;
	rows: number;
	/** Peak resident memory of the tab's renderer process (page and its workers: VmHWM), in MB; null if unread. */
	peakRssMB: number | null;
	/**
	 * CPU time (user + system) the profile's renderer processes used over the same span, in ms: unlike the
	 * wall time it hardly grows with the machine's load (Linux /proc; NaN elsewhere).
	 */
	cpuMs: number;
	/** The floor only: ms of the CREATE TABLE inside the worker, and the wasm heap's size after it (MB). */
	workerMs?: number;
	heapMB?: number;
}

/** Bundles the bench's pages (bench-pages.ts) and serves `root` with vite preview, as `npm start` does. */
export async function serveBuild(root = 'build'): Promise<BenchServer> {
	await bundleBenchPages();
	const immutable = path.resolve(root, '_app/immutable');
	const wasmFile = (await readdir(immutable, { recursive: true })).find((f) =>
		/(^|\/)duckdb-eh[^/]*\.wasm$/.test(f)
	);
	if (!wasmFile) throw new Error(`no duckdb-eh wasm under ${immutable}: run npx vite build`);
	const server = await preview({
		plugins: [benchPages()],
		preview: { port: 0, open: false, host: '127.0.0.1' },
		build: { outDir: root },
		logLevel: 'silent'
	});
	return {
		url: server.resolvedUrls!.local[0],
		wasm: `/_app/immutable/${wasmFile}`,
		close: () => server.close()
	};
}

/** A fresh headless Chromium with its own profile `dir`; `peakRssMB` reads its renderers' VmHWM (Linux /proc). */
export async function freshBrowser(): Promise<{
	dir: string;
	context: BrowserContext;
	page: Page;
	peakRssMB: () => Promise<number | null>;
	cpuMs: () => Promise<number>;
	close: () => Promise<void>;
}> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-bench-'));
	const context = await chromium.launchPersistentContext(dir, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: { width: 1400, height: 1000 },
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
	});
	return {
		dir,
		context,
		page: context.pages()[0] ?? (await context.newPage()),
		peakRssMB: () => rendererPeak(dir),
		cpuMs: () => rendererCpu(dir),
		close: async () => {
			await context.close();
			await rm(dir, { recursive: true, force: true });
		}
	};
}

/**
 * Opens the workbench empty (`?demo=0&cache=0&workspace=0`: no demo, no result cache, nothing kept), waits
 * for the engine to be up (footer names DuckDB), then times the file given to the file input → the ingest
 * report on screen. The page stays open for `after` (the analyses part), then the browser closes.
 */
export async function dropToReport(
	server: BenchServer,
	file: string,
	after?: (page: Page, peakRssMB: () => Promise<number | null>) => Promise<void>,
	query = '?demo=0&cache=0&workspace=0'
): Promise<BrowserRun> {
	const b = await freshBrowser();
	try {
		await b.page.goto(`${server.url}${query}`);
		await b.page.waitForFunction(
			() => document.querySelector('footer')?.textContent?.includes('DuckDB'),
			null,
			{ timeout: 300_000 }
		);
		const cpu = await b.cpuMs();
		const t = performance.now();
		await b.page.getByTestId('file-input').setInputFiles(file);
		await b.page.getByTestId('ingest-done').waitFor({ timeout: 1_800_000 });
		const ms = performance.now() - t;
		const cpuMs = (await b.cpuMs()) - cpu;
		const rows = Number(await b.page.getByTestId('stat-rows').getAttribute('data-value'));
		const peakRssMB = await b.peakRssMB();
		await after?.(b.page, b.peakRssMB);
		return { ms, rows, peakRssMB, cpuMs };
	} finally {
		await b.close();
	}
}

/** The floor: the plain read_csv of `file` in a fresh Chromium, timed as dropToReport times the app. */
export async function plainRead(server: BenchServer, file: string): Promise<BrowserRun> {
	const b = await freshBrowser();
	try {
		await b.page.goto(`${server.url}__bench/plain-read.html?wasm=${encodeURIComponent(server.wasm)}`);
		await b.page.evaluate('window.benchReady');
		const cpu = await b.cpuMs();
		const t = performance.now();
		await b.page.locator('#file').setInputFiles(file);
		const r = await b.page.evaluate<{ ms: number; rows: number; heapBytes: number }>('window.benchResult');
		const ms = performance.now() - t;
		const cpuMs = (await b.cpuMs()) - cpu;
		return {
			ms,
			rows: r.rows,
			peakRssMB: await b.peakRssMB(),
			cpuMs,
			workerMs: r.ms,
			heapMB: Math.round(r.heapBytes / 2 ** 20)
		};
	} finally {
		await b.close();
	}
}

/**
 * The ingest part: `runs` runs each of drop → report and the plain read (and drop → report of `jsonlFile`,
 * the same events as JSON Lines), interleaved, and their summaries.
 */
export interface IngestMeasure {
	dropToReport: Runs;
	plainRead: Runs;
	plainReadInWorker: Runs;
	/** CPU time of the tab's renderer during each (BrowserRun.cpuMs); absent in results stored before it. */
	dropToReportCpu?: Runs;
	plainReadCpu?: Runs;
	rows: { app: number; plain: number };
	peakRssMB: { app: number | null; plain: number | null };
	plainHeapMB: number | null;
	/** The same events as JSON Lines (events-file.ts benchJsonl), dropped the same way; absent before it. */
	jsonl?: { MB: number; dropToReport: Runs; dropToReportCpu: Runs; rows: number; peakRssMB: number | null };
}

export async function measureIngest(
	server: BenchServer,
	file: string,
	runs = 3,
	log: (s: string) => void = console.log,
	jsonlFile?: string
): Promise<IngestMeasure> {
	const app: BrowserRun[] = [];
	const plain: BrowserRun[] = [];
	const jsonl: BrowserRun[] = [];
	// Interleaved, so a change in the machine's load shifts both alike.
	for (let i = 0; i < runs; i++) {
		const a = await dropToReport(server, file);
		app.push(a);
		log(
			`  drop → report ${i + 1}: ${Math.round(a.ms)} ms (renderer CPU ${Math.round(a.cpuMs)} ms), ${a.rows} rows, ` +
				`renderer peak ${a.peakRssMB} MB`
		);
		const p = await plainRead(server, file);
		plain.push(p);
		log(
			`  plain read_csv ${i + 1}: ${Math.round(p.ms)} ms (in worker ${Math.round(p.workerMs!)} ms, ` +
				`renderer CPU ${Math.round(p.cpuMs)} ms), ` +
				`${p.rows} rows, wasm heap ${p.heapMB} MB, renderer peak ${p.peakRssMB} MB`
		);
		if (!jsonlFile) continue;
		const j = await dropToReport(server, jsonlFile);
		jsonl.push(j);
		log(
			`  JSONL drop → report ${i + 1}: ${Math.round(j.ms)} ms (renderer CPU ${Math.round(j.cpuMs)} ms), ` +
				`${j.rows} rows, renderer peak ${j.peakRssMB} MB`
		);
	}
	const peak = (xs: BrowserRun[]) =>
		xs.some((x) => x.peakRssMB !== null) ? Math.max(...xs.map((x) => x.peakRssMB ?? 0)) : null;
	return {
		dropToReport: summarize(app.map((r) => r.ms)),
		plainRead: summarize(plain.map((r) => r.ms)),
		plainReadInWorker: summarize(plain.map((r) => r.workerMs!)),
		dropToReportCpu: summarize(app.map((r) => r.cpuMs)),
		plainReadCpu: summarize(plain.map((r) => r.cpuMs)),
		rows: { app: app[0].rows, plain: plain[0].rows },
		peakRssMB: { app: peak(app), plain: peak(plain) },
		plainHeapMB: Math.max(...plain.map((p) => p.heapMB ?? 0)) || null,
		...(jsonlFile && {
			jsonl: {
				MB: +((await stat(jsonlFile)).size / 2 ** 20).toFixed(1),
				dropToReport: summarize(jsonl.map((r) => r.ms)),
				dropToReportCpu: summarize(jsonl.map((r) => r.cpuMs)),
				rows: jsonl[0].rows,
				peakRssMB: peak(jsonl)
			}
		})
	};
}
