/**
 * Cross-origin isolation from the app's own service worker (issue 14, docs/THREADS.md): a page or worker is
 * cross-origin isolated (`crossOriginIsolated`, and with it SharedArrayBuffer, which DuckDB-WASM's threaded
 * build needs) only when its response carries `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`. A plain static host sends neither, so the service worker adds
 * them to every response it serves (the pattern of https://github.com/gzuidhof/coi-serviceworker). A first
 * visit, before the service worker controls the page, is therefore not isolated. Every file the app loads is
 * its own (same origin), so `require-corp` blocks nothing of it.
 */

/** The two headers, as https://web.dev/articles/coop-coep names them. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp'
};

/**
 * `response` with ISOLATION_HEADERS added (its status, status text, other headers and body unchanged; the
 * body is passed on, not read). An opaque or error response (status 0) has no headers to change and is
 * returned as it is.
 */
export function isolated(response: Response): Response {
	if (response.status === 0) return response;
	const headers = new Headers(response.headers);
	for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
	return new Response(response.body, {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}
