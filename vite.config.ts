import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
	plugins: [sveltekit()],
	resolve: {
		alias: {
			// Not in the package's exports map; see src/lib/engine/duckdb-browser-blocking.d.ts.
			'duckdb-browser-blocking': fileURLToPath(
				new URL('./node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs', import.meta.url)
			)
		}
	},
	worker: { format: 'es' },
	optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
	build: { chunkSizeWarningLimit: 2000, target: 'es2022' },
	test: {
		// A hang guard, not a speed check: real-data tests take minutes on a loaded two-core machine.
		testTimeout: 300_000,
		hookTimeout: 300_000,
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
					environment: 'node',
					pool: 'forks'
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					// Browser tests: the app's own under test/e2e, each analysis's beside its code.
					include: ['test/e2e/**/*.spec.ts', 'src/**/*.e2e.ts'],
					environment: 'node',
					globalSetup: ['test/e2e/global-setup.ts'],
					// One browser at a time: the machine has two cores and each page runs a DuckDB.
					fileParallelism: false,
					testTimeout: 360_000
				}
			}
		]
	}
});
