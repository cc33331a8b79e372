import { base } from '$app/paths';
import type { LoadGetter, LoadOrigin, WorkbenchModel } from './WorkbenchModel.svelte.ts';
import type { StoredReport } from '../../workspace/stored-report.ts';
import { DEMO_FILE, DEMO_INPUT, DEMO_PATHS, readPrepared, type PreparedDemo } from '../../demo/prepared.ts';

export { DEMO_INPUT };
export const DEMO_LABEL = 'Demo web shop';

/** True when the bytes start with gzip's magic number 1f 8b (RFC 1952 §2.3.1). */
export function isGzip(head: Uint8Array): boolean {
	return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Downloads the demo export and returns it as plain CSV, named and dated as DEMO_FILE says (its fingerprint's
 * part), reporting bytes received (`total` is null when the host compresses the transfer: the body then
 * arrives unpacked and its size is not known in advance). `vite preview` and many static hosts send the `.gz`
 * file with `Content-Encoding: gzip`, so the browser has already unpacked it; others send the gzip bytes as
 * they are. What the bytes are decides, never the URL: gzip (by its magic number) is unpacked here by the
 * browser's own DecompressionStream, several times faster than the engine's gzip reader in WebAssembly
 * (measured: see the README's first-open numbers). Rejects with the fetch's error (an AbortError when
 * `signal` aborts), `HTTP <status>`, or the unpacking error of a damaged file.
 */
export async function fetchDemo(
	signal: AbortSignal,
	onBytes: (received: number, total: number | null) => void
): Promise<File> {
	onBytes(0, null);
	const response = await fetch(`${base}${DEMO_PATHS.csv}`, { signal });
	if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
	const encoding = response.headers.get('content-encoding');
	const length = Number(response.headers.get('content-length'));
	const total = (!encoding || encoding === 'identity') && length > 0 ? length : null;
	const parts: Uint8Array<ArrayBuffer>[] = [];
	let received = 0;
	onBytes(0, total);
	const reader = response.body.getReader();
	let reported = performance.now();
	for (let r = await reader.read(); !r.done; r = await reader.read()) {
		parts.push(r.value);
		received += r.value.byteLength;
		// A redraw per 64 KB chunk would keep the page busy: at most one every 50 ms.
		if (performance.now() - reported >= 50) {
			reported = performance.now();
			onBytes(received, total);
		}
	}
	onBytes(received, total);
	let blob = new Blob(parts);
	if (isGzip(new Uint8Array(await blob.slice(0, 2).arrayBuffer()))) {
		blob = await new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).blob();
	}
	return new File([blob], DEMO_FILE.name, { type: 'text/csv', lastModified: DEMO_FILE.lastModified });
}

/** The demo's prepared report (demo/prepared.ts), or null when it cannot be had (then only the CSV is read). */
async function fetchPrepared(): Promise<PreparedDemo | null> {
	try {
		const response = await fetch(`${base}${DEMO_PATHS.prepared}`);
		return response.ok ? readPrepared(await response.json()) : null;
	} catch {
		return null;
	}
}

/** The prepared report as the report a reopen shows while its data loads (WorkbenchModel.restore). */
function shownAtOnce(p: PreparedDemo): StoredReport {
	return {
		fingerprint: p.fingerprint,
		report: p.report,
		derived: p.derived,
		distinct: p.distinct,
		savedAt: 0
	};
}

/**
 * Loads the demo. `background` is the automatic load on first open: it yields to anything the user picks
 * (WorkbenchModel.load), and shows the demo's prepared report at once while the CSV is downloaded and read
 * behind it (WorkbenchModel.restore): the default analyses' prepared results answer from the result cache;
 * any other setting waits for the data. The "Demo data" button is
 * the user's own choice and loads like a dropped file.
 */
export async function loadDemo(model: WorkbenchModel, origin: LoadOrigin): Promise<boolean> {
	const get: LoadGetter = async (signal, onBytes) => {
		try {
			return { files: [await fetchDemo(signal, onBytes)], input: DEMO_INPUT };
		} catch (e) {
			if (signal.aborted) throw e;
			const why = e instanceof Error ? e.message : String(e);
			throw new Error(`The demo dataset could not be loaded (${why}). Drop your own export instead.`, {
				cause: e
			});
		}
	};
	if (origin === 'user') return model.load(DEMO_LABEL, get, origin);
	const prepared = await fetchPrepared();
	if (!prepared) return model.load(DEMO_LABEL, get, origin);
	return model.restore(DEMO_LABEL, get, shownAtOnce(prepared), prepared.results);
}
