import engineWorkerUrl from '../../../workers/engine.worker.ts?worker&url';

/** The engine worker's `name` (its URL is a blob:), by which browser tests find it. */
export const ENGINE_WORKER_NAME = 'footfall-engine';

/**
 * Starts the engine worker under the page's Content-Security-Policy. The policy is a <meta> tag, which does
 * not reach a worker loaded from its own URL (a worker takes its policy from its script's response headers,
 * and a static host sends none). A worker whose script is a blob: URL inherits the policy of the document
 * that made it (CSP 3, "Initialize a global object's CSP list"), so the worker starts from a one-line blob
 * that imports the real module, and `connect-src 'self'` holds inside it as well.
 */
export function startEngineWorker(): Worker {
	const moduleUrl = new URL(engineWorkerUrl, import.meta.url).href;
	const boot = URL.createObjectURL(
		new Blob([`import ${JSON.stringify(moduleUrl)};`], { type: 'text/javascript' })
	);
	try {
		return new Worker(boot, { type: 'module', name: ENGINE_WORKER_NAME });
	} finally {
		// The worker's script is fetched from the URL as it was when the worker was made (URL parsing keeps
		// the blob), so it can be revoked at once.
		URL.revokeObjectURL(boot);
	}
}
