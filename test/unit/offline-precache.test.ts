import { describe, expect, test } from 'vitest';
import { cacheName, isWorkerEntry, moduleReferences, staleCaches } from '../../src/lib/offline/precache.ts';

const WORKER = 'https://footfall.example/app/_app/immutable/workers/engine.worker-Cv7XXtbq.js';

describe('what the service worker keeps', () => {
	test("follows a built worker's imports, dynamic imports and import.meta.url assets, relative to it", () => {
		// As Vite/Rolldown write them (minified, backtick strings for assets).
		const code =
			'import"./chunks/BNaE-Ejt.js";import{a as b}from"./chunks/CXCn-_TU.js";' +
			'const w=new URL(`assets/duckdb-eh-9ubY-jlA.wasm`,import.meta.url).href;' +
			'const m=()=>import("../chunks/lazy.js");export{b}from"./chunks/BNaE-Ejt.js";';
		expect(moduleReferences(code, WORKER).sort()).toEqual([
			'https://footfall.example/app/_app/immutable/chunks/lazy.js',
			'https://footfall.example/app/_app/immutable/workers/assets/duckdb-eh-9ubY-jlA.wasm',
			'https://footfall.example/app/_app/immutable/workers/chunks/BNaE-Ejt.js',
			'https://footfall.example/app/_app/immutable/workers/chunks/CXCn-_TU.js'
		]);
	});

	test('never follows bare names, full URLs or text that only looks like a path', () => {
		const code =
			'import x from"duckdb";const a=new URL("https://cdn.example/x.wasm",import.meta.url);' +
			'const b=new URL("//cdn.example/y.wasm",import.meta.url);' +
			'const c="./dist/duckdb-coi.wasm";throw Error(`imported from" and "`);';
		expect(moduleReferences(code, WORKER)).toEqual([]);
	});

	test("a new build's cache replaces the old builds' caches only, never another site's", () => {
		expect(cacheName('1796082857323')).toBe('footfall-1796082857323');
		expect(staleCaches(['footfall-1', 'footfall-2', 'other-cache', 'footfall-3'], '2')).toEqual([
			'footfall-1',
			'footfall-3'
		]);
	});

	test('knows a worker bundle entry from the other files of the build', () => {
		expect(isWorkerEntry('/app/_app/immutable/workers/engine.worker-Cv7XXtbq.js')).toBe(true);
		expect(isWorkerEntry('/_app/immutable/workers/chunks/BNaE-Ejt.js')).toBe(false);
		expect(isWorkerEntry('/_app/immutable/workers/assets/duckdb-eh-9ubY-jlA.wasm')).toBe(false);
		expect(isWorkerEntry('/_app/immutable/entry/start.BHCUuQi1.js')).toBe(false);
	});
});
