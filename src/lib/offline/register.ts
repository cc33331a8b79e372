/**
 * Starts the offline app's service worker (src/service-worker.ts) once the analytics engine is ready, so its
 * 40 MB download into the cache does not compete with the first visit's own start. Does nothing where the
 * browser has no service workers or refuses one (a private window, a blocked policy): the site then works
 * online as before. Never throws.
 */
import { dev } from '$app/environment';
import { resolve } from '$app/paths';

/** Registers the service worker after `engineReady` settles (resolved or failed). */
export function registerOffline(engineReady: Promise<unknown>): void {
	// `vite dev` serves the worker as an ES module that changes with every edit: offline is for the built site.
	if (dev || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
	const script = new URL('service-worker.js', new URL(resolve('/'), location.href));
	const register = () => {
		navigator.serviceWorker.register(script).catch(() => {
			// Offline use is a convenience: the site works online without it.
		});
	};
	engineReady.then(register, register);
}
