import { proxy, wrap, type Remote } from 'comlink';
import type { EngineApi } from '../../../workers/engine.worker.ts';
import type { DatasetInput, IngestProgress } from './ingest/index.ts';
import type { IngestReport } from './ingest/report.ts';
import type { DerivedSummary } from './derived.ts';
import type { AnalysisKind, AnalysisSpec, SpecInputOf } from '../analyses/registry.ts';
import type { RunAnswer } from '../analyses/types.ts';
import type { ColumnDistinct } from './distinct.ts';
import { CancelledError } from './duck.ts';
import type { ResultCache } from './cache.ts';
import { JobQueue, Priority } from './job-queue.ts';
import { AnalysisRunner, type RunOptions, type RunOutcome } from './runner.ts';
import { startEngineWorker } from './worker-start.ts';
import type { EngineStart } from './wasm.ts';

export { CancelledError, Priority, type EngineStart, type RunOptions, type RunOutcome };

export interface Loaded {
	report: IngestReport;
	fingerprint: string;
}

/** The one seam between the UI and the database (ARCHITECTURE §2). Components never see DuckDB. */
export interface Engine {
	/**
	 * Resolves when the engine can take work. `onProgress` hears how far its start has come (at once, then on
	 * every step): the page shows it while a load waits for the engine.
	 */
	ready(onProgress?: (p: EngineStart) => void): Promise<{ version: string }>;
	/** Loads `files` as the dataset in force. */
	ingest(files: File[], input: DatasetInput, opts?: IngestOptions): Promise<Loaded>;
	remap(input: DatasetInput, opts?: { signal?: AbortSignal }): Promise<Loaded>;
	run<K extends AnalysisKind>(spec: SpecInputOf<K>, opts?: RunOptions): Promise<RunOutcome<K>>;
	/**
	 * The result of `spec` on the dataset in force when this tab holds it in memory, else null, at once and
	 * without waiting for the engine: a screen draws a result it has seen in its first frame. Optional (an
	 * engine without a memory cache always answers through `run`).
	 */
	peek?<K extends AnalysisKind>(spec: SpecInputOf<K>): RunOutcome<K> | null;
	/** Sessions and users of the loaded dataset, built once (background priority by default). */
	derived(opts?: RunOptions): Promise<DerivedSummary>;
	/** Exact distinct counts of the report's columns, counted once (background priority by default). */
	distinctCounts(opts?: RunOptions): Promise<ColumnDistinct[]>;
	/**
	 * Before any load: the fingerprint of the dataset a reopen is bringing back (issue 13), so analyses find
	 * its cached results while it loads. A run that misses waits for the load (queued behind it, or until it
	 * is queued) and is cached under what it ran on; `''` says no load is coming. Ignored once a load has
	 * finished.
	 */
	expect?(fingerprint: string): void;
	/**
	 * Results computed on the dataset `fingerprint` before this tab has it (the demo's prepared results,
	 * demo/prepared.ts), kept in this tab's result memory so that those specs are answered from the cache at
	 * once; each only when `key` is this tab's cache key text for it (AnalysisRunner.prime). Optional: an
	 * engine without a memory cache ignores them.
	 */
	prime?(fingerprint: string, results: readonly PrimedResult[]): void;
}

/** A result to prime the cache with: the parsed spec, its cache key text, the result (Engine.prime). */
export interface PrimedResult {
	key: string;
	spec: AnalysisSpec;
	result: unknown;
}

/** How a load is asked for: its cancel and its progress. */
export interface IngestOptions {
	signal?: AbortSignal;
	onProgress?: (p: IngestProgress) => void;
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
	/** Loads asked for so far, and the number of the one `#last` holds: an older load never replaces it. */
	#loads = 0;
	#lastLoad = 0;
	#fingerprint = '';
	/** Set by `expect` until the expected load is queued: runs wait for it, so they queue behind it. */
	#coming: { promise: Promise<void>; resolve: () => void } | null = null;
	/** Rejects when the current worker dies, so calls in flight fail instead of hanging the queue. */
	#dead!: { promise: Promise<never>; reject: (e: Error) => void };
	#starting: EngineStart = { phase: 'downloading', bytesLoaded: 0, bytesTotal: 0 };
	#startListeners = new Set<(p: EngineStart) => void>();
	onCrash: ((message: string) => void) | null = null;

