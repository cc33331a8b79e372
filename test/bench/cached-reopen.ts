// Times the reopen of a cached analysis (issue 13's target: ≤ 50 ms from the request to the result on screen).
// Not a test: it prints numbers (`npx tsx test/bench/cached-reopen.ts [runs]`; BENCH_ROWS=1000000 for the
// benchmark's 1M-event file instead of the demo; ONLY=Trends,Paths for some analyses; PROFILE=1 adds a CPU
// profile of one reopen each, by function; SHOTS=dir saves a screenshot of each analysis once drawn).
// The built site is served as the browser tests serve it. Each analysis is computed once (filling the cache),
// then reopened `runs` times in two ways, each timed in the page on its own clock from the click:
//  - nav: a click on its menu link (from another analysis) until the result is on screen: `routed` when the
//    new page's title is in (SvelteKit's route change; a screen opened before mounts in the same task, so
//    it counts here too), `shown` when every result frame that the first open filled reads "from cache",
//    `drawn` when every chart of the page has finished drawing (ECharts' `finished`, animation included:
//    the chart's `data-drawn`; `shown` on a page without charts), `painted` once the frame after that is
//    painted. Every analysis with a page (the registry's, with a menu entry) is timed;
//  - spec: a click on a setting that returns to a spec computed before (trends' period): the cache lookup
//    and the redraw alone.
// The machine is shared: every line carries the load average, and `frame` (a click that changes nothing,
// to the next painted frame) gives the page's own latency at that load, to tell load from our work.
// It also reads every stored result straight from IndexedDB (no Dexie), to time the storage read alone.
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { serveStatic } from '../e2e/server.ts';
import { benchCsv } from './events-file.ts';
import { ANALYSES as REGISTRY } from '../../src/lib/analyses/registry.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROWS = Number(process.env.BENCH_ROWS ?? 0);
const RUNS = Number(process.argv[2] ?? 5);
const ONLY = process.env.ONLY?.split(',');
/**
 * Menu label of each analysis timed (every one with a page; Trends always, the page the others are opened
 * from), and the test ids of the result frames its first open filled (known once it has run).
 */
const ANALYSES = REGISTRY.filter((a) => !('nav' in a && a.nav === false))
	.map((a) => ({ link: a.label, frames: [] as string[] }))
	.filter((a) => !ONLY || ONLY.includes(a.link) || a.link === 'Trends');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stats = (xs: number[]) =>
	`median ${median(xs).toFixed(1)}, min ${Math.min(...xs).toFixed(1)} (${xs.map((x) => x.toFixed(0)).join(', ')})`;
const load = () => `load ${os.loadavg()[0].toFixed(1)}`;

interface Timing {
	routed: number;
	shown: number;
	drawn: number;
	painted: number;
	status?: string;
}
const PHASES = ['routed', 'shown', 'drawn', 'painted'] as const;

/** Resolves a Timing once `label`'s page shows `frames` "from cache", every chart drawn, and painted. */
const WAIT_CACHED = `(label, frames, t0, resolve) => {
	const r = {};
	const done = () => {
		const now = performance.now() - t0;
		if (r.routed === undefined && document.querySelector('main h1')?.textContent.trim() === label) r.routed = now;
		if (r.routed === undefined) return false;
		const status = (id) => document.querySelector('[data-testid="' + id + '"][data-state="ready"] [data-testid="' + id + '-status"]');
		if (r.shown === undefined && frames.every((id) => status(id)?.textContent.includes('from cache'))) r.shown = now;
		if (r.shown === undefined) return false;
		const drawn = [...document.querySelectorAll('main [data-drawn]')].map((c) => Number(c.getAttribute('data-drawn')));
		if (drawn.some((d) => d < t0)) return false;
		r.drawn = drawn.length ? Math.max(...drawn) - t0 : r.shown;
		requestAnimationFrame(() => setTimeout(() => resolve({ ...r, painted: performance.now() - t0 })));
		return true;
	};
	const obs = new MutationObserver(() => { if (done()) obs.disconnect(); });
	obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
	setTimeout(() => {
		obs.disconnect();
		const s = frames.map((id) => document.querySelector('[data-testid="' + id + '-status"]')?.textContent);
		resolve({ routed: NaN, shown: NaN, drawn: NaN, painted: NaN, status: s.join(' | ') });
	}, 30000);
}`;

