// Times the reopen of a workspace with 1M events (issue 13's target: the ingest report back on screen in 3 s).
// Not a test: it prints numbers (`npx tsx test/bench/reopen.ts [runs]`, BENCH_ROWS for another size). The
// built site is served as the browser tests serve it (a plain static server); in a fresh Chromium profile the
// benchmark's CSV (events-file.ts) is dropped once and kept, the service worker given time to take over, and
// the page is then reloaded `runs` times, each timed from the reload to the report on screen, with the
// engine worker's own marks (wasm compiled, instantiated, database open) and where the load spent its time.
// Since the report is kept with the workspace, it is on screen before the data is back: both are timed.
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { chromium, type Page } from 'playwright-core';
import { serveStatic } from '../e2e/server.ts';
import { benchCsv } from './events-file.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.argv[2] ?? 3);

/** ms from the worker's start to each of its marks (engine.worker.ts), and the worker's start on the page's clock. */
async function engineMarks(page: Page): Promise<Record<string, number>> {
	for (const w of page.workers()) {
		const marks = await w
			.evaluate(() =>
				self.name === 'footfall-engine'
					? performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)] as const)
					: null
			)
			.catch(() => null);
		if (marks) return Object.fromEntries(marks.map(([n, t]) => [n.replace('footfall:', ''), t]));
	}
	return {};
}

/** ms to read every kept file of this profile back from the origin-private file system, as the restore does. */
async function opfsRead(page: Page): Promise<{ ms: number; bytes: number }> {
	// A string, not a function: tsx's helpers (__name) do not exist in the page.
	return page.evaluate(`(async () => {
		const t = performance.now();
		let bytes = 0;
		const walk = async (dir) => {
			for await (const h of dir.values()) {
				if (h.kind === 'directory') await walk(h);
				else bytes += (await (await h.getFile()).arrayBuffer()).byteLength;
			}
		};
		await walk(await navigator.storage.getDirectory());
		return { ms: Math.round(performance.now() - t), bytes };
	})()`);
}

const file = await benchCsv(ROWS);
console.log(`file: ${file}, ${((await stat(file)).size / 1e6).toFixed(0)} MB, ${ROWS} rows`);
const server = await serveStatic(path.resolve(process.env.BUILD ?? 'build'));
const dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-reopen-'));
const context = await chromium.launchPersistentContext(dir, {
	executablePath: CHROMIUM,
	headless: true,
	viewport: { width: 1400, height: 1000 },
	args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
});
try {
	const page = context.pages()[0] ?? (await context.newPage());
	// The progress panel's text at each change of step, on the page's clock (ms since navigation).
	await page.addInitScript(() => {
		const w = window as unknown as { __steps: [number, string][] };
		w.__steps = [];
		let last = '';
		new MutationObserver(() => {
			const panel = document.querySelector<HTMLElement>('[data-testid="ingest-progress"]');
			const text = (panel?.innerText ?? '(no progress panel)').replace(/\s+/g, ' ').trim();
			const key = text.replace(/[\d.,]+ ?[KMG]?B|\d+ ?%/g, '#');
			if (key !== last) w.__steps.push([Math.round(performance.now()), text.slice(0, 160)]);
			last = key;
		}).observe(document, { subtree: true, childList: true, characterData: true });
	});
	await page.goto(`${server.url}?demo=0`);
	let t = Date.now();
	await page.getByTestId('file-input').setInputFiles(file);
	await page.getByTestId('ingest-done').waitFor({ timeout: 600_000 });
	console.log(`first load (drop → report, engine start included): ${Date.now() - t} ms`);
	await page.getByTestId('kept-bytes').waitFor({ timeout: 600_000 });
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 300_000 });
	console.log(`kept: ${await page.getByTestId('kept-bytes').innerText()}; service worker in control`);
	for (let i = 0; i < RUNS; i++) {
		t = Date.now();
		await page.reload();
		const painted = await page
			.getByTestId('file-input')
			.waitFor({ state: 'attached' })
			.then(() => Date.now() - t);
		await page.getByTestId('ingest-done').waitFor({ timeout: 600_000 });
		const report = Date.now() - t;
		const rows = await page.getByTestId('stat-rows').getAttribute('data-value');
		// The kept report is shown while the data loads behind it: the data is back when the progress card goes.
		const restoring = (await page.getByTestId('restoring').count()) > 0;
		await page.getByTestId('ingest-progress').waitFor({ state: 'hidden', timeout: 600_000 });
		const data = Date.now() - t;
		const rowsAfter = await page.getByTestId('stat-rows').getAttribute('data-value');
		const marks = await engineMarks(page);
		console.log(
			`reopen ${i + 1}: report on screen ${report} ms (page there ${painted} ms; rows ${rows}; ` +
				`${restoring ? 'kept report, data restoring' : 'after the load'}); data back ${data} ms ` +
				`(rows ${rowsAfter}); engine marks since the worker started: ${JSON.stringify(marks)}`
		);
		if (process.env.STEPS) {
			const steps = await page.evaluate(() => (window as unknown as { __steps: [number, string][] }).__steps);
			for (const [at, text] of steps) console.log(`  ${at} ms  ${text}`);
		}
	}
	const read = await opfsRead(page);
	console.log(`reading the kept bytes back from OPFS: ${read.ms} ms for ${(read.bytes / 1e6).toFixed(0)} MB`);
} finally {
	await context.close();
	await rm(dir, { recursive: true, force: true });
	await server.close();
}
