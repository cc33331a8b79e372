// The benchmark's own pages under `/__bench/` on the server of every browser part (chromium-ingest.ts
// serveBuild): the floor's plain read (plain/plain-read.html), byte ranges (ranges/ranges.html) and DuckDB-WASM's
// threads (plain/threads.html, threads.ts), with their scripts bundled by vite at bench time (not the app's
// config, not the app's build) and, for the threads page, DuckDB-WASM's own builds from node_modules.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin } from 'vite';
import { OUT } from './events-file.ts';

const HERE = path.dirname(new URL(import.meta.url).pathname);
/** Where the pages' scripts are bundled to. */
const BUNDLE = path.join(OUT, 'plain');

/** Each page by its file name. A page's relative URLs resolve beside it, so only the last part counts. */
const PAGES: Record<string, string> = {
	'plain-read.html': 'plain/plain-read.html',
	'ranges.html': 'ranges/ranges.html',
	'threads.html': 'plain/threads.html'
};
const SCRIPTS = [
	'plain/plain-read.worker',
	'ranges/ranges.worker',
	'ranges/ranges.page',
	'plain/threads-page'
];

/**
 * DuckDB-WASM's own builds, which the threads page starts from `duckdb/` beside it: the single-thread `eh`
 * and the threaded `coi` with its pthread worker.
 */
const DUCKDB_DIST = path.resolve('node_modules/@duckdb/duckdb-wasm/dist');
const DUCKDB_FILES = new Set([
	'duckdb-eh.wasm',
	'duckdb-browser-eh.worker.js',
	'duckdb-coi.wasm',
	'duckdb-browser-coi.worker.js',
	'duckdb-browser-coi.pthread.worker.js'
]);
const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html', '.wasm': 'application/wasm' };

/**
 * The file on disk served for `pathname` (the part after `/__bench`, as `/threads/duckdb/duckdb-coi.wasm`),
 * or null for any other path (the app's own files answer it).
 */
export function benchFile(pathname: string): string | null {
	const name = path.posix.basename(pathname);
	if (path.posix.basename(path.posix.dirname(pathname)) === 'duckdb')
		return DUCKDB_FILES.has(name) ? path.join(DUCKDB_DIST, name) : null;
	if (Object.hasOwn(PAGES, name)) return path.join(HERE, PAGES[name]);
	return /^[\w.-]+\.js$/.test(name) ? path.join(BUNDLE, name) : null;
}

/** Bundles every page's scripts (vite, a devDependency already) into `<OUT>/plain/<name>.js`. */
export async function bundleBenchPages(): Promise<void> {
	await build({
		configFile: false,
		logLevel: 'silent',
		resolve: {
			alias: [
				{
					find: 'duckdb-browser-blocking',
					replacement: path.join(DUCKDB_DIST, 'duckdb-browser-blocking.mjs')
				},
				// The threads page's asynchronous API, this exact name (`@duckdb/duckdb-wasm/blocking` is types only).
				{ find: /^@duckdb\/duckdb-wasm$/, replacement: path.join(DUCKDB_DIST, 'duckdb-browser.mjs') }
			]
		},
		build: {
			outDir: BUNDLE,
			emptyOutDir: true,
			target: 'es2022',
			lib: {
				entry: Object.fromEntries(SCRIPTS.map((s) => [path.basename(s), path.join(HERE, `${s}.ts`)])),
				formats: ['es'],
				fileName: (_format, name) => `${name}.js`
			}
		}
	});
}

/** A vite preview plugin serving the pages, their bundled scripts and DuckDB's files under `/__bench/`. */
export function benchPages(): Plugin {
	return {
		name: 'footfall-bench-pages',
		configurePreviewServer(server) {
			server.middlewares.use('/__bench', (req, res, next) => {
				const file = benchFile(new URL(req.url ?? '/', 'http://x').pathname);
				if (!file) return next();
				void readFile(file).then((body) => {
					res.setHeader('content-type', CONTENT_TYPES[path.extname(file)] ?? 'text/javascript');
					res.end(body);
				}, next);
			});
		}
	};
}
