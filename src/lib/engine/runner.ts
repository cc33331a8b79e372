import { tableFromIPC, type Table } from 'apache-arrow';
import { analysisKey, analysisKeyText, parseAnalysis, shapeResult } from '../analyses/spec.ts';
import type { AnalysisKind, AnalysisSpec, ResultOf, SpecInputOf } from '../analyses/registry.ts';
import type { RunAnswer } from '../analyses/types.ts';
import type { ResultCache } from './cache.ts';
import { Priority, type JobQueue } from './job-queue.ts';
import { MemoryLru } from './memory-cache.ts';
import { sha256Hex } from '../spec/hash.ts';

/** The part of the worker's API (workers/engine.worker.ts) that running an analysis needs. */
export interface EngineApiLike {
	run(spec: AnalysisSpec, jobId: string): Promise<RunAnswer & { fingerprint: string }>;
	cancel(jobId: string): unknown;
}

export interface RunOptions {
	signal?: AbortSignal;
	priority?: number;
	/**
	 * Called when the result is in neither cache and the run is queued for the engine: from then on it is
	 * computed (and, while a reopened workspace's data loads again, waits for that data).
	 */
	onQueued?: () => void;
}

export interface RunOutcome<K extends AnalysisKind = AnalysisKind> {
	result: ResultOf<K>;
	/** The raw Arrow result of a SQL analysis; null when it came from the cache or from `execute`. */
	table: Table | null;
	/** Milliseconds the engine took; 0 for a cached result. */
	ms: number;
	cached: boolean;
}

/**
 * Runs an analysis through the queue, unless a result for the same dataset, spec and analysis version is
 * already cached (analyses/spec.ts `analysisKey`): first in this tab's memory (`peek`, synchronous), then in
 * the persistent cache (IndexedDB), only then in the engine. SQL answers are shaped here, on the main thread.
 */
export class AnalysisRunner {
	#api: EngineApiLike;
	#cache: ResultCache | null;
	#queue: JobQueue;
	/** Results of this tab by `analysisKeyText`; null without a cache (`?cache=0`: every run computes). */
	readonly memory: MemoryLru | null;

	constructor(api: EngineApiLike, cache: ResultCache | null, queue: JobQueue, memory = new MemoryLru()) {
		this.#api = api;
		this.#cache = cache;
		this.#queue = queue;
		this.memory = cache ? memory : null;
	}

	/**
	 * The result of `input` on the dataset `fingerprint` when this tab holds it in memory, else null; never runs
	 * anything nor waits. Throws the spec's parse error for an invalid spec.
	 */
	peek<K extends AnalysisKind>(input: SpecInputOf<K>, fingerprint: string): RunOutcome<K> | null {
		if (!this.memory) return null;
		const text = analysisKeyText(fingerprint, input);
		const hit = this.memory.get(text);
		if (hit === undefined) return null;
		// Off the hit's path: the stored copy counts as used, so the storage's budget keeps it longest.
		const cache = this.#cache;
		if (cache?.touch) void sha256Hex(text).then((key) => cache.touch?.(key));
		return { result: hit as ResultOf<K>, table: null, ms: 0, cached: true };
	}

	/**
	 * Puts a result the engine computed elsewhere (the demo's prepared results, demo/prepared.ts) in this tab's
	 * memory, as if this tab had run `spec` on the dataset `fingerprint`: `peek` and `run` then answer it from
	 * the cache. Only when `key` is this tab's own key text for them (`analysisKeyText`: an analysis whose
	 * version or spec parsing changed since misses); returns whether it was kept. Nothing is written to
	 * IndexedDB. Throws the spec's parse error for an invalid spec.
	 */
	prime(fingerprint: string, spec: AnalysisSpec, result: unknown, key: string): boolean {
		const text = analysisKeyText(fingerprint, spec);
		if (!this.memory || text !== key) return false;
		this.memory.set(text, fingerprint, result);
		return true;
	}

	/**
	 * `fingerprint` identifies the dataset the caller expects to be loaded (from the last ingest or remap).
	 * `queueAfter`, when given, resolves once the load of that dataset is queued (a demo still downloading): a
	 * run the caches cannot answer waits for it, so that it is queued behind that load. `expected`, when
	 * given, says which dataset is expected when the persistent cache answers: a hit for `fingerprint` that
	 * is no longer it (another file came in while IndexedDB was read) is dropped, and the run is computed on
	 * the data in force instead.
	 */
	async run<K extends AnalysisKind>(
		input: SpecInputOf<K>,
		fingerprint: string,
		opts: RunOptions = {},
		queueAfter?: Promise<void>,
		expected?: () => string
	): Promise<RunOutcome<K>> {
		const spec = parseAnalysis(input);
		const seen = this.peek<K>(spec as SpecInputOf<K>, fingerprint);
		if (seen) return seen;
		const cache = this.#cache;
		const key = cache ? await analysisKey(fingerprint, spec) : '';
		const hit = await cache?.get(key);
		if (hit && (!expected || expected() === fingerprint)) {
			this.memory?.set(analysisKeyText(fingerprint, spec), fingerprint, hit.result);
			return { result: hit.result as ResultOf<K>, table: null, ms: 0, cached: true };
		}
		opts.onQueued?.();
		await queueAfter;
		const answer = await this.#queue.run(
			opts.priority ?? Priority.visible,
			opts.signal,
			(jobId) => this.#api.run(spec, jobId),
			(jobId) => this.#api.cancel(jobId)
		);
		const table = answer.ipc ? tableFromIPC(answer.ipc) : null;
		const result = (table ? shapeResult(spec, table) : answer.result) as ResultOf<K>;
		if (cache) {
			// An ingest or remap queued ahead of this run changes the data it ran on: file the result under that.
			const ranOn = answer.fingerprint;
			this.memory?.set(analysisKeyText(ranOn, spec), ranOn, result);
			await cache.put(ranOn === fingerprint ? key : await analysisKey(ranOn, spec), result, ranOn);
		}
		return { result, table, ms: answer.ms, cached: false };
	}
}
