// Times the reopen of a cached analysis (issue 13's target: ≤ 50 ms from the request to the result on screen).
// Not a test: it prints numbers (`npx tsx test/bench/cached-reopen.ts [runs]`; BENCH_ROWS=1000000 for the
// benchmark's 1M-event file instead of the demo; PROFILE=1 adds a CPU profile of one reopen, by function).
// The built site is served as the browser tests serve it. Each analysis is computed once (filling the cache),
// then reopened `runs` times in two ways, each timed in the page on its own clock:
//  - nav: a click on its menu link (from another analysis) to its result drawn "from cache" and painted
//    (the route, its screen, the cache lookup and the chart);
//  - spec: a click on a setting that returns to a spec computed before (trends' period) to the result shown
//    "from cache" and painted: the cache lookup and the redraw alone.
// It also reads every stored result straight from IndexedDB (no Dexie), to time the storage read alone.
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { serveStatic } from '../e2e/server.ts';
import { benchCsv } from './events-file.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROWS = Number(process.env.BENCH_ROWS ?? 0);
const RUNS = Number(process.argv[2] ?? 5);
/** Menu label and result test id of each analysis timed. */
const ANALYSES = [
	{ link: 'Trends', testid: 'trend' },
	{ link: 'Retention', testid: 'retention' },
	// Funnels reopens with its steps empty (the page address does not give them back yet), so it never
	// reaches its cached result by the menu; FUNNEL=1 times it anyway (each reopen then waits out 30 s).
	...(process.env.FUNNEL ? [{ link: 'Funnels', testid: 'funnel' }] : [])
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stats = (xs: number[]) =>
	`median ${median(xs).toFixed(1)} ms, min ${Math.min(...xs).toFixed(1)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`;

/** Resolves once `[data-testid=testid]` is ready "from cache" and the frame after it is painted. */
const WAIT_CACHED = `(testid, t0, resolve) => {
	const done = () => {
		const s = document.querySelector('[data-testid="' + testid + '"][data-state="ready"] [data-testid="' + testid + '-status"]');
		if (!s || !s.textContent.includes('from cache')) return false;
		const shown = performance.now() - t0;
		requestAnimationFrame(() => setTimeout(() => resolve({ shown, painted: performance.now() - t0 })));
		return true;
	};
	const obs = new MutationObserver(() => { if (done()) obs.disconnect(); });
	obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
	setTimeout(() => {
		obs.disconnect();
		const s = document.querySelector('[data-testid="' + testid + '-status"]');
		resolve({ shown: NaN, painted: NaN, status: s ? s.textContent : '(no status)' });
	}, 30000);
}`;

async function clickTimed(page: Page, selector: string, testid: string) {
	const t = await page.evaluate<{ shown: number; painted: number; status?: string }>(
		`new Promise((resolve) => {
			const el = ${selector};
			const t0 = performance.now();
			(${WAIT_CACHED})(${JSON.stringify(testid)}, t0, resolve);
			el.click();
		})`
	);
	if (t.status !== undefined) console.log(`  ${testid} not from cache after 30 s: "${t.status}"`);
	return t;
}

const navLink = (label: string) =>
	`[...document.querySelectorAll('nav a')].find((a) => a.textContent.trim() === ${JSON.stringify(label)})`;

async function open(page: Page, link: string, testid: string) {
	await page.getByRole('link', { name: link, exact: true }).first().click();
	await page.locator(`[data-testid="${testid}"][data-state="ready"]`).waitFor({ timeout: 600_000 });
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

async function profile(page: Page, run: () => Promise<unknown>) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
	await cdp.send('Profiler.start');
	await run();
	const { profile } = await cdp.send('Profiler.stop');
	const self = new Map<string, number>();
	const dt = new Map<number, number>();
	profile.samples?.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
	for (const node of profile.nodes) {
		const f = node.callFrame;
		const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
		self.set(name, (self.get(name) ?? 0) + (dt.get(node.id) ?? 0) / 1000);
	}
	const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
	for (const [name, ms] of top) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${name}`);
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
		if (a.testid === 'funnel') {
			// Its steps start empty: pick three (the page address keeps them for the reopens).
			await page.getByRole('link', { name: a.link, exact: true }).first().click();
			await page.getByTestId('funnel-add-step').click();
			for (const [i, event] of ['product_viewed', 'added_to_cart', 'order_completed'].entries())
				await page.getByTestId(`funnel-step-${i}-event`).selectOption(event);
		}
		await open(page, a.link, a.testid);
		console.log(`${a.link}: computed in ${Date.now() - t} ms (first open, fills the cache)`);
	}
	// Trends by day as well, so its period buttons switch between two cached specs.
	await open(page, 'Trends', 'trend');
	await page.getByTestId('trend-period-day').click();
	await page.locator('[data-testid="trend"][data-state="ready"] [data-testid="trend-status"]').waitFor();
	await page.waitForFunction(
		() => !document.querySelector('[data-testid="trend"]')?.getAttribute('data-state')?.includes('running')
	);
	for (const a of ANALYSES) {
		const shown: number[] = [];
		const painted: number[] = [];
		const from = ANALYSES.find((b) => b !== a) ?? a;
		for (let i = 0; i < RUNS; i++) {
			await open(page, from.link, from.testid);
			const t = await clickTimed(page, navLink(a.link), a.testid);
			shown.push(t.shown);
			painted.push(t.painted);
		}
		console.log(`nav ${a.link}: shown ${stats(shown)}; painted ${stats(painted)}`);
	}
	await open(page, 'Trends', 'trend');
	const shown: number[] = [];
	const painted: number[] = [];
	const at = JSON.parse((await page.locator('[data-testid="trend"]').getAttribute('data-spec')) ?? '{}');
	const periods = at.period === 'day' ? ['week', 'day'] : ['day', 'week'];
	for (let i = 0; i < RUNS * 2; i++) {
		const period = periods[i % 2];
		const t = await clickTimed(
			page,
			`document.querySelector('[data-testid="trend-period-${period}"]')`,
			'trend'
		);
		shown.push(t.shown);
		painted.push(t.painted);
	}
	console.log(`spec Trends (period week <-> day): shown ${stats(shown)}; painted ${stats(painted)}`);
	const reads = await rawReads(page);
	console.log(
		`raw IndexedDB reads: ${reads.map((r) => `${r.ms.toFixed(1)} ms/${(r.chars / 1000).toFixed(0)}k chars`).join(', ')}`
	);
	if (process.env.PROFILE) {
		for (const a of ANALYSES) {
			const from = ANALYSES.find((b) => b !== a) ?? a;
			await open(page, from.link, from.testid);
			console.log(`CPU profile of one nav reopen of ${a.link} (self time by function):`);
			await profile(page, () => clickTimed(page, navLink(a.link), a.testid));
		}
	}
} finally {
	await browser.close();
	await server.close();
}
