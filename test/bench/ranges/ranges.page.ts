// The byte-range benchmark's page (ranges.html; measured by test/bench/ranges.ts). `?wasm=` names the build's
// DuckDB wasm, `?parts=N` how many parsers (workers, each with its own DuckDB) read the file, `?parts=0` the
// plain read_csv in one worker instead. window.benchReady resolves once every engine is up; a file chosen in
// #file starts a read, window.benchResult is its outcome (RangesOutcome), window.benchCheck then what the
// table holds (RangesCheck, not timed).
import { cutAtLineEnds } from './cut.ts';
import type { RangeReply, RangeRequest } from './ranges.worker.ts';

/** One read as the page timed it (ms on the page's clock) and what the combined table holds. */
export interface RangesOutcome {
	parts: number;
	/** Ranges the file was cut into (fewer than `parts` only for a file of few lines). */
	ranges: number;
	/** File → combined table (the plain read: → its table). */
	totalMs: number;
	/** Reading the file into the page and finding the cuts (cut.ts), making each part's Blob. */
	splitMs?: number;
	/** DuckDB's sniff of the whole file in the first worker, from the start (it runs beside the split). */
	sniffMs?: number;
	/** Parts given to the workers → every part parsed (and all but the first exported) and back in the page. */
	parseMs?: number;
	/** The exported parts sent to the first worker and inserted into its table. */
	combineMs?: number;
	/** Of combineMs, inside the first worker: the inserts alone. */
	insertMs?: number;
	/** Per worker: its CREATE TABLE of its part and its Arrow export, in its own clock; rows. */
	workers: { parseMs: number; exportMs: number; rows: number }[];
	/** Engines up (instantiate, open, connect), before the clock started; per worker. */
	startMs: number[];
	/** The wasm heaps' sizes at the end, summed over the workers (MB). */
	heapMB: number;
	quotes?: boolean;
	movedOutOfQuotes?: number;
}

/** The combined table (the plain read: its table): rows, `sum(hash(row))` and `name TYPE, …`. */
export interface RangesCheck {
	rows: number;
	checksum: string;
	types: string;
}

class Parser {
	private worker = new Worker('./ranges.worker.js', { type: 'module' });
	private waiting: { resolve: (r: RangeReply) => void; reject: (e: Error) => void }[] = [];
	heapBytes = 0;

	constructor() {
		this.worker.onmessage = (e: MessageEvent<RangeReply>) => {
			const w = this.waiting.shift()!;
			if (e.data.type === 'error') w.reject(new Error(e.data.message));
			else {
				this.heapBytes = e.data.heapBytes;
				w.resolve(e.data);
			}
		};
		this.worker.onerror = (e) => this.waiting.shift()?.reject(new Error(`worker: ${e.message}`));
	}

	/** Sends `req` and resolves with its reply: a worker answers its requests in order. */
	call(req: RangeRequest, transfer: Transferable[] = []): Promise<RangeReply> {
		return new Promise((resolve, reject) => {
			this.waiting.push({ resolve, reject });
			this.worker.postMessage(req, transfer);
		});
	}
}

const params = new URLSearchParams(location.search);
const parts = Number(params.get('parts') ?? '0');
const wasm = new URL(params.get('wasm')!, location.href).href;
const parsers = Array.from({ length: Math.max(parts, 1) }, () => new Parser());
const [first] = parsers;
const started = Promise.all(parsers.map((p) => p.call({ type: 'start', wasm })));
const win = window as unknown as {
	benchReady: Promise<unknown>;
	benchResult: Promise<RangesOutcome>;
	benchCheck: Promise<RangesCheck>;
};
win.benchReady = started;

async function plain(file: File): Promise<Partial<RangesOutcome>> {
	await first.call({ type: 'plain', file });
	return { ranges: 1, workers: [] };
}

async function ranges(file: File, t0: number): Promise<Partial<RangesOutcome>> {
	let sniffMs = 0;
	const sniffed = first.call({ type: 'sniff', file }).then((r) => {
		sniffMs = performance.now() - t0;
		return r.readOptions!;
	});
	const bytes = new Uint8Array(await file.arrayBuffer());
	const cut = cutAtLineEnds(bytes, parts);
	const header = bytes.slice(0, cut.headerEnd);
	const blobs = cut.ranges.map((r) => new Blob([header, file.slice(r.start, r.end)]));
	const splitMs = performance.now() - t0;
	const readOptions = await sniffed;
	const tParse = performance.now();
	const parsed = await Promise.all(
		blobs.map((part, i) => parsers[i].call({ type: 'parse', part, readOptions, keep: i === 0 }))
	);
	const tCombine = performance.now();
	const ipcs = parsed.slice(1).map((r) => r.ipc!);
	const combined = ipcs.length
		? await first.call(
				{ type: 'combine', ipcs },
				ipcs.map((x) => x.buffer as ArrayBuffer)
			)
		: null;
	return {
		ranges: cut.ranges.length,
		splitMs,
		sniffMs,
		parseMs: tCombine - tParse,
		combineMs: combined ? performance.now() - tCombine : undefined,
		insertMs: combined?.ms,
		workers: parsed.map((r) => ({ parseMs: r.parseMs!, exportMs: r.exportMs ?? 0, rows: r.rows! })),
		quotes: cut.quotes,
		movedOutOfQuotes: cut.movedOutOfQuotes
	};
}

async function read(file: File): Promise<RangesOutcome> {
	const up = await started;
	const t0 = performance.now();
	const timed = parts === 0 ? await plain(file) : await ranges(file, t0);
	const totalMs = performance.now() - t0;
	return {
		parts,
		ranges: timed.ranges!,
		totalMs,
		...timed,
		workers: timed.workers!,
		startMs: up.map((r) => r.ms),
		heapMB: Math.round(parsers.reduce((s, p) => s + p.heapBytes, 0) / 2 ** 20)
	};
}

async function check(): Promise<RangesCheck> {
	const c = await first.call({ type: 'check' });
	return { rows: c.rows!, checksum: c.checksum!, types: c.types! };
}

document.getElementById('file')!.addEventListener('change', (e) => {
	win.benchResult = read((e.target as HTMLInputElement).files![0]);
	win.benchCheck = win.benchResult.then(check);
});
