// The threads part of the benchmark (issue 14, docs/THREADS.md): DuckDB-WASM's threaded build (`coi`) at 1
// and 2 threads against its single-thread build (`eh`, the one the app ships), in headless Chromium on the
// built site, the page cross-origin isolated by the app's own service worker (openThreadsPage). For each
// build and each way of handing DuckDB the file (a File handle, a blob: URL read as HTTP, a copy into the
// wasm heap), it times the plain `CREATE TABLE t AS SELECT * FROM read_csv(file)` and then GROUPED on t, and
// the CPU time the tab used meanwhile. Runs of every setup are interleaved, so a change in the machine's load
// shifts them alike; `uptime` is read around each round. Run alone (and again on an idle machine):
//   npm run bench -- --only threads [--runs 3] [--rows 1000000]
import { execSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { freshBrowser, type BenchServer } from './chromium-ingest.ts';
import { summarize } from './stats.ts';
import type { ReadOutcome, Started } from './plain/threads-page.ts';
import {
	SETUPS,
	setupName,
	WAYS,
	type Build,
	type ThreadsMeasure,
	type ThreadsSetup,
	type Way
} from './threads-setups.ts';

/**
 * Weekly retention's shape as one GROUP BY over the plain table: each user's first week (UTC weeks counted
 * from the epoch) as cohort, and how many of a cohort were active each week after it. Joins, DISTINCT and
 * two hash aggregates over 1M rows: the kind of query an analysis runs. The time (read as TIMESTAMPTZ) is
 * cast to TIMESTAMP first: `epoch()` of a TIMESTAMPTZ needs the ICU extension, which is never loaded.
 */
export const GROUPED = `WITH e AS (SELECT distinct_id AS u, epoch_ms("timestamp"::TIMESTAMP) // 604800000 AS w FROM t),
f AS (SELECT u, min(w) AS c FROM e GROUP BY u),
a AS (SELECT DISTINCT e.u, f.c, e.w - f.c AS p FROM e JOIN f USING (u))
SELECT c, p, count(*)::BIGINT AS users FROM a GROUP BY c, p ORDER BY c, p`;

const load = () =>
	execSync('uptime')
		.toString()
		.replace(/.*load average:\s*/, '')
		.trim();

type Bench = {
	start(b: Build, t: number): Promise<Started>;
	read(w: Way, q: string): Promise<ReadOutcome>;
};

/**
 * One run on the threads page: a fresh database of `s`'s build and threads, then the read and the query,
 * with the renderer's CPU ms (`cpuMs`) used by those two.
 */
async function runOne(
	page: Page,
	s: { build: Build; threads: number; way: Way },
	cpuMs: () => Promise<number>
): Promise<ReadOutcome & Partial<Started> & { cpu: number }> {
	const started = await page.evaluate(
		([build, threads]) => (self as unknown as { bench: Bench }).bench.start(build, threads),
		[s.build, s.threads] as const
	);
	const cpu = await cpuMs();
	const o = await page.evaluate(([way, sql]) => (self as unknown as { bench: Bench }).bench.read(way, sql), [
		s.way,
		GROUPED
	] as const);
	return { ...started, ...o, cpu: (await cpuMs()) - cpu };
}

/**
 * Opens the app once (its service worker registers when the engine is up), waits until the service worker
 * controls the page, then opens the threads page (plain/threads.html, served by every bench server:
 * bench-pages.ts) under the same origin, so the service worker controls it too. No server header isolates
 * anything. Resolves to whether that page is cross-origin isolated (and so has SharedArrayBuffer).
 */
export async function openThreadsPage(page: Page, url: string): Promise<boolean> {
	await page.goto(`${url}?demo=0&cache=0&workspace=0`);
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
		timeout: 300_000
	});
	await page.goto(`${url}__bench/threads/threads.html`);
	await page.waitForFunction(() => 'bench' in self, null, { timeout: 60_000 });
	return page.evaluate(() => self.crossOriginIsolated);
}

/** The threads part on `server` (chromium-ingest.ts serveBuild): `runs` rounds of every setup and way. */
export async function measureThreads(
	server: BenchServer,
	file: string,
	runs = 3,
	log: (s: string) => void = console.log
): Promise<ThreadsMeasure> {
	const b = await freshBrowser();
	try {
		const isolated = await openThreadsPage(b.page, server.url);
		log(`  threads page cross-origin isolated by the service worker: ${isolated}`);
		const cores = await b.page.evaluate(() => navigator.hardwareConcurrency);
		const all = SETUPS.flatMap((s) => (Object.keys(WAYS) as Way[]).map((way) => ({ ...s, way })));
		const outcomes = new Map<string, { o: ReadOutcome; readCpu: number; queryCpu: number }[]>();
		const loads: string[] = [];
		let version = '';
		for (let r = 0; r < runs; r++) {
			loads.push(load());
			log(`  round ${r + 1} (load average ${loads.at(-1)})`);
			for (const s of all) {
				// A fresh page per run: fresh DuckDB workers, the last run's heap freed.
				await b.page.reload();
				await b.page.waitForFunction(() => 'bench' in self);
				await b.page.locator('#file').setInputFiles(file);
				const o = await runOne(b.page, s, b.cpuMs).catch(
					(e: unknown): ReadOutcome & Partial<Started> & { cpu: number } => ({
						cpu: NaN,
						readMs: NaN,
						rows: 0,
						queryMs: NaN,
						result: '',
						error: `the page failed: ${e instanceof Error ? e.message : String(e)}`
					})
				);
				if (o.threads !== undefined && o.threads !== s.threads)
					log(`  ${setupName(s)}: DuckDB runs ${o.threads} threads`);
				version = o.version ?? version;
				const total = o.cpu;
				// The page answers with both times; CPU is split between them in their proportion.
				const share = Number.isFinite(o.queryMs) ? o.readMs / (o.readMs + o.queryMs) : 1;
				const key = setupName(s);
				outcomes.set(key, [
					...(outcomes.get(key) ?? []),
					{ o, readCpu: total * share, queryCpu: total * (1 - share) }
				]);
				log(
					`  ${key}: ` +
						(o.error
							? `FAILED (${o.rows} rows): ${o.error}`
							: `read ${Math.round(o.readMs)} ms, ${o.rows} rows; grouped query ${Math.round(o.queryMs)} ms; ` +
								`renderer CPU ${Math.round(total)} ms`)
				);
			}
		}
		loads.push(load());
		const reference = outcomes.get(setupName({ build: 'eh', threads: 1, way: 'handle' }))?.[0]?.o.result;
		const setups = all.map((s): ThreadsSetup => {
			const xs = outcomes.get(setupName(s)) ?? [];
			const ok = xs.filter((x) => !x.o.error);
			const runsOf = (f: (x: (typeof ok)[number]) => number) =>
				ok.length === xs.length && ok.length > 0 ? summarize(ok.map(f)) : undefined;
			return {
				...s,
				read: runsOf((x) => x.o.readMs),
				query: runsOf((x) => x.o.queryMs),
				readCpu: runsOf((x) => x.readCpu),
				queryCpu: runsOf((x) => x.queryCpu),
				rows: xs.map((x) => x.o.rows),
				errors: xs.flatMap((x) => (x.o.error ? [x.o.error] : [])),
				sameResult: ok.length === xs.length && xs.every((x) => x.o.result === reference)
			};
		});
		return { isolated, version, cores, setups, loads };
	} finally {
		await b.close();
	}
}