async function clickTimed(page: Page, selector: string, label: string, frames: string[]) {
	const t = await page.evaluate<Timing>(
		`new Promise((resolve) => {
			const el = ${selector};
			const t0 = performance.now();
			(${WAIT_CACHED})(${JSON.stringify(label)}, ${JSON.stringify(frames)}, t0, resolve);
			el.click();
		})`
	);
	if (t.status !== undefined) console.log(`  ${label} not from cache after 30 s: "${t.status}"`);
	return t;
}

/** A click that changes nothing, to the next painted frame: the page's latency at the machine's load. */
const frame = (page: Page) =>
	page.evaluate<number>(`new Promise((resolve) => {
		const t0 = performance.now();
		document.body.addEventListener('click', () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0))), { once: true });
		document.body.click();
	})`);

/** One line per phase: median and min of each. */
function report(name: string, runs: Timing[]) {
	const phases = PHASES.map((p) => `${p} ${stats(runs.map((r) => r[p]))}`);
	console.log(`${name} [${load()}]:\n  ${phases.join('\n  ')}`);
}

const navLink = (label: string) =>
	`[...document.querySelectorAll('nav a')].find((a) => a.textContent.trim() === ${JSON.stringify(label)})`;

/** Opens `a`'s page and waits until a result is in and no frame is still running; notes the frames filled. */
async function open(page: Page, a: (typeof ANALYSES)[number]) {
	await page.getByRole('link', { name: a.link, exact: true }).first().click();
	await page.waitForFunction((l) => document.querySelector('main h1')?.textContent?.trim() === l, a.link, {
		timeout: 600_000
	});
	await page.waitForFunction(() => document.querySelector('main section[data-state="ready"]'), null, {
		timeout: 600_000
	});
	await page.waitForFunction(() => !document.querySelector('main section[data-state="running"]'), null, {
		timeout: 600_000
	});
	a.frames = await page.$$eval('main section[data-state="ready"]', (s) => s.map((f) => f.dataset.testid!));
}

/** Every stored result read straight from IndexedDB: ms per read and its size as JSON. */
async function rawReads(page: Page) {
	return page.evaluate<{ ms: number; chars: number }[]>(`new Promise((resolve, reject) => {
		const req = indexedDB.open('footfall');
		req.onerror = () => reject(req.error);
		req.onsuccess = async () => {
			const db = req.result;
			const get = (key) => new Promise((ok, fail) => {
				const r = db.transaction('results').objectStore('results').get(key);
				r.onsuccess = () => ok(r.result);
				r.onerror = () => fail(r.error);
			});
			const keys = await new Promise((ok) => {
				const r = db.transaction('results').objectStore('results').getAllKeys();
				r.onsuccess = () => ok(r.result);
			});
			const out = [];
			for (const key of keys) {
				const t = performance.now();
				const row = await get(key);
				out.push({ ms: performance.now() - t, chars: JSON.stringify(row.result).length });
			}
			db.close();
			resolve(out);
		};
	})`);
}

/** Prints the top functions of a CPU profile of `run`, by self time and by total time (callees included). */
async function profile(page: Page, run: () => Promise<unknown>) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
	await cdp.send('Profiler.start');
	await run();
	const { profile } = await cdp.send('Profiler.stop');
	const dt = new Map<number, number>();
	profile.samples?.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000));
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const nameOf = (id: number) => {
		const f = byId.get(id)!.callFrame;
		return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
	};
	const self = new Map<string, number>();
	const total = new Map<string, number>();
	// Total time: each sample counts once for every distinct function on its stack.
	const walk = (id: number, onStack: Set<string>): number => {
		const node = byId.get(id)!;
		const name = nameOf(id);
		const own = dt.get(id) ?? 0;
		self.set(name, (self.get(name) ?? 0) + own);
		const inner = new Set(onStack).add(name);
		const sum = own + (node.children ?? []).reduce((s, c) => s + walk(c, inner), 0);
		if (!onStack.has(name)) total.set(name, (total.get(name) ?? 0) + sum);
		return sum;
	};
	walk(profile.nodes[0].id, new Set());
	const top = (m: Map<string, number>) =>
		[...m]
			.filter(([n]) => !/^\((program|idle|root)\)/.test(n))
			.sort((a, b) => b[1] - a[1])
			.slice(0, 30);
	console.log(`  by self time:`);
	for (const [name, ms] of top(self)) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${name}`);
	console.log(`  by total time:`);
	for (const [name, ms] of top(total)) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${name}`);
}

