import { expose, transfer } from 'comlink';
import {
	BROWSER_RUNTIME,
	createDuckDB,
	DuckDBDataProtocol,
	failWith,
	VoidLogger
} from 'duckdb-browser-blocking';
import { WasmDatabase } from '../src/lib/engine/wasm-duck.ts';
import { compileDuckDB, type EngineStart } from '../src/lib/engine/wasm.ts';
import { INPUT_DIR } from '../src/lib/engine/lockdown.ts';
import { EngineCore, type JobOptions } from '../src/lib/engine/core.ts';
import { hookReads, type ReadHookTarget } from '../src/lib/engine/read-hook.ts';
import { ReadAhead } from '../src/lib/engine/read-ahead.ts';
import {
	FileRegistry,
	guardRuntime,
	type FileInfo,
	type GuardableRuntime
} from '../src/lib/engine/file-guard.ts';
import { cutNetwork } from '../src/lib/engine/no-network.ts';
import type { DatasetInput, IngestProgress } from '../src/lib/engine/ingest/index.ts';
import type { AnalysisSpec } from '../src/lib/analyses/registry.ts';
import type { RunAnswer } from '../src/lib/analyses/types.ts';

/**
 * The engine worker: DuckDB-WASM's synchronous bindings live here, next to the data, so a File handle is read
 * with FileReaderSync and nothing is copied through a second worker. The page talks to it only through comlink.
 */
let ready: Promise<EngineCore> | null = null;
const { files, ahead } = readDroppedFilesAhead();
const registered = guardBrowserRuntime();

/**
 * The engine, started once: DuckDB confined to the files the user drops (lockdown.ts, file-guard.ts) and,
 * once its wasm is fetched, a worker with no way to the network (no-network.ts).
 */
function engine(onProgress?: (p: EngineStart) => void): Promise<EngineCore> {
	ready ??= (async () => {
		const wasm = await compileDuckDB((p) => onProgress?.(p));
		// Marks for the first-open benchmark (test/bench/first-open.ts): where the engine's start goes.
		performance.mark('footfall:compiled');
		const bindings = await createDuckDB(
			{ mvp: { mainModule: '', mainWorker: '' }, eh: { mainModule: '', mainWorker: '' } },
			new VoidLogger(),
			BROWSER_RUNTIME
		);
		const failed = instantiateFrom(bindings, wasm);
		await Promise.race([bindings.instantiate(() => {}), failed]);
		performance.mark('footfall:instantiated');
		cutNetwork(self);
		bindings.open({});
		registered.watch(bindings);
		const duck = new WasmDatabase(bindings, {
			dir: INPUT_DIR,
			async register(name, source) {
				files.set(name, source.blob);
				bindings.registerFileHandle(name, source.blob, DuckDBDataProtocol.BROWSER_FILEREADER, true);
			},
			forget(test) {
				for (const name of [...files.keys()].filter(test)) {
					bindings.dropFile(name);
					files.delete(name);
				}
			},
			onRead(listener) {
				return hookReads(BROWSER_RUNTIME as unknown as ReadHookTarget, listener);
			}
		});
		// The first catalog query of a database takes about 0.2 s; pay it now, not after the user drops a file.
		await duck.rows('SELECT count(*) FROM duckdb_tables()');
		performance.mark('footfall:ready');
		return new EngineCore(duck);
	})();
	return ready;
}

/** Only registered files open, none is written, no name becomes an HTTP request (file-guard.ts). */
function guardBrowserRuntime(): FileRegistry {
	const registry = new FileRegistry();
	const runtime = BROWSER_RUNTIME as unknown as GuardableRuntime & {
		_fileInfoCache: Map<number, unknown>;
		getFileInfo(mod: unknown, fileId: number): FileInfo | null;
	};
	guardRuntime(runtime, registry, {
		fileInfo(mod, fileId) {
			runtime._fileInfoCache.delete(fileId);
			return runtime.getFileInfo(mod, fileId);
		},
		failWith
	});
	return registry;
}

/**
 * Makes DuckDB instantiate the module compiled by wasm.ts (which reports its download as it streams in)
 * instead of fetching its own. Replaces the bindings' Emscripten `instantiateWasm` hook, which does the same
 * after its own fetch (duckdb-wasm's `DuckDBBrowserBindings.instantiateWasm`) but reports progress only when
 * chunks arrive more than 20 ms apart. The hook has no way to fail, so the returned promise rejects when
 * instantiating does (and never resolves).
 */
function instantiateFrom(bindings: object, wasm: WebAssembly.Module): Promise<never> {
	type Done = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;
	return new Promise<never>((_, reject) => {
		Object.assign(bindings, {
			instantiateWasm(imports: WebAssembly.Imports, done: Done) {
				(globalThis as { DUCKDB_RUNTIME?: unknown }).DUCKDB_RUNTIME = BROWSER_RUNTIME;
				WebAssembly.instantiate(wasm, imports).then((instance) => done(instance, wasm), reject);
				return [];
			}
		});
	});
}

