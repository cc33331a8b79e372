import { CancelledError, isOutOfMemory, type Duck } from './duck.ts';
import { ingest, remap, type DatasetInput, type IngestProgress, type LoadedFiles } from './ingest/index.ts';
import type { IngestReport } from './ingest/report.ts';
import type { SourceFile } from './source.ts';
import type { AnalysisSpec } from '../spec/types.ts';
import { compile } from '../sql/compile.ts';
import { buildActivity } from './activity.ts';
import { buildDerived, type DerivedSummary } from './derived.ts';
import { checkSpecColumns } from '../spec/columns.ts';
import { countDistinct, type ColumnDistinct } from './distinct.ts';
import { userMessage, type MessageContext } from '../messages.ts';

export interface JobOptions {
	jobId?: string;
	onProgress?: (p: IngestProgress) => void;
}

export interface QueryResult {
	/** Arrow IPC stream bytes of the compiled query's result. */
	ipc: Uint8Array;
	/** Milliseconds DuckDB took. */
	ms: number;
}

/**
 * The engine behind both the browser worker and the CLI: one DuckDB, the loaded dataset, and jobs that can
 * be cancelled by id. It holds no DOM and no comlink; the worker entry only wraps it.
 */
export class EngineCore {
	readonly duck: Duck;
	#loaded: LoadedFiles | null = null;
	#report: IngestReport | null = null;
	#fingerprint = '';
	#cancelled = new Set<string>();
	#running = new Set<string>();
	/** Derived tables of the dataset in force; cleared whenever `events` is rebuilt. */
	#activity = false;
	#derived: DerivedSummary | null = null;
	#distinct: ColumnDistinct[] | null = null;

	constructor(duck: Duck) {
		this.duck = duck;
	}

	get report(): IngestReport | null {
		return this.#report;
	}

	/** Identifies the loaded data and its mapping: part of every cache key. */
	get fingerprint(): string {
		return this.#fingerprint;
	}

	/**
	 * Loads files as the dataset in force. A failure leaves the earlier dataset in force; running out of
	 * memory is worded for the reader here (messages.ts), other errors by the page or the CLI.
	 */
	async ingest(sources: SourceFile[], input: DatasetInput, opts: JobOptions = {}): Promise<IngestReport> {
		return this.#job(opts.jobId, async (isCancelled) => {
			const { report, loaded } = await this.#worded('load', () =>
				ingest(this.duck, sources, input, { onProgress: opts.onProgress, isCancelled })
			);
			this.#loaded = loaded;
			this.#report = report;
			this.#fingerprint = fingerprintOf(sources, report);
			this.#activity = false;
			this.#derived = null;
			this.#distinct = null;
			return report;
		});
	}

	async remap(input: DatasetInput, opts: JobOptions = {}): Promise<IngestReport> {
		const loaded = this.#loaded;
		if (!loaded) throw new Error('No dataset is loaded yet.');
		return this.#job(opts.jobId, async (isCancelled) => {
			const report = await this.#worded('load', () =>
				remap(this.duck, loaded, input, { onProgress: opts.onProgress, isCancelled })
			);
			this.#report = report;
			this.#fingerprint = fingerprintOf(
				loaded.files.map((f) => ({ name: f.name, size: f.size })),
				report
			);
			this.#activity = false;
			this.#derived = null;
			this.#distinct = null;
			return report;
		});
	}

	/**
	 * Runs an analysis on the dataset in force. Throws when a column the spec names is not in the data
	 * (`The column "X" in analysis.breakdown is not in the data…`), before any SQL runs.
	 */
	async run(spec: AnalysisSpec, opts: JobOptions = {}): Promise<QueryResult> {
		const report = this.#report;
		if (!report) throw new Error('Load a dataset first.');
		checkSpecColumns(
			spec,
			report.columns.map((c) => c.name)
		);
		return this.#job(opts.jobId, async (isCancelled) => {
			// Built on first use, once per dataset: the per-user, per-day activity most analyses read.
			if (!this.#activity) {
				await buildActivity(this.duck, { isCancelled });
				this.#activity = true;
			}
			const sql = compile(spec, { weekStart: report.dataset.weekStart ?? 'monday', activity: true });
			const t0 = performance.now();
			const ipc = await this.#worded('analysis', () => this.duck.ipcAsync(sql, { isCancelled }));
			return { ipc, ms: performance.now() - t0 };
		});
	}

	/** Sessions and users (SEMANTICS §7), built once per dataset on first request. */
	async derived(opts: JobOptions = {}): Promise<DerivedSummary> {
		const report = this.#report;
		if (!report) throw new Error('Load a dataset first.');
		if (this.#derived) return this.#derived;
		return this.#job(opts.jobId, async (isCancelled) => {
			this.#derived = await this.#worded('sessions', () =>
				buildDerived(this.duck, report.dataset, { isCancelled })
			);
			return this.#derived;
		});
	}

	/**
	 * Exact distinct counts of the report's columns over the kept events (distinct.ts), computed once per
	 * dataset on first request: the page asks in the background after the report, `footfall inspect` before
	 * printing it.
	 */
	async distinctCounts(opts: JobOptions = {}): Promise<ColumnDistinct[]> {
		const report = this.#report;
		if (!report) throw new Error('Load a dataset first.');
		if (this.#distinct) return this.#distinct;
		return this.#job(opts.jobId, async (isCancelled) => {
			const names = report.columns.map((c) => c.name);
			const counts = await countDistinct(this.duck, names, report.dataset.columns, { isCancelled });
			if (this.#report === report) this.#distinct = counts;
			return counts;
		});
	}

	/** Runs `work`; running out of memory in it becomes the reader's message for `doing`. */
	async #worded<T>(doing: MessageContext['doing'], work: () => Promise<T>): Promise<T> {
		try {
			return await work();
		} catch (e) {
			if (!isOutOfMemory(e)) throw e;
			throw new Error(userMessage(e, { doing, previousKept: this.#report !== null }), { cause: e });
		}
	}

	cancel(jobId: string): void {
		if (this.#running.has(jobId)) this.#cancelled.add(jobId);
	}

	async #job<T>(jobId: string | undefined, work: (isCancelled: () => boolean) => Promise<T>): Promise<T> {
		const id = jobId ?? crypto.randomUUID();
		this.#running.add(id);
		try {
			const result = await work(() => this.#cancelled.has(id));
			if (this.#cancelled.has(id)) throw new CancelledError();
			return result;
		} finally {
			this.#running.delete(id);
			this.#cancelled.delete(id);
		}
	}
}

function fingerprintOf(files: { name: string; size: number; lastModified?: number }[], report: IngestReport) {
	return JSON.stringify({
		files: files.map((f) => [f.name, f.size, f.lastModified ?? 0]),
		rows: report.rows,
		first: report.firstTime,
		last: report.lastTime,
		dataset: report.dataset
	});
}
