// The threads part's server and page (issue 14, threads.ts; also test/e2e/threads.spec.ts): the built site
// served by vite preview, as `npm start` serves it, plus plain/threads.html under /__bench/threads/ with
// DuckDB-WASM's own builds (node_modules, not the app's bundle) under /__bench/threads/duckdb/. No server
// header isolates anything: the page is cross-origin isolated only by the app's service worker
// (src/service-worker.ts, src/lib/offline/isolation.ts), which controls /__bench/ too once installed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { build, preview, type Plugin } from 'vite';
import { OUT } from './events-file.ts';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const BUNDLE = path.join(OUT, 'threads');
const DIST = path.resolve('node_modules/@duckdb/duckdb-wasm/dist');
/** DuckDB-WASM's files the page may ask for. */
const DUCKDB_FILES = new Set([
	'duckdb-eh.wasm',
	'duckdb-browser-eh.worker.js',
	'duckdb-coi.wasm',
	'duckdb-browser-coi.worker.js',
	'duckdb-browser-coi.pthread.worker.js'
]);

export interface ThreadsServer {
	url: string;
	close(): Promise<void>;
}

/** Bundles plain/threads-page.ts and serves `root` (the built site) with the page beside it. */
export async function serveThreads(root = 'build'): Promise<ThreadsServer> {
	await build({
		configFile: false,
		logLevel: 'silent',
		resolve: {
			alias: { '@duckdb/duckdb-wasm': path.join(DIST, 'duckdb-browser.mjs') }
		},
		build: {
			outDir: BUNDLE,
			emptyOutDir: true,
			target: 'es2022',
			lib: {
				entry: path.join(HERE, 'plain/threads-page.ts'),
				formats: ['es'],
				fileName: () => 'threads-page.js'
			}
		}
	});
	const page: Plugin = {
		name: 'footfall-bench-threads',
		configurePreviewServer(server) {
			server.middlewares.use('/__bench/threads', (req, res, next) => {
				const parts = new URL(req.url ?? '/', 'http://x').pathname.split('/').filter(Boolean);
				const [first, second] = parts;
				const file =
					parts.length === 1 && first === 'threads.html'
						? path.join(HERE, 'plain/threads.html')
						: parts.length === 1 && /^[\w.-]+\.js$/.test(first)
							? path.join(BUNDLE, first)
							: parts.length === 2 && first === 'duckdb' && DUCKDB_FILES.has(second)
								? path.join(DIST, second)
								: null;
				if (!file) return next();
				const type = file.endsWith('.html')
					? 'text/html'
					: file.endsWith('.wasm')
						? 'application/wasm'
						: 'text/javascript';
				void readFile(file).then((body) => {
					res.setHeader('content-type', type);
					res.end(body);
				}, next);
			});
		}
	};
	const server = await preview({
		plugins: [page],
		preview: { port: 0, open: false, host: '127.0.0.1' },
		build: { outDir: root },
		logLevel: 'silent'
	});
	return { url: server.resolvedUrls!.local[0], close: () => server.close() };
}

/**
 * Opens the app once (its service worker registers when the engine is up), waits until the service worker
 * controls the page, then opens the threads page, which it serves. Resolves to whether that page is
 * cross-origin isolated (and so has SharedArrayBuffer).
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
