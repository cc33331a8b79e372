/**
 * The offline app (issue 13): after the first visit, Footfall opens and works with the network off.
 *
 * Install keeps one build's files in one cache, named after the build's version: the page's bundle, every
 * prerendered page, the static files (the demo data among them), and the engine worker's bundle with
 * DuckDB's wasm (found by following the worker's own references, precache.ts). Only these files are ever
 * stored: nothing a user drops or computes passes through this cache (that stays in OPFS and IndexedDB).
 *
 * Updates: a new build installs beside the old one and waits (no skipWaiting), so a tab running the old build
 * keeps its files; once every tab of the old build has closed, the new one activates and deletes the old cache.
 * Pages come from the network first (a reload online gets the newest build) and from the cache when offline;
 * every other file of the build comes from the cache first.
 *
 * Every response it serves carries COOP/COEP (isolation.ts), so a page it controls is cross-origin isolated.
 */
import { build, files, prerendered, version } from '$service-worker';
import { cacheName, isWorkerEntry, moduleReferences, staleCaches } from '$lib/offline/precache.ts';
import { isolated } from '$lib/offline/isolation.ts';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = cacheName(version);

/** The engine worker's bundle: its entry (in `build`), then every chunk and asset it refers to. */
async function workerBundle(): Promise<string[]> {
	const seen = new Set<string>();
	const queue = build.filter(isWorkerEntry).map((p) => new URL(p, sw.location.href).href);
	while (queue.length > 0) {
		const url = queue.pop()!;
		if (seen.has(url)) continue;
		seen.add(url);
		if (!url.endsWith('.js')) continue;
		const response = await fetch(url);
		if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
		queue.push(...moduleReferences(await response.text(), url));
	}
	return [...seen];
}

async function precache() {
	const cache = await caches.open(CACHE);
	const urls = new Set([...build, ...files, ...prerendered].map((p) => new URL(p, sw.location.href).href));
	for (const url of await workerBundle()) urls.add(url);
	// All or nothing: a half-filled cache would promise an offline app that cannot start.
	await cache.addAll([...urls]);
}

sw.addEventListener('install', (event) => event.waitUntil(precache()));

sw.addEventListener('activate', (event) =>
	event.waitUntil(
		(async () => {
			for (const name of staleCaches(await caches.keys(), version)) await caches.delete(name);
			// The tab that installed this build runs this build: it may use the cache at once.
			await sw.clients.claim();
		})()
	)
);

async function respond(request: Request, url: URL): Promise<Response> {
	const cache = await caches.open(CACHE);
	if (request.mode === 'navigate') {
		try {
			return await fetch(request);
		} catch (e) {
			// Offline: the page as this build prerendered it (its address's query, such as ?demo=0, is the app's).
			const page = await cache.match(url.pathname);
			if (page) return page;
			throw e;
		}
	}
	return (await cache.match(url.pathname)) ?? fetch(request);
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	event.respondWith(respond(request, url).then(isolated));
});
