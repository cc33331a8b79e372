// The performance benchmark (`npm run bench`). Not a test: it prints measured numbers and writes them to
// test/bench/out/results.json. What it measures, side by side on this machine:
//   1. ingest of a 1M-row (~130 MB) CSV export: native DuckDB (one thread) vs. file drop → ingest report in
//      Chromium, and the same engine code under Node;
//   2. weekly retention on those events, warm, in the engine including Arrow decode;
//   3. Online Retail (541,909 rows) drop → report in Chromium, and the size of the built site;
//   4. with BENCH_LARGE_ROWS (say 10000000, a ~1.2 GB file), one drop → report of that file in Chromium.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';

import { chromium } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { RetentionSpec } from '../../src/lib/analyses/retention/spec.ts';
import { serveStatic } from '../e2e/server.ts';
import { warmTimes } from './analysis-variants.ts';
import { OUT, benchCsv } from './events-file.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const LARGE_ROWS = Number(process.env.BENCH_LARGE_ROWS ?? 0);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RETAIL = path.resolve('test/fixtures/data/online-retail/online_retail.csv.gz');

const results: Record<string, unknown> = {
	machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB`,
	rows: ROWS
};
const log = (...a: unknown[]) => console.log(...a);
const min = (xs: number[]) => Math.min(...xs);

async function nativeLoad(file: string) {
	const times = [];
	for (let i = 0; i < REPEAT; i++) {
		const db = await DuckDBInstance.create(':memory:');
		const conn = await db.connect();
		await conn.run('SET threads = 1');
		const t = performance.now();
		await conn.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}')`);
		times.push(performance.now() - t);
		conn.closeSync();
	}
	return min(times);
}

async function nodeEngine(file: string) {
	const duck = await createNodeDuck();
	const core = new EngineCore(duck);
	const loads = [];
	for (let i = 0; i < REPEAT; i++) {
		const t = performance.now();
		await core.ingest([await nodeSource(file)], {});
		loads.push(performance.now() - t);
	}
	const spec = { kind: 'retention', period: 'week', periods: 12 } as RetentionSpec;
	const variants: Record<string, RetentionSpec> = {
		'weekly first-time': spec,
		'monthly first-time': { ...spec, period: 'month' },
		'weekly recurring': { ...spec, type: 'recurring' },
		'daily rolling': { ...spec, period: 'day', periods: 15, window: 'rolling' },
		'weekly, start event': { ...spec, startEvent: 'signed_up' }
	};
	const retention: Record<string, number> = {};
	for (const [name, s] of Object.entries(variants)) {
		const times = [];
		for (let i = 0; i < 6; i++) {
			const t = performance.now();
			await core.result(s);
			times.push(performance.now() - t);
		}
		retention[name] = Math.round(min(times.slice(1)));
	}
	return { load: min(loads), retention, analyses: await warmTimes(core) };
}

async function browser(site: string, file: string, { retention = false } = {}) {
	const userDataDir = path.join(os.tmpdir(), `footfall-bench-${process.pid}-${Date.now()}`);
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: { width: 1400, height: 1000 },
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--no-first-run',
			'--disable-sync'
		]
	});
	try {
		const page = context.pages()[0];
		const t0 = performance.now();
		await page.goto(`${site}?demo=0&cache=0`);
		await page.getByTestId('file-input').waitFor({ state: 'attached' });
		const firstPaint = performance.now() - t0;
		// The engine starts after first paint; wait until it is up so the measurement is the load alone.
		await page.waitForFunction(
			() => document.querySelector('footer')?.textContent?.includes('DuckDB'),
			null,
			{
				timeout: 60_000
			}
		);
		const t = performance.now();
		await page.getByTestId('file-input').setInputFiles(file);
		await page.getByTestId('ingest-done').waitFor({ timeout: 600_000 });
		const load = performance.now() - t;
		let retentionMs: number | null = null;
		if (retention) {
			await page.getByRole('link', { name: 'Retention' }).click();
			const section = page.locator('[data-testid="retention"][data-state="ready"]');
			await section.waitFor({ timeout: 600_000 });
			// Switch period back and forth: the second weekly run is warm.
			await page.getByTestId('period-month').click();
			await page.waitForFunction(() =>
				document.querySelector('[data-testid="retention"]')?.getAttribute('data-spec')?.includes('"month"')
			);
			await section.waitFor({ timeout: 600_000 });
			await page.getByTestId('period-week').click();
			await page.waitForFunction(() =>
				document.querySelector('[data-testid="retention"]')?.getAttribute('data-spec')?.includes('"week"')
			);
			await section.waitFor({ timeout: 600_000 });
			retentionMs = Number(await section.getAttribute('data-ms'));
		}
		return { firstPaint, load, retentionMs };
	} finally {
		await context.close();
	}
}

