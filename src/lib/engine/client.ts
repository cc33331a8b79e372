import { proxy, wrap, type Remote } from 'comlink';
import { tableFromIPC, type Table } from 'apache-arrow';
import type { EngineApi } from '../../../workers/engine.worker.ts';
import type { DatasetInput, IngestProgress } from './ingest.ts';
import type { IngestReport } from './report.ts';
import type { AnalysisSpec } from '../spec/types.ts';
import { shape, type AnalysisResult } from '../sql/compile.ts';
import { specHash } from '../spec/hash.ts';
import { CancelledError } from './duck.ts';
import type { ResultCache } from './cache.ts';

export { CancelledError };

/** Lower runs first: the chart on screen before background work. */
export const Priority = { visible: 0, background: 10 } as const;

export interface RunOptions {
	signal?: AbortSignal;
	priority?: number;
}

export interface RunOutcome {
	result: AnalysisResult;
	table: Table | null;
	ms: number;
	cached: boolean;
}

export interface Loaded {
	report: IngestReport;
	fingerprint: string;
}

/** The one seam between the UI and the database (ARCHITECTURE §2). Components never see DuckDB. */
export interface Engine {
	ready(): Promise<{ version: string }>;
	ingest(
		files: File[],
		input: DatasetInput,
		opts?: { signal?: AbortSignal; onProgress?: (p: IngestProgress) => void }
	): Promise<Loaded>;
	remap(input: DatasetInput, opts?: { signal?: AbortSignal }): Promise<Loaded>;
	run(spec: AnalysisSpec, opts?: RunOptions): Promise<RunOutcome>;
}

interface Queued {
	priority: number;
	seq: number;
	start: () => void;
}

/**
 * The browser engine: a comlink proxy of the worker, a queue that runs one job at a time by priority, and
 * cancellation (a job aborted while queued never starts; a running one is cancelled inside the worker).
 * When the worker dies (out of memory, say), a fresh one is started and the last dataset is loaded again.
 */
export class WorkerEngine implements Engine {
	#worker!: Worker;
	#api!: Remote<EngineApi>;
	#init!: Promise<{ version: string }>;
	#queue: Queued[] = [];
	#busy = false;
	#seq = 0;
	#last: { files: File[]; input: DatasetInput } | null = null;
	#fingerprint = '';
	#cache: ResultCache | null;
	onCrash: ((message: string) => void) | null = null;

	constructor(cache: ResultCache | null = null) {
		this.#cache = cache;
		this.#start();
	}

	#start() {
		this.#worker = new Worker(new URL('../../../workers/engine.worker.ts', import.meta.url), {
			type: 'module'
		});
		this.#worker.addEventListener('error', (e) => this.#crashed(e.message || 'The engine stopped.'));
		this.#api = wrap<EngineApi>(this.#worker);
		this.#init = this.#api.init();
	}

	#crashed(message: string) {
		this.#worker.terminate();
		this.#start();
		this.onCrash?.(message);
		const last = this.#last;
		if (last) {
			this.ingest(last.files, last.input).catch((e: unknown) => this.onCrash?.(String(e)));
		}
	}

	ready() {
		return this.#init;
	}

	#enqueue<T>(
		priority: number,
		signal: AbortSignal | undefined,
		job: (jobId: string) => Promise<T>
	): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			if (signal?.aborted) return reject(new CancelledError());
			const jobId = crypto.randomUUID();
			let started = false;
			const entry: Queued = {
				priority,
				seq: this.#seq++,
				start: () => {
					started = true;
					job(jobId)
						.then(resolve, (e: unknown) => reject(isCancel(e) ? new CancelledError() : e))
						.finally(() => {
							signal?.removeEventListener('abort', onAbort);
							this.#busy = false;
							this.#next();
						});
				}
			};
			const onAbort = () => {
				if (started) {
					void this.#api.cancel(jobId);
				} else {
					this.#queue = this.#queue.filter((q) => q !== entry);
					reject(new CancelledError());
				}
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.#queue.push(entry);
			this.#queue.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
			this.#next();
		});
	}

	#next() {
		if (this.#busy) return;
		const entry = this.#queue.shift();
		if (!entry) return;
		this.#busy = true;
		entry.start();
	}

	async ingest(
		files: File[],
		input: DatasetInput,
		opts: { signal?: AbortSignal; onProgress?: (p: IngestProgress) => void } = {}
	): Promise<Loaded> {
		await this.#init;
		const onProgress = opts.onProgress ? proxy(opts.onProgress) : undefined;
		const loaded = await this.#enqueue(Priority.visible, opts.signal, (jobId) =>
			this.#api.ingest(files, input, jobId, onProgress)
		);
		this.#last = { files, input };
		this.#fingerprint = loaded.fingerprint;
		return loaded;
	}

	async remap(input: DatasetInput, opts: { signal?: AbortSignal } = {}): Promise<Loaded> {
		await this.#init;
		const loaded = await this.#enqueue(Priority.visible, opts.signal, (jobId) =>
			this.#api.remap(input, jobId)
		);
		if (this.#last) this.#last = { ...this.#last, input };
		this.#fingerprint = loaded.fingerprint;
		return loaded;
	}

	async run(spec: AnalysisSpec, opts: RunOptions = {}): Promise<RunOutcome> {
		await this.#init;
		const key = await specHash(this.#fingerprint, spec);
		const hit = await this.#cache?.get(key);
		if (hit) return { result: hit.result as AnalysisResult, table: null, ms: 0, cached: true };
		const { ipc, ms } = await this.#enqueue(opts.priority ?? Priority.visible, opts.signal, (jobId) =>
			this.#api.run(spec, jobId)
		);
		const table = tableFromIPC(ipc);
		const result = shape(spec, table);
		await this.#cache?.put(key, result);
		return { result, table, ms, cached: false };
	}
}

function isCancel(e: unknown): boolean {
	return e instanceof Error && (e.name === 'CancelledError' || e.message === 'Cancelled');
}