	constructor(cache: ResultCache | null = null) {
		this.#start();
		// Through arrows, not the proxy itself: a crash replaces #api with a fresh worker's.
		this.#runner = new AnalysisRunner(
			{
				// comlink's Remote type spreads the answer's union; it arrives as the worker returned it.
				// Inside the queued job: the runner looks in its caches first, without waiting for the start.
				run: async (spec, jobId) => {
					await this.#init;
					return this.#call(this.#api.run(spec, jobId) as Promise<RunAnswer & { fingerprint: string }>);
				},
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
		this.#worker = startEngineWorker();
		this.#worker.addEventListener('error', (e) => this.#crashed(e.message || 'The engine stopped.'));
		this.#api = wrap<EngineApi>(this.#worker);
		this.#init = this.#call(this.#api.init(proxy((p: EngineStart) => this.#progress(p))));
		this.#init.then(
			() => this.#progress({ ...this.#starting, phase: 'ready' }),
			() => this.#progress({ ...this.#starting, phase: 'failed' })
		);
	}

	#progress(p: EngineStart) {
		this.#starting = p;
		for (const listener of this.#startListeners) listener(p);
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
			// Queued now, ahead of every waiting job: a load asked for before the crash that has not run yet
			// (the user's newer file) runs after this one and stays in force, as the page shows it.
			this.#load(last.files, last.input, Priority.visible - 1, {}, this.#lastLoad).catch((e: unknown) =>
				this.onCrash?.(String(e))
			);
		}
	}

	ready(onProgress?: (p: EngineStart) => void) {
		if (onProgress) {
			this.#startListeners.add(onProgress);
			onProgress(this.#starting);
		}
		return this.#init;
	}

	ingest(files: File[], input: DatasetInput, opts: IngestOptions = {}): Promise<Loaded> {
		return this.#load(files, input, Priority.visible, opts);
	}

	/**
	 * Queues a load at once (in the order asked), then waits in the queue for the engine to be ready. `load`
	 * numbers it: a reload after a crash keeps the number of the dataset it restores.
	 */
	async #load(
		files: File[],
		input: DatasetInput,
		priority: number,
		opts: IngestOptions = {},
		load = ++this.#loads
	): Promise<Loaded> {
		const onProgress = opts.onProgress ? proxy(opts.onProgress) : undefined;
		this.#coming?.resolve();
		this.#coming = null;
		const loaded = await this.#queue.run(
			priority,
			opts.signal,
			async (jobId) => {
				await this.#init;
				return this.#call(this.#api.ingest(files, input, jobId, onProgress));
			},
			(jobId) => this.#api.cancel(jobId)
		);
		if (load > this.#lastLoad) {
			this.#last = { files, input };
			this.#lastLoad = load;
			this.#inForce(loaded.fingerprint);
		}
		return loaded;
	}

	expect(fingerprint: string) {
		if (this.#lastLoad !== 0) return;
		this.#fingerprint = fingerprint;
		if (fingerprint && !this.#coming) {
			const coming = { resolve: () => {} } as { promise: Promise<void>; resolve: () => void };
			coming.promise = new Promise<void>((r) => (coming.resolve = () => r()));
			this.#coming = coming;
		} else if (!fingerprint) {
			this.#coming?.resolve();
			this.#coming = null;
		}
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
		this.#inForce(loaded.fingerprint);
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

	/** A new dataset is in force: the memory keeps only its results (the others stay in IndexedDB). */
	#inForce(fingerprint: string) {
		this.#fingerprint = fingerprint;
		this.#runner.memory?.keepOnly(fingerprint);
	}

	prime(fingerprint: string, results: readonly PrimedResult[]) {
		for (const r of results) {
			try {
				this.#runner.prime(fingerprint, r.spec, r.result, r.key);
			} catch {
				// A spec this version no longer reads: that screen computes its result once the data is in.
			}
		}
	}

	peek<K extends AnalysisKind>(spec: SpecInputOf<K>): RunOutcome<K> | null {
		if (!this.#fingerprint) return null;
		try {
			return this.#runner.peek(spec, this.#fingerprint);
		} catch {
			// An invalid spec: `run` reports it in the user's terms.
			return null;
		}
	}

	/**
	 * The result cache first, then the engine: a result kept in IndexedDB shows while the engine is still
	 * starting (a reopened workspace), and only a miss waits for the start, inside its queued job. A hit for a
	 * dataset that is no longer the expected one by the time it is read (the user dropped another file) is not
	 * returned.
	 */
	run<K extends AnalysisKind>(spec: SpecInputOf<K>, opts: RunOptions = {}): Promise<RunOutcome<K>> {
		// A reopen whose data is still downloading (the demo's) has not queued its load yet.
		return this.#runner.run(spec, this.#fingerprint, opts, this.#coming?.promise, () => this.#fingerprint);
	}
}
