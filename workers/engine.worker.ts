import { expose, transfer } from 'comlink';
import {
	BROWSER_RUNTIME,
	createDuckDB,
	DuckDBDataProtocol,
	failWith,
	VoidLogger
} from 'duckdb-browser-blocking';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import { Duck } from '../src/lib/engine/duck.ts';
import { EngineCore, type JobOptions } from '../src/lib/engine/core.ts';
import { hookReads, type ReadHookTarget } from '../src/lib/engine/read-hook.ts';
import { ReadAhead } from '../src/lib/engine/read-ahead.ts';
import type { DatasetInput, IngestProgress } from '../src/lib/engine/ingest/index.ts';
import type { AnalysisSpec } from '../src/lib/spec/types.ts';

/**
 * The engine worker: DuckDB-WASM's synchronous bindings live here, next to the data, so a File handle is read
 * with FileReaderSync and nothing is copied through a second worker. The page talks to it only through comlink.
 */
let ready: Promise<EngineCore> | null = null;
const { files, ahead } = readDroppedFilesAhead();

function engine(): Promise<EngineCore> {
	ready ??= (async () => {
		const bindings = await createDuckDB(
			// Only the exception-handling build ships (34 MB instead of 73 MB): every browser from 2022 on has
			// WebAssembly exceptions, and the MVP build would only be picked by older ones.
			{ mvp: { mainModule: ehWasm, mainWorker: '' }, eh: { mainModule: ehWasm, mainWorker: '' } },
			new VoidLogger(),
			BROWSER_RUNTIME
		);
		await bindings.instantiate(() => {});
		bindings.open({});
		const duck = new Duck(bindings, {
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
		duck.rows('SELECT count(*) FROM duckdb_tables()');
		return new EngineCore(duck);
	})();
	return ready;
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
	async init(): Promise<{ version: string }> {
		const core = await engine();
		return { version: core.duck.bindings.getVersion() };
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
	async run(spec: AnalysisSpec, jobId: string) {
		const core = await engine();
		const { ipc, ms } = await core.run(spec, { jobId });
		return transfer({ ipc, ms, fingerprint: core.fingerprint }, [ipc.buffer]);
	},
	async derived(jobId: string) {
		const core = await engine();
		return core.derived({ jobId });
	},
	async cancel(jobId: string) {
		const core = await engine();
		core.cancel(jobId);
	}
};

export type EngineApi = typeof api;

const guarded: Record<string, unknown> = {};
for (const [name, call] of Object.entries(api)) {
	guarded[name] = endOnTrap(call as (...args: unknown[]) => Promise<unknown>);
}
expose(guarded);
