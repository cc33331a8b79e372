/**
 * The engine worker needs the network once: to fetch DuckDB's wasm from our own origin. After that nothing in
 * it has any reason to send a request, and DuckDB-WASM can make them by itself (a synchronous XMLHttpRequest
 * for any file name that starts with `http`). Cutting the worker's own ways out is the layer under DuckDB's
 * lockdown (lockdown.ts) and over the page's Content-Security-Policy, which the worker inherits (client.ts).
 * `import()` cannot be removed; the CSP's `script-src 'self'` keeps it to our origin.
 */

/** Every global a dedicated worker could open a connection with (Cache API's `add` fetches too). */
export const NETWORK_GLOBALS = [
	'fetch',
	'XMLHttpRequest',
	'WebSocket',
	'WebSocketStream',
	'EventSource',
	'WebTransport',
	'importScripts',
	'caches',
	'Worker',
	'SharedWorker'
] as const;

/** The message a blocked call throws. */
export function networkRefused(name: string): string {
	return `${name} is switched off in Footfall's engine: nothing leaves this machine`;
}

/**
 * Replaces each of NETWORK_GLOBALS that `scope` has with a function that throws (called or constructed),
 * fixed in place so it cannot be put back, on the scope and on any prototype of it that defines the name
 * (so it cannot be fetched back from `WorkerGlobalScope.prototype`). Returns the names replaced. Throws if
 * one cannot be replaced, so a browser that pinned one fails loudly instead of leaving a way out open.
 */
export function cutNetwork(scope: object): string[] {
	const cut: string[] = [];
	for (const name of NETWORK_GLOBALS) {
		if (!(name in scope)) continue;
		const blocked = function () {
			throw new Error(networkRefused(name));
		};
		const fixed = { value: blocked, writable: false, enumerable: false, configurable: false };
		for (let o: object | null = Object.getPrototypeOf(scope); o; o = Object.getPrototypeOf(o)) {
			if (Object.prototype.hasOwnProperty.call(o, name)) Object.defineProperty(o, name, fixed);
		}
		Object.defineProperty(scope, name, fixed);
		cut.push(name);
	}
	return cut;
}
