// DuckDB-WASM ships synchronous browser bindings but does not list them in its package exports; vite.config.ts
// aliases this name to the file, and this declares its types (the same API as the Node blocking build).
declare module 'duckdb-browser-blocking' {
	import type { DuckDBBindings, DuckDBBundles, DuckDBRuntime, Logger } from '@duckdb/duckdb-wasm/blocking';
	export { DuckDBDataProtocol, VoidLogger } from '@duckdb/duckdb-wasm/blocking';
	export const BROWSER_RUNTIME: DuckDBRuntime;
	/** Records an error for DuckDB to raise when the current runtime callback returns. */
	export function failWith(mod: unknown, message: string): void;
	export function createDuckDB(
		bundles: DuckDBBundles,
		logger: Logger,
		runtime: DuckDBRuntime
	): Promise<DuckDBBindings>;
}
