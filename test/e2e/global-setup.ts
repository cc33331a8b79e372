import path from 'node:path';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { serveStatic } from './server.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		baseUrl: string;
	}
}

/** Serves the built site (npm test builds it first) for every browser test. */
export default async function setup(project: TestProject) {
	const root = path.resolve('build');
	if (!existsSync(path.join(root, 'index.html'))) {
		throw new Error(
			'build/index.html is missing: run `npm run build` (npm test does) before the browser tests.'
		);
	}
	const server = await serveStatic(root);
	project.provide('baseUrl', server.url);
	return () => server.close();
}
