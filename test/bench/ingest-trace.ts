// Where a file drop's time goes in Chromium (issue 14; not a test): `npx tsx test/bench/ingest-trace.ts
// [rows] [--runs n] [--main-profile]`, after `npx vite build`. One drop → ingest report of the benchmark's
// file on the built site (chromium-ingest.ts), with: the CPU time of each thread of the tab's renderer
// (Linux /proc: the page's main thread, the engine worker, the rest), every DuckDB statement the engine
// worker ran with its ms (the worker's own `footfallEngine` wrapped from outside, so the app is unchanged),
// the worker's JavaScript outside statements, the page's share before the ingest starts and after it ends
// (until the report is on screen), and with --main-profile the page main thread's busiest functions (CDP).
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Page, Worker } from 'playwright-core';
import { freshBrowser, serveBuild } from './chromium-ingest.ts';
import { renderers } from './renderer-procs.ts';
import { benchCsv } from './events-file.ts';

const args = process.argv.slice(2);
const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 1;
const mainProfile = args.includes('--main-profile');
const load = () =>
	os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');

/** CPU ms (user + system) of each thread of the profile's renderers, summed by thread name. */
async function threadCpu(profile: string): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	for (const pid of await renderers(profile)) {
		for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
			const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '');
			if (!stat) continue;
			const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
			const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			out.set(name, (out.get(name) ?? 0) + (Number(f[11]) + Number(f[12])) * 10);
		}
	}
	return out;
}

interface Step {
	sql: string;
	start: number;
	ms: number;
}

/** Wraps the engine worker's database and ingest so each statement and the whole ingest are timed. */
const INSTRUMENT = `(async () => {
	const core = await self.footfallEngine();
	const duck = core.duck;
	const steps = (self.__ffSteps = []);
	const abs = () => performance.timeOrigin + performance.now();
	for (const name of ['exec', 'query', 'ipc']) {
		const original = duck[name].bind(duck);
		duck[name] = (...a) => {
			const start = abs();
			const done = () => steps.push({ sql: name + ' ' + String(a[0]).replace(/\\s+/g, ' ').trim().slice(0, 150), start, ms: abs() - start });
			const out = original(...a);
			return out.finally(done);
		};
	}
	const ingest = core.ingest.bind(core);
	core.ingest = async (...a) => {
		const start = abs();
		try { return await ingest(...a); } finally { self.__ffIngest = { start, end: abs() }; }
	};
	return true;
})()`;

async function engineWorker(page: Page): Promise<Worker> {
	for (;;) {
		for (const w of page.workers()) {
			if (await w.evaluate('typeof self.footfallEngine === "function"').catch(() => false)) return w;
		}
		await page.waitForEvent('worker', { timeout: 60_000 }).catch(() => null);
	}
}

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
}

/** Self time by function of a CDP CPU profile, busiest first. */
function selfTimes(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
	const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
	const ms = new Map<string, number>();
	profile.samples.forEach((id, i) => {
		const f = byNode.get(id)!.callFrame;
		const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber}`;
		ms.set(key, (ms.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
	});
	return [...ms].sort((a, b) => b[1] - a[1]);
}

async function traceOne(url: string, file: string) {
	const b = await freshBrowser();
	try {
		await b.page.goto(`${url}?demo=0&cache=0&workspace=0`);
		await b.page.waitForFunction(
			() => document.querySelector('footer')?.textContent?.includes('DuckDB'),
			null,
			{
				timeout: 300_000
			}
		);
		const worker = await engineWorker(b.page);
		await worker.evaluate(INSTRUMENT);
		const cdp = mainProfile ? await b.context.newCDPSession(b.page) : null;
		if (cdp) {
			await cdp.send('Profiler.enable');
			await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
			await cdp.send('Profiler.start');
		}
		const before = await threadCpu(b.dir);
		const t0 = Date.now();
		await b.page.getByTestId('file-input').setInputFiles(file);
		await b.page.getByTestId('ingest-done').waitFor({ timeout: 1_800_000 });
		const t1 = Date.now();
		const after = await threadCpu(b.dir);
		const steps = (await worker.evaluate('self.__ffSteps')) as Step[];
		const ingest = (await worker.evaluate('self.__ffIngest')) as { start: number; end: number };
		console.log(`drop → report ${t1 - t0} ms (load ${load()})`);
		console.log(
			`  page before the worker's ingest: ${Math.round(ingest.start - t0)} ms; worker ingest ` +
				`${Math.round(ingest.end - ingest.start)} ms; after it, until the report shows: ${Math.round(t1 - ingest.end)} ms`
		);
		console.log('  renderer CPU by thread (ms):');
		const names = [...new Set([...before.keys(), ...after.keys()])];
		const deltas = names
			.map((n) => [n, (after.get(n) ?? 0) - (before.get(n) ?? 0)] as const)
			.filter(([, d]) => d > 0)
			.sort((a, b) => b[1] - a[1]);
		for (const [n, d] of deltas) console.log(`    ${String(d).padStart(6)}  ${n}`);
		console.log(`    ${String(deltas.reduce((s, [, d]) => s + d, 0)).padStart(6)}  (all)`);
		const mine = steps.filter((s) => s.start >= ingest.start && s.start <= ingest.end);
		const inSql = mine.reduce((s, x) => s + x.ms, 0);
		console.log(`  worker statements: ${mine.length}, ${Math.round(inSql)} ms; ≥ 15 ms:`);
		for (const s of mine.filter((s) => s.ms >= 15))
			console.log(`    ${s.ms.toFixed(0).padStart(6)}  ${s.sql}`);
		console.log(
			`    ${(ingest.end - ingest.start - inSql).toFixed(0).padStart(6)}  (worker, outside statements)`
		);
		if (cdp) {
			const { profile } = await cdp.send('Profiler.stop');
			console.log('  page main thread, self time (ms):');
			for (const [k, v] of selfTimes(profile as never).slice(0, 20))
				console.log(`    ${v.toFixed(0).padStart(6)}  ${k}`);
		}
	} finally {
		await b.close();
	}
}

const file = await benchCsv(rows);
const server = await serveBuild();
try {
	for (let i = 0; i < runs; i++) await traceOne(server.url, file);
} finally {
	await server.close();
}
