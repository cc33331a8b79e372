import { tableFromIPC, type Table } from 'apache-arrow';
import type { AnalysisSpec } from '../spec/types.ts';
import { specHash } from '../spec/hash.ts';
import { shape, type AnalysisResult } from '../sql/compile.ts';
import type { ResultCache } from './cache.ts';
import { Priority, type JobQueue } from './job-queue.ts';

/** The part of the worker's API (workers/engine.worker.ts) that running an analysis needs. */
export interface EngineApiLike {
	run(spec: AnalysisSpec, jobId: string): Promise<{ ipc: Uint8Array; ms: number; fingerprint: string }>;
	cancel(jobId: string): unknown;
}

export interface RunOptions {
	signal?: AbortSignal;
	priority?: number;
}

export interface RunOutcome {
	result: AnalysisResult;
	/** The raw Arrow result; null when the result came from the cache. */
	table: Table | null;
	ms: number;
	cached: boolean;
}

/** Runs an analysis through the queue, unless a result for the same dataset and spec is already cached. */
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
	async run(spec: AnalysisSpec, fingerprint: string, opts: RunOptions = {}): Promise<RunOutcome> {
		const cache = this.#cache;
		const key = cache ? await specHash(fingerprint, spec) : '';
		const hit = await cache?.get(key);
		if (hit) return { result: hit.result as AnalysisResult, table: null, ms: 0, cached: true };
		const answer = await this.#queue.run(
			opts.priority ?? Priority.visible,
			opts.signal,
			(jobId) => this.#api.run(spec, jobId),
			(jobId) => this.#api.cancel(jobId)
		);
		const table = tableFromIPC(answer.ipc);
		const result = shape(spec, table);
		if (cache) {
			// An ingest or remap queued ahead of this run changes the data it ran on: file the result under that.
			const ranOn = answer.fingerprint === fingerprint ? key : await specHash(answer.fingerprint, spec);
			await cache.put(ranOn, result);
		}
		return { result, table, ms: answer.ms, cached: false };
	}
}