type Runtime = ReadHookTarget & { getFileInfo(mod: unknown, fileId: number): { fileName?: string } | null };

/**
 * Serves DuckDB's reads of dropped files through a read-ahead buffer (read-ahead.ts): each FileReaderSync call
 * has a fixed cost, the gzip reader and the CSV sniffer read in small pieces, and a CSV's sniff, sample and
 * full read each start with the same 32 MB. Returns the registry of files it serves and the buffer; reads of
 * any other file go to DuckDB's own code.
 */
function readDroppedFilesAhead(): { files: Map<string, Blob>; ahead: ReadAhead } {
	const files = new Map<string, Blob>();
	const ahead = new ReadAhead({
		read: (name, start, length) =>
			new Uint8Array(new FileReaderSync().readAsArrayBuffer(files.get(name)!.slice(start, start + length)))
	});
	const runtime = BROWSER_RUNTIME as unknown as Runtime;
	const original = runtime.readFile;
	runtime.readFile = function (mod, fileId, buf, bytes, location) {
		const name = runtime.getFileInfo(mod, fileId)?.fileName;
		if (!name || !files.has(name)) return original.call(this, mod, fileId, buf, bytes, location);
		try {
			return ahead.read(name, location, bytes, (mod as { HEAPU8: Uint8Array }).HEAPU8, buf);
		} catch (e) {
			// Thrown through WebAssembly an error would skip DuckDB's cleanup: hand it over as DuckDB's own does.
			failWith(mod, `Reading ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
			return 0;
		}
	};
	return { files, ahead };
}

function sources(files: File[]) {
	return files.map((f) => ({ name: f.name, size: f.size, blob: f, lastModified: f.lastModified }));
}

/**
 * A WebAssembly trap (an abort when the heap cannot grow, an out-of-bounds access) leaves DuckDB unusable.
 * The call still fails with its error, and the worker then raises it at top level: the page sees the worker
 * fail, starts a new one and loads the last dataset again (client.ts).
 */
function endOnTrap<A extends unknown[], R>(call: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
	return async (...args) => {
		try {
			return await call(...args);
		} catch (e) {
			if (e instanceof WebAssembly.RuntimeError || /^(RuntimeError|Aborted\()/.test(String(e))) {
				setTimeout(() => {
					throw new Error(`DuckDB failed: ${e instanceof Error ? e.message : String(e)}`);
				});
			}
			throw e;
		}
	};
}

const api = {
	/** Starts DuckDB; `onProgress` hears the download of its wasm (wasm.ts). */
	async init(onProgress?: (p: EngineStart) => void): Promise<{ version: string }> {
		const core = await engine(onProgress);
		return { version: await core.duck.version() };
	},
	async ingest(files: File[], input: DatasetInput, jobId: string, onProgress?: (p: IngestProgress) => void) {
		const core = await engine();
		const opts: JobOptions = { jobId, onProgress };
		try {
			const report = await core.ingest(sources(files), input, opts);
			return { report, fingerprint: core.fingerprint };
		} finally {
			ahead.release();
		}
	},
	async remap(input: DatasetInput, jobId: string, onProgress?: (p: IngestProgress) => void) {
		const core = await engine();
		try {
			const report = await core.remap(input, { jobId, onProgress });
			return { report, fingerprint: core.fingerprint };
		} finally {
			ahead.release();
		}
	},
	async run(spec: AnalysisSpec, jobId: string): Promise<RunAnswer & { fingerprint: string }> {
		const core = await engine();
		const answer: RunAnswer & { fingerprint: string } = {
			...(await core.run(spec, { jobId })),
			fingerprint: core.fingerprint
		};
		return answer.ipc ? transfer(answer, [answer.ipc.buffer]) : answer;
	},
	async derived(jobId: string) {
		const core = await engine();
		return core.derived({ jobId });
	},
	async distinctCounts(jobId: string) {
		const core = await engine();
		return core.distinctCounts({ jobId });
	},
	async cancel(jobId: string) {
		const core = await engine();
		core.cancel(jobId);
	}
};

export type EngineApi = typeof api;

// A browser test checks the lockdown by running SQL inside this worker (test/e2e/security.spec.ts). Only code
// already running in the worker can see its globals, and such code could do what the engine does anyway.
Object.defineProperty(self, 'footfallEngine', { value: engine });

const guarded: Record<string, unknown> = {};
for (const [name, call] of Object.entries(api)) {
	guarded[name] = endOnTrap(call as (...args: unknown[]) => Promise<unknown>);
}
expose(guarded);