async function dirSize(dir: string): Promise<number> {
	let total = 0;
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		total += entry.isDirectory() ? await dirSize(p) : (await stat(p)).size;
	}
	return total;
}

await mkdir(OUT, { recursive: true });
if (!existsSync('build/index.html')) execSync('npx vite build', { stdio: 'inherit' });
const file = await benchCsv(ROWS);
results.csvMB = +(statSync(file).size / 2 ** 20).toFixed(1);
log(`bench file: ${ROWS.toLocaleString('en')} rows, ${results.csvMB} MB`);

results.nativeLoadMs = Math.round(await nativeLoad(file));
log(`native DuckDB, 1 thread, CREATE TABLE from CSV: ${results.nativeLoadMs} ms`);

const node = await nodeEngine(file);
results.nodeIngestMs = Math.round(node.load);
results.retentionWarmMs = node.retention;
log(`Footfall engine under Node (WASM), file → report: ${results.nodeIngestMs} ms`);
log('retention, warm, engine + Arrow decode (min of 5):', node.retention);
results.analysesWarmMs = node.analyses;
log('RFM, lifecycle, stickiness, KPIs, engagement, warm, engine + Arrow decode (min of 5):', node.analyses);

const server = await serveStatic(path.resolve('build'));
try {
	const runs = [];
	for (let i = 0; i < Math.max(1, REPEAT - 1); i++)
		runs.push(await browser(server.url, file, { retention: i === 0 }));
	results.chromiumIngestMs = Math.round(min(runs.map((r) => r.load)));
	results.chromiumFirstPaintMs = Math.round(min(runs.map((r) => r.firstPaint)));
	results.chromiumRetentionWorkerMs = runs[0].retentionMs;
	results.ratioToNative = +(Number(results.chromiumIngestMs) / Number(results.nativeLoadMs)).toFixed(2);
	log(
		`Chromium, file drop → ingest report: ${results.chromiumIngestMs} ms (${results.ratioToNative}× native)`
	);
	log(`Chromium, warm weekly retention in the worker: ${results.chromiumRetentionWorkerMs} ms`);
	if (existsSync(RETAIL)) {
		const retail = [];
		for (let i = 0; i < REPEAT; i++) retail.push((await browser(server.url, RETAIL)).load);
		results.chromiumOnlineRetailMs = Math.round(min(retail));
		log(`Chromium, Online Retail drop → report: ${results.chromiumOnlineRetailMs} ms`);
	}
	if (LARGE_ROWS > 0) {
		const large = await benchCsv(LARGE_ROWS);
		results.largeRows = LARGE_ROWS;
		results.largeMB = +(statSync(large).size / 2 ** 20).toFixed(1);
		results.chromiumLargeIngestMs = Math.round((await browser(server.url, large)).load);
		log(`Chromium, ${results.largeMB} MB file drop → report: ${results.chromiumLargeIngestMs} ms`);
	}
} finally {
	await server.close();
}
results.buildMB = +((await dirSize('build')) / 2 ** 20).toFixed(1);
log(`built site: ${results.buildMB} MB`);
await writeFile(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2) + '\n');
log(JSON.stringify(results, null, 2));
