import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ fallback: undefined, strict: true }),
		// Relative asset paths let the built site work under any base path and from file-like hosts.
		paths: { relative: true },
		// The offline app (src/service-worker.ts): registered by the page once the engine is ready
		// (src/lib/offline/register.ts), not at load; the README's screenshot is not part of the app.
		serviceWorker: { register: false, files: (file) => file !== 'screenshot.png' },
		// Nothing may load from anywhere but our own origin; see README "Privacy".
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'worker-src': ['self', 'blob:'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self', 'blob:', 'data:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['none']
			}
		}
	}
};

export default config;
