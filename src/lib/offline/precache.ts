/**
 * What the service worker keeps for offline use (issue 13), as pure functions of the build. SvelteKit's
 * `$service-worker` lists the page's own bundle and the static files, but not the engine worker's: Vite builds
 * a worker as a separate bundle, whose chunks and DuckDB's wasm appear in no manifest. The service worker
 * therefore follows the engine worker's own references, read from its built code.
 */

/** Cache names of this app start with this, followed by the build version. */
export const CACHE_PREFIX = 'footfall-';

/** The cache of build `version`. */
export function cacheName(version: string): string {
	return `${CACHE_PREFIX}${version}`;
}

/** The caches of other builds of this app among `names` (every other cache is left alone). */
export function staleCaches(names: readonly string[], version: string): string[] {
	return names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== cacheName(version));
}

const REFERENCES = [
	// static imports and re-exports: `from"./chunks/a.js"`, `import"./b.js"`
	/\b(?:from|import)\s*["'`](\.{1,2}\/[^"'`\s]+)["'`]/g,
	// dynamic imports: `import("./c.js")`
	/\bimport\s*\(\s*["'`](\.{1,2}\/[^"'`\s]+)["'`]\s*\)/g,
	// assets: `new URL("assets/duckdb-eh-x.wasm", import.meta.url)`, as Vite writes an `?url` import
	/\bnew\s+URL\(\s*["'`]([^"'`\s:]+)["'`]\s*,\s*import\.meta\.url\s*\)/g
];

/**
 * The same-origin URLs a built ES module at `url` refers to (imports, dynamic imports, `new URL(…,
 * import.meta.url)` assets), absolute, without duplicates. Only relative references count: a bare name
 * (`"duckdb"`) or a full URL is never followed, so nothing off the site is ever fetched.
 */
export function moduleReferences(code: string, url: string): string[] {
	const base = new URL(url);
	const found = new Set<string>();
	for (const pattern of REFERENCES) {
		for (const m of code.matchAll(pattern)) {
			const target = new URL(m[1], base);
			if (target.origin === base.origin) found.add(target.href);
		}
	}
	return [...found];
}

/** Whether a path of `$service-worker`'s build list is the entry of a web worker bundle. */
export function isWorkerEntry(path: string): boolean {
	return /\/_app\/immutable\/workers\/[^/]+\.js$/.test(path);
}
