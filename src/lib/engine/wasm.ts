import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';

/**
 * How far the engine's start has come, for the page's progress: DuckDB's wasm downloading (bytes; the total
 * is 0 when the host does not say it), then `starting` (compiling what is left, opening the database), then
 * `ready`, or `failed`.
 */
export interface EngineStart {
	phase: 'downloading' | 'starting' | 'ready' | 'failed';
	bytesLoaded: number;
	bytesTotal: number;
}

let compiled: Promise<WebAssembly.Module> | null = null;

/**
 * DuckDB's WebAssembly (the exception-handling build, 34 MB), downloaded and compiled once, in the engine
 * worker, while it streams in (`WebAssembly.compileStreaming`): compiling keeps pace with the download, so
 * the bytes counted are the bytes compiled. (Compiling on the page instead measured slower to a ready
 * engine and blocked the page for up to 0.8 s at a time.) Only the exception-handling build ships (34 MB
 * instead of 73 MB): every browser from 2022 on has WebAssembly exceptions. `onProgress` hears the bytes as
 * they arrive (at most every 50 ms), then `starting` after the last. Rejects with the HTTP status or the
 * compile error; a failed download is tried again on the next call.
 */
export function compileDuckDB(onProgress: (p: EngineStart) => void): Promise<WebAssembly.Module> {
	compiled ??= download(onProgress).catch((e: unknown) => {
		compiled = null;
		throw e;
	});
	return compiled;
}

async function download(onProgress: (p: EngineStart) => void): Promise<WebAssembly.Module> {
	// Absolute: the worker runs from a blob: URL (client.ts), against which `vite dev`'s root-relative asset
	// URLs cannot be resolved.
	const response = await fetch(new URL(ehWasm, import.meta.url));
	if (!response.ok || !response.body) {
		throw new Error(`its code could not be downloaded (HTTP ${response.status})`);
	}
	const encoding = response.headers.get('content-encoding');
	const length = Number(response.headers.get('content-length'));
	// A compressed transfer arrives unpacked: its Content-Length is not the size of what we count.
	const bytesTotal = (!encoding || encoding === 'identity') && length > 0 ? length : 0;
	let bytesLoaded = 0;
	let reported = 0;
	const report = (phase: EngineStart['phase'] = 'downloading') => {
		reported = performance.now();
		onProgress({ phase, bytesLoaded, bytesTotal });
	};
	report();
	const counted = response.body.pipeThrough(
		new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, out) {
				bytesLoaded += chunk.byteLength;
				if (performance.now() - reported >= 50) report();
				out.enqueue(chunk);
			},
			// Compiling goes on for a moment after the last byte (and then the worker opens the database).
			flush: () => report('starting')
		})
	);
	return WebAssembly.compileStreaming(
		new Response(counted, { headers: { 'content-type': 'application/wasm' } })
	);
}
