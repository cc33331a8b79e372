import { createRequire } from 'node:module';
import path from 'node:path';
import { Duck } from './duck.ts';
import type { FileHost, SourceFile } from './source.ts';
import { hookReads, type ReadHookTarget } from './read-hook.ts';
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { LockdownOptions } from './lockdown.ts';
import { guardNodeRuntime, nodeFiles, type NodeRuntime } from './node-guard.ts';

const require = createRequire(import.meta.url);
const entry = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
const dist = path.dirname(entry);

type NodeDuckModule = typeof import('@duckdb/duckdb-wasm/blocking');

/**
 * DuckDB-WASM under Node: the same wasm and engine code the browser worker runs, for the CLI and tests. It
 * reads only the files registered with it, read-only, and writes none (lockdown.ts, node-guard.ts).
 */
export async function createNodeDuck(opts: LockdownOptions = {}): Promise<Duck> {
	const duck = require(entry) as NodeDuckModule;
	guardNodeRuntime(duck.NODE_RUNTIME as unknown as NodeRuntime, duck.failWith as never);
	const bindings = await duck.createDuckDB(
		{
			mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
			eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: '' }
		},
		new duck.VoidLogger(),
		duck.NODE_RUNTIME
	);
	await bindings.instantiate(() => {});
	bindings.open({});
	nodeFiles.watch(bindings);
	const host: FileHost = {
		register(name, source) {
			if (!source.path) throw new Error(`${source.name}: a Node source needs a file path`);
			bindings.registerFileURL(name, source.path, duck.DuckDBDataProtocol.NODE_FS, false);
		},
		onRead(listener) {
			return hookReads(duck.NODE_RUNTIME as unknown as ReadHookTarget, listener);
		}
	};
	return new Duck(bindings, host, opts);
}

/** A file on disk as a SourceFile. */
export async function nodeSource(filePath: string): Promise<SourceFile> {
	const abs = path.resolve(filePath);
	const info = await stat(abs);
	if (!info.isFile()) throw new Error(`${filePath} is not a file`);
	const blob = await openAsBlob(abs);
	return { name: path.basename(abs), size: info.size, path: abs, blob };
}
