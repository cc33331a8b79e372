// Times the first open of the built site as `npm start` serves it (`vite preview`), in a fresh Chromium
// profile: first paint, when the page is usable, the engine's start (marks from the worker), when the demo's
// report is on screen, when its data is in the engine (the header names the dataset), the requests in
// between, and the CPU each renderer thread used until then. Not a test: it prints numbers
// (`npx tsx test/bench/first-open.ts [runs]`). SERVER=static BUILD=<dir> serves a build folder from the plain
// static server instead; PROGRESS=1 prints each step of the progress panel as it changes; RETENTION=1 opens
// Retention as soon as the report is on screen and times its result; SECOND=1 also times a reload in the
// same profile (warm caches). With RETENTION=1, `retentionDrawn` is when Retention's heatmap has finished
// drawing (the page's own clock, from the navigation's start), whether or not the data is in yet.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { serveStatic } from '../e2e/server.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = Number(process.argv[2] ?? 3);

// SERVER=static serves the build with no Content-Encoding (test/e2e/server.ts), as before vite preview worked.
const server =
	process.env.SERVER === 'static'
		? await serveStatic(path.resolve(process.env.BUILD ?? 'build'))
		: await preview({ preview: { port: 0, open: false, host: '127.0.0.1' }, logLevel: 'silent' });
const url = 'url' in server ? server.url : server.resolvedUrls!.local[0];

/**
 * CPU seconds used so far by the browser's renderer processes of this profile, per thread name: unlike wall
 * time this hardly depends on what else the machine runs (Linux only; /proc).
 */
async function rendererCpu(profile: string): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const pid of await readdir('/proc').catch(() => [] as string[])) {
		if (!/^\d+$/.test(pid)) continue;
		const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
		if (!cmd.includes('--type=renderer') || !cmd.includes(profile)) continue;
		for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
			const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '');
			const name = /\((.*)\)/.exec(stat)?.[1] ?? '?';
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
			const key = name.replace(/\d+$/, '').replace(/:.*$/, '').trim();
			out[key] = Math.round(((out[key] ?? 0) + seconds) * 100) / 100;
		}
	}
	return out;
}

async function once() {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-first-open-'));
	const context = await chromium.launchPersistentContext(dir, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
	});
	const page = context.pages()[0] ?? (await context.newPage());
	const t0 = Date.now();
	const requests: Record<string, [number, number]> = {};
	const short = (u: string) => (/\.wasm$|demo-shop|worker/.test(u) ? path.basename(new URL(u).pathname) : '');
	context.on('request', (r) => {
		const name = short(r.url());
		if (name) requests[name] = [Date.now() - t0, NaN];
	});
	context.on('requestfinished', (r) => {
		const name = short(r.url());
		if (name && requests[name]) requests[name][1] = Date.now() - t0;
	});
	const marks: Record<string, number> = {};
	const progress: string[] = [];
	await page.exposeFunction('__progress', (text: string) => progress.push(`${Date.now() - t0} ${text}`));
	await page.addInitScript(() => {
		let last = '';
		new MutationObserver(() => {
			const card = document.querySelector<HTMLElement>('[data-testid="ingest-progress"] ol');
			const text = (card?.innerText ?? '').replace(/\s+/g, ' ').trim();
			const header = document.querySelector('.dataset')?.textContent?.trim() ?? '';
			const footer = /DuckDB/.test(document.querySelector('footer')?.textContent ?? '') ? 'engine' : '';
			const now = `${text} | ${header} | ${footer}`;
			// One line per change of step, not per byte count.
			if (now.replace(/[\d.]+ [KMG]?B/g, '#') !== last.replace(/[\d.]+ [KMG]?B/g, '#'))
				(window as unknown as { __progress(t: string): void }).__progress((last = now));
			else last = now;
		}).observe(document, { subtree: true, childList: true, characterData: true });
	});
	await page.addInitScript(() => {
		const w = window as unknown as { __long: [number, number][] };
		w.__long = [];
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) w.__long.push([Math.round(e.startTime), Math.round(e.duration)]);
		}).observe({ type: 'longtask', buffered: true });
	});
	await page.goto(url);
	marks.loaded = Date.now() - t0;
	// Usable: the "Open files…" button works (the page is hydrated and its main thread answers).
	await page.waitForFunction(
		() => document.querySelector<HTMLButtonElement>('.actions button.primary')?.disabled === false,
		null,
		{ timeout: 60_000 }
	);
	marks.usable = Date.now() - t0;
	marks.firstPaint = await page.evaluate(() =>
		Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN)
	);
	await page.getByTestId('ingest-done').waitFor({ state: 'visible', timeout: 120_000 });
	marks.report = Date.now() - t0;
	if (process.env.RETENTION) {
		await page.getByRole('link', { name: 'Retention' }).click();
		// Its result in hand, then its chart drawn: before the data is in when a prepared result answers.
		await page.locator('[data-testid="retention"][data-state="ready"]').waitFor({ timeout: 120_000 });
		marks.retention = Date.now() - t0;
		const drawn = page.locator('[data-testid="retention-heatmap"]:not([data-drawn="0"])');
		await drawn.waitFor({ timeout: 120_000 });
		const at = Number(await drawn.getAttribute('data-drawn'));
		marks.retentionDrawn = Math.round(at + (await page.evaluate(() => performance.timeOrigin)) - t0);
	}
	// The data in the engine: the header names the dataset once it is (while it loads: "Loading …").
	await page.locator('.dataset .name').waitFor({ state: 'visible', timeout: 120_000 });
	marks.data = Date.now() - t0;
	const cpu = await rendererCpu(dir);
	for (const worker of page.workers()) {
		const entries = await worker.evaluate(() =>
			performance
				.getEntriesByType('mark')
				.map((m) => [m.name, Math.round(performance.timeOrigin + m.startTime)] as const)
		);
		for (const [name, at] of entries) marks[name.replace('footfall:', 'engine ')] = at - t0;
	}
	if (process.env.SECOND) {
		// The same profile again: Chrome's HTTP and compiled-code caches are warm, as on a second visit.
		const t1 = Date.now();
		await page.reload();
		await page.getByTestId('ingest-done').waitFor({ state: 'visible', timeout: 120_000 });
		marks.secondOpen = Date.now() - t1;
	}
	const long = await page.evaluate(() => (window as unknown as { __long: [number, number][] }).__long);
	progress.push(`long tasks (start ms, duration ms): ${JSON.stringify(long.filter((l) => l[1] > 100))}`);
	await context.close();
	await rm(dir, { recursive: true, force: true });
	return { marks, requests, progress, cpu };
}

const load = () =>
	os
		.loadavg()
		.map((l) => l.toFixed(1))
		.join(' ');
for (let i = 0; i < RUNS; i++) {
	const before = load();
	const r = await once();
	console.log(`load average before ${before}, after ${load()}`);
	console.log(JSON.stringify(r.marks), JSON.stringify(r.requests));
	const busy = Object.entries(r.cpu).filter(([, s]) => s >= 0.05);
	const total = busy.reduce((n, [, s]) => n + s, 0);
	console.log(`renderer CPU s to the data: ${total.toFixed(2)}`, JSON.stringify(Object.fromEntries(busy)));
	if (process.env.PROGRESS) console.log(r.progress.join('\n'));
}
await server.close();
