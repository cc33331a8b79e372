import { tableFromIPC, type Table } from 'apache-arrow';
import { analysisKey, parseAnalysis, shapeResult } from '../analyses/spec.ts';
import type { AnalysisKind, AnalysisSpec, ResultOf, SpecInputOf } from '../analyses/registry.ts';
import type { RunAnswer } from '../analyses/types.ts';
import type { ResultCache } from './cache.ts';
import { Priority, type JobQueue } from './job-queue.ts';

/** The part of the worker's API (workers/engine.worker.ts) that running an analysis needs. */
export interface EngineApiLike {
	run(spec: AnalysisSpec, jobId: string): Promise<RunAnswer & { fingerprint: string }>;
	cancel(jobId: string): unknown;
}

export interface RunOptions {
	signal?: AbortSignal;
	priority?: number;
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
 * already cached (analyses/spec.ts `analysisKey`). SQL answers are shaped here, on the main thread.
 */
export class AnalysisRunner {
	#api: EngineApiLike;
	#cache: ResultCache | null;
	#queue: JobQueue;

	constructor(api: EngineApiLike, cache: ResultCache | null, queue: JobQueue) {
		this.#api = api;
		this.#cache = cache;
		this.#queue = queue;
	}

	/** `fingerprint` identifies the dataset the caller expects to be loaded (from the last ingest or remap). */
	async run<K extends AnalysisKind>(
		input: SpecInputOf<K>,
		fingerprint: string,
		opts: RunOptions = {}
	): Promise<RunOutcome<K>> {
		const spec = parseAnalysis(input);
		const cache = this.#cache;
		const key = cache ? await analysisKey(fingerprint, spec) : '';
		const hit = await cache?.get(key);
		if (hit) return { result: hit.result as ResultOf<K>, table: null, ms: 0, cached: true };
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
			const ranOn = answer.fingerprint === fingerprint ? key : await analysisKey(answer.fingerprint, spec);
			await cache.put(ranOn, result, answer.fingerprint);
		}
		return { result, table, ms: answer.ms, cached: false };
	}
}
