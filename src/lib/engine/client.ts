import { proxy, wrap, type Remote } from 'comlink';
import type { EngineApi } from '../../../workers/engine.worker.ts';
import type { DatasetInput, IngestProgress } from './ingest/index.ts';
import type { IngestReport } from './ingest/report.ts';
import type { DerivedSummary } from './derived.ts';
import type { ColumnDistinct } from './distinct.ts';
import type { AnalysisSpec } from '../spec/types.ts';
import { CancelledError } from './duck.ts';
import type { ResultCache } from './cache.ts';
import { JobQueue, Priority } from './job-queue.ts';
import { AnalysisRunner, type RunOptions, type RunOutcome } from './runner.ts';

export { CancelledError, Priority, type RunOptions, type RunOutcome };

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
	/** Sessions and users of the loaded dataset, built once (background priority by default). */
	derived(opts?: RunOptions): Promise<DerivedSummary>;
	/** Exact distinct counts of the report's columns, counted once (background priority by default). */
	distinctCounts(opts?: RunOptions): Promise<ColumnDistinct[]>;
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
	#queue = new JobQueue();
	#runner: AnalysisRunner;
	#last: { files: File[]; input: DatasetInput } | null = null;
	#fingerprint = '';
	/** Rejects when the current worker dies, so calls in flight fail instead of hanging the queue. */
	#dead!: { promise: Promise<never>; reject: (e: Error) => void };
	onCrash: ((message: string) => void) | null = null;

	constructor(cache: ResultCache | null = null) {
		this.#start();
		// Through arrows, not the proxy itself: a crash replaces #api with a fresh worker's.
		this.#runner = new AnalysisRunner(
			{
				run: (spec, jobId) => this.#call(this.#api.run(spec, jobId)),
				cancel: (jobId) => this.#api.cancel(jobId)
			},
			cache,
			this.#queue
		);
	}

	#start() {
		let reject!: (e: Error) => void;
		const promise = new Promise<never>((_, r) => (reject = r));
		promise.catch(() => {});
		this.#dead = { promise, reject };
		this.#worker = new Worker(new URL('../../../workers/engine.worker.ts', import.meta.url), {
			type: 'module'
		});
		this.#worker.addEventListener('error', (e) => this.#crashed(e.message || 'The engine stopped.'));
		this.#api = wrap<EngineApi>(this.#worker);
		this.#init = this.#call(this.#api.init());
	}

	#call<T>(call: Promise<T>): Promise<T> {
		return Promise.race([call, this.#dead.promise]);
	}

	#crashed(message: string) {
		this.#worker.terminate();
		this.#dead.reject(new Error(`The analytics engine stopped: ${message}`));
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

	async ingest(
		files: File[],
		input: DatasetInput,
		opts: { signal?: AbortSignal; onProgress?: (p: IngestProgress) => void } = {}
	): Promise<Loaded> {
		await this.#init;
		const onProgress = opts.onProgress ? proxy(opts.onProgress) : undefined;
		const loaded = await this.#queue.run(
			Priority.visible,
			opts.signal,
			(jobId) => this.#call(this.#api.ingest(files, input, jobId, onProgress)),
			(jobId) => this.#api.cancel(jobId)
		);
		this.#last = { files, input };
		this.#fingerprint = loaded.fingerprint;
		return loaded;
	}

	async remap(input: DatasetInput, opts: { signal?: AbortSignal } = {}): Promise<Loaded> {
		await this.#init;
		const loaded = await this.#queue.run(
			Priority.visible,
			opts.signal,
			(jobId) => this.#call(this.#api.remap(input, jobId)),
			(jobId) => this.#api.cancel(jobId)
		);
		if (this.#last) this.#last = { ...this.#last, input };
		this.#fingerprint = loaded.fingerprint;
		return loaded;
	}

	async derived(opts: RunOptions = {}): Promise<DerivedSummary> {
		await this.#init;
		return this.#queue.run(
			opts.priority ?? Priority.background,
			opts.signal,
			(jobId) => this.#call(this.#api.derived(jobId)),
			(jobId) => this.#api.cancel(jobId)
		);
	}

	async distinctCounts(opts: RunOptions = {}): Promise<ColumnDistinct[]> {
		await this.#init;
		return this.#queue.run(
			opts.priority ?? Priority.background,
			opts.signal,
			(jobId) => this.#call(this.#api.distinctCounts(jobId)),
			(jobId) => this.#api.cancel(jobId)
		);
	}

	async run(spec: AnalysisSpec, opts: RunOptions = {}): Promise<RunOutcome> {
		await this.#init;
		return this.#runner.run(spec, this.#fingerprint, opts);
	}
}
