import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { appsUnderTest, type App } from './harness.ts';
import { serveBuild, type BenchServer } from '../bench/chromium-ingest.ts';
import { openThreadsPage } from '../bench/threads.ts';
import type { Build, Way } from '../bench/threads-setups.ts';
import type { ReadOutcome, Started } from '../bench/plain/threads-page.ts';

/**
 * DuckDB-WASM's threaded build (`coi`) on the benchmark's page (test/bench/bench-pages.ts), isolated by the
 * app's service worker, reading one generated CSV each way a file can be given to it (docs/THREADS.md). The
 * file's 1 MB read buffers (`buffer_size`; the default is larger than a test file should be) make DuckDB's
 * second thread read some of it.
 */
const apps = appsUnderTest();
const ROWS = 250_000;
const OPTS = ', buffer_size = 1048576';
const CHECK =
	'SELECT count(*)::INTEGER AS n, sum(v)::BIGINT AS total, count(DISTINCT u)::INTEGER AS users FROM t';

let server: BenchServer;
let dir: string;
let file: string;
/** What CHECK must answer, counted here while the file is written. */
let expected: { n: number; total: number; users: number };

beforeAll(async () => {
	server = await serveBuild();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-threads-'));
	file = path.join(dir, 'events.csv');
	const lines = ['u,v,note'];
	let total = 0;
	const users = new Set<string>();
	for (let i = 0; i < ROWS; i++) {
		const u = `user-${(i * 7) % 4999}`;
		const v = (i * 7919) % 100_003;
		total += v;
		users.add(u);
		lines.push(`${u},${v},line ${i} of a file read by two threads`);
	}
	await writeFile(file, lines.join('\n') + '\n');
	expected = { n: ROWS, total, users: users.size };
});

afterAll(async () => {
	await server?.close();
	if (dir) await rm(dir, { recursive: true, force: true });
});

type Bench = {
	start(b: Build, t: number): Promise<Started>;
	read(w: Way, q: string, o: string): Promise<ReadOutcome>;
};

/** A fresh database of the threaded build at `threads`, then the file read `way` and CHECK on it. */
async function readWith(page: Page, threads: number, way: Way) {
	await page.reload();
	await page.waitForFunction(() => 'bench' in self);
	await page.locator('#file').setInputFiles(file);
	const started = await page.evaluate(([t]) => (self as unknown as { bench: Bench }).bench.start('coi', t), [
		threads
	] as const);
	const outcome = await page.evaluate(
		([w, q, o]) => (self as unknown as { bench: Bench }).bench.read(w, q, o),
		[way, CHECK, OPTS] as const
	);
	return { started, outcome, result: outcome.result ? JSON.parse(outcome.result)[0] : null };
}

async function isolatedPage(): Promise<App> {
	const app = await apps.open('?demo=0&cache=0&workspace=0', { baseUrl: server.url });
	expect(await openThreadsPage(app.page, server.url)).toBe(true);
	return app;
}

describe("DuckDB-WASM's threaded build under the service worker's isolation (issue 14)", () => {
	test('a blob: URL and a copy into the heap read every row at 2 threads, as at 1', async () => {
		const { page } = await isolatedPage();
		for (const way of ['url', 'buffer'] as const) {
			for (const threads of [1, 2]) {
				const { started, outcome, result } = await readWith(page, threads, way);
				expect(started).toMatchObject({ isolated: true, sharedArrayBuffer: true, threads });
				expect(outcome.error, `${way}, ${threads} threads`).toBeUndefined();
				expect(result, `${way}, ${threads} threads`).toEqual(expected);
			}
		}
	});

	// What was found (docs/THREADS.md): DuckDB-WASM 1.32 hands a File to its threads by postMessage, which a
	// thread busy in DuckDB's task loop never receives. Should a release fix it, this fails: measure it again.
	test('PINNED: a File handle reads every row at 1 thread; at 2 threads the read fails, "No HTML5 file registered"', async () => {
		const app = await isolatedPage();
		const { page } = app;
		const one = await readWith(page, 1, 'handle');
		expect(one.outcome.error).toBeUndefined();
		expect(one.result).toEqual(expected);
		const two = await readWith(page, 2, 'handle');
		expect(two.started.threads).toBe(2);
		expect(two.outcome.error).toMatch(/No HTML5 file registered with name/);
		expect(two.outcome.rows).toBe(0);
		// DuckDB's worker logs the same failure, and at times a second thread's read of the missing file fails
		// too, with "offset is out of bounds" (seen once in a full run under load): both are this one failed
		// read. Any other console error still fails the test (appsUnderTest).
		expect(app.errors).toContainEqual(expect.stringMatching(/No HTML5 file registered with name/));
		for (const e of app.errors)
			expect(e).toMatch(/No HTML5 file registered with name|RangeError: offset is out of bounds/);
		app.errors.length = 0;
	});
});