const server = await serveStatic(path.resolve(process.env.BUILD ?? 'build'));
const browser = await chromium.launch({
	executablePath: CHROMIUM,
	headless: true,
	args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
});
try {
	const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
	if (ROWS) {
		const file = await benchCsv(ROWS);
		await page.goto(`${server.url}?demo=0`);
		await page.getByTestId('file-input').setInputFiles(file);
	} else await page.goto(server.url);
	await page.getByTestId('ingest-done').waitFor({ timeout: 600_000 });
	console.log(`dataset: ${ROWS ? `${ROWS} events (events-file.ts)` : 'the demo'}; ${RUNS} runs`);
	for (const a of ANALYSES) {
		const t = Date.now();
		if (a.link === 'Funnels') {
			// Its steps start empty: pick three (the page address keeps them for the reopens).
			await page.getByRole('link', { name: a.link, exact: true }).first().click();
			await page.getByTestId('funnel-add-step').click();
			for (const [i, event] of ['product_viewed', 'added_to_cart', 'order_completed'].entries())
				await page.getByTestId(`funnel-step-${i}-event`).selectOption(event);
		}
		await open(page, a);
		console.log(`${a.link}: computed in ${Date.now() - t} ms (first open, fills the cache)`);
		if (process.env.SHOTS) {
			await page.waitForFunction(() =>
				[...document.querySelectorAll('main [data-drawn]')].every((c) => c.getAttribute('data-drawn') !== '0')
			);
			await page.mouse.move(0, 0);
			await page.waitForTimeout(1000);
			await page.locator('main').screenshot({ path: path.join(process.env.SHOTS, `${a.link}.png`) });
		}
	}
	// Trends by day as well, so its period buttons switch between two cached specs.
	const trends = ANALYSES.find((a) => a.link === 'Trends')!;
	await open(page, trends);
	await page.getByTestId('trend-period-day').click();
	await page.locator('[data-testid="trend"][data-state="ready"] [data-testid="trend-status"]').waitFor();
	await page.waitForFunction(
		() => !document.querySelector('[data-testid="trend"]')?.getAttribute('data-state')?.includes('running')
	);
	const frames: number[] = [];
	for (const a of ANALYSES) {
		const runs: Timing[] = [];
		const from = ANALYSES.find((b) => b !== a) ?? a;
		for (let i = 0; i < RUNS; i++) {
			await open(page, from);
			frames.push(await frame(page));
			runs.push(await clickTimed(page, navLink(a.link), a.link, a.frames));
		}
		report(`nav ${a.link}`, runs);
		if (process.env.SHOTS) {
			// Drawn from the cache by a kept chart instance: must look as the first open did.
			await page.mouse.move(0, 0);
			await page.waitForTimeout(1000);
			await page.locator('main').screenshot({ path: path.join(process.env.SHOTS, `${a.link}-cached.png`) });
		}
	}
	await open(page, trends);
	const runs: Timing[] = [];
	const at = JSON.parse((await page.locator('[data-testid="trend"]').getAttribute('data-spec')) ?? '{}');
	const periods = at.period === 'day' ? ['week', 'day'] : ['day', 'week'];
	for (let i = 0; i < RUNS * 2; i++) {
		const period = periods[i % 2];
		frames.push(await frame(page));
		runs.push(
			await clickTimed(page, `document.querySelector('[data-testid="trend-period-${period}"]')`, 'Trends', [
				'trend'
			])
		);
	}
	report('spec Trends (period week <-> day)', runs);
	console.log(`frame (a click that changes nothing, to paint) [${load()}]: ${stats(frames)}`);
	const reads = await rawReads(page);
	console.log(
		`raw IndexedDB reads: ${reads.map((r) => `${r.ms.toFixed(1)} ms/${(r.chars / 1000).toFixed(0)}k chars`).join(', ')}`
	);
	if (process.env.PROFILE) {
		for (const a of ANALYSES) {
			const from = ANALYSES.find((b) => b !== a) ?? a;
			await open(page, from);
			console.log(`CPU profile of one nav reopen of ${a.link}:`);
			await profile(page, () => clickTimed(page, navLink(a.link), a.link, a.frames));
		}
	}
} finally {
	await browser.close();
	await server.close();
}
