import path from 'node:path';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { preview } from 'vite';
import { serveStatic } from './server.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		baseUrl: string;
		previewUrl: string;
	}
}

/**
 * Serves the built site (npm test builds it first) for every browser test: from a plain static server
 * (`baseUrl`), and from `vite preview` exactly as `npm start` runs it (`previewUrl`), which sends the demo's
 * `.gz` file with `Content-Encoding: gzip` as many static hosts do.
 */
export default async function setup(project: TestProject) {
	const root = path.resolve('build');
	if (!existsSync(path.join(root, 'index.html'))) {
		throw new Error(
			'build/index.html is missing: run `npm run build` (npm test does) before the browser tests.'
		);
	}
	const server = await serveStatic(root);
	project.provide('baseUrl', server.url);
	const vite = await preview({
		preview: { host: '127.0.0.1', port: 0, open: false },
		logLevel: 'warn'
	});
	const previewUrl = vite.resolvedUrls?.local[0];
	if (!previewUrl) throw new Error('vite preview did not say where it listens');
	project.provide('previewUrl', previewUrl);
	return async () => {
		await server.close();
		await vite.close();
	};
}
