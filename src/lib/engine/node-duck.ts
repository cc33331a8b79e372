import { createRequire } from 'node:module';
import path from 'node:path';
import { WasmDatabase } from './wasm-duck.ts';
import type { FileHost, SourceFile } from './source.ts';
import { LineLengths, MAX_LINE_BYTES, scanText, type TextScan } from './formats/text-scan.ts';
import { hookReads, type ReadHookTarget } from './read-hook.ts';
import { createReadStream, openAsBlob } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { stat } from 'node:fs/promises';
import { INPUT_DIR, type LockdownOptions } from './lockdown.ts';
import { guardNodeRuntime, nodeFiles, type NodeRuntime } from './node-guard.ts';
import { MAX_LOAD_BYTES } from './size-limit.ts';
import type { InflaterFactory } from './formats/gunzip.ts';

const require = createRequire(import.meta.url);
const entry = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
const dist = path.dirname(entry);

type NodeDuckModule = typeof import('@duckdb/duckdb-wasm/blocking');

/**
 * DuckDB-WASM under Node: the same wasm and engine code the browser worker runs, for the CLI and tests. It
 * reads only the files registered with it, read-only, and writes none (lockdown.ts, node-guard.ts).
 */
export async function createNodeDuck(
	opts: LockdownOptions & { compressed?: boolean } = {}
): Promise<WasmDatabase> {
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
	const registered = new Set<string>();
	const host: FileHost = {
		dir: INPUT_DIR,
		async register(name, source) {
			if (source.path) {
				bindings.registerFileURL(name, source.path, duck.DuckDBDataProtocol.NODE_FS, false);
			} else {
				// A transcoded file has no path: its bytes are copied into DuckDB's memory.
				bindings.registerFileBuffer(name, new Uint8Array(await source.blob.arrayBuffer()));
			}
			registered.add(name);
		},
		forget(test) {
			for (const name of [...registered].filter(test)) {
				bindings.dropFile(name);
				registered.delete(name);
			}
		},
		scanText: nodeScanText,
		inflater: zlibInflater,
		onRead(listener) {
			// DuckDB-WASM under Node calls a copy of its runtime made when it instantiated (every DuckDB of the
			// process the latest one's), not NODE_RUNTIME itself: hooking NODE_RUNTIME would hear no read.
			const runtime = (globalThis as { DUCKDB_RUNTIME?: ReadHookTarget }).DUCKDB_RUNTIME;
			return hookReads(runtime ?? (duck.NODE_RUNTIME as unknown as ReadHookTarget), listener);
		}
	};
	return new WasmDatabase(bindings, host, opts);
}

/**
 * formats/text-scan.ts `scanText` of a file on disk, Node's way (FileHost.scanText): zlib decompresses on its
 * thread pool, beside DuckDB's read on the main thread. Never rejects.
 */
export async function nodeScanText(
	source: SourceFile,
	gzip: boolean,
	isCancelled?: () => boolean
): Promise<TextScan> {
	if (!source.path || (!gzip && source.size < MAX_LINE_BYTES))
		return scanText(source.blob, gzip, isCancelled);
	const lengths = new LineLengths();
	let unpacked = 0;
	const sink = new Writable({
		write(chunk: Uint8Array, _enc, done) {
			unpacked += chunk.length;
			lengths.take(chunk);
			done(isCancelled?.() || unpacked > MAX_LOAD_BYTES ? new Error('stopped') : null);
		}
	});
	// Output in 1 MB pieces: at zlib's default 16 KB, handing each piece over costs more than unpacking it.
	const stages = gzip
		? [createReadStream(source.path), createGunzip({ chunkSize: 1 << 20 }), sink]
		: [createReadStream(source.path), sink];
	const whole = await pipeline(stages).then(
		() => true,
		() => isCancelled?.() ?? false
	);
	if (unpacked > MAX_LOAD_BYTES) return { whole: true, longLines: [], longCount: 0, tooLarge: true };
	return { whole, ...lengths.finish() };
}

/**
 * gzip unpacked by Node's zlib piece by piece (formats/gunzip.ts): a write's callback comes once its piece
 * is unpacked and the output it gave has been handed on, which Node's DecompressionStream does not wait for.
 */
export const zlibInflater: InflaterFactory = (onOutput) => {
	const unpack = createGunzip({ chunkSize: 1 << 20 });
	let failure: Error | null = null;
	// A write whose piece fails never gets its callback: the error event rejects it.
	let pending: ((e: Error) => void) | null = null;
	const ended = new Promise<void>((resolve, reject) => {
		unpack.on('end', resolve);
		unpack.on('error', (e) => {
			failure ??= e;
			pending?.(e);
			reject(e);
		});
	});
	ended.catch(() => undefined);
	unpack.on('data', (chunk: Buffer) => {
		const wait = onOutput(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
		if (wait) {
			unpack.pause();
			void wait.then(() => unpack.resume());
		}
	});
	return {
		write: (piece) =>
			new Promise((resolve, reject) => {
				if (failure) return reject(failure);
				pending = reject;
				unpack.write(piece, (e) => {
					pending = null;
					if (e || failure) reject(e ?? failure);
					else resolve();
				});
			}),
		close: () => {
			unpack.end();
			return ended;
		},
		abort: () => unpack.destroy()
	};
};

/** A file on disk as a SourceFile. */
export async function nodeSource(filePath: string): Promise<SourceFile> {
	const abs = path.resolve(filePath);
	const info = await stat(abs);
	if (!info.isFile()) throw new Error(`${filePath} is not a file`);
	const blob = await openAsBlob(abs);
	return { name: path.basename(abs), size: info.size, path: abs, blob };
}
