import { CancelledError, isOutOfMemory, type Database } from './duck.ts';
import { ingest, remap, type DatasetInput, type IngestProgress, type LoadedFiles } from './ingest/index.ts';
import type { IngestReport } from './ingest/report.ts';
import type { SourceFile } from './source.ts';
import { tableFromIPC } from 'apache-arrow';
import { buildActivity } from './activity.ts';
import { buildDerived, type DerivedSummary } from './derived.ts';
import { buildSessionEvents } from './session-events.ts';
import { checkSpecColumns, needsTime, parseAnalysis, shapeResult } from '../analyses/spec.ts';
import {
	analysisOf,
	type AnalysisResult,
	type AnalysisSpec,
	type AnalysisSpecInput
} from '../analyses/registry.ts';
import type { AnalysisContext, DerivedTable, RunAnswer } from '../analyses/types.ts';
import { countDistinct, type ColumnDistinct } from './distinct.ts';
import { datasetCalendar } from '../spec/defaults.ts';
import { needsTimeMessage, userMessage, type MessageContext } from '../messages.ts';
import { fingerprintOf, type FingerprintFile } from './fingerprint.ts';
import { importEvents, type CompactCopy } from './compact.ts';

export interface JobOptions {
	jobId?: string;
	onProgress?: (p: IngestProgress) => void;
}

/**
 * The engine behind both the browser worker and the CLI: one DuckDB, the loaded dataset, and jobs that can
 * be cancelled by id. It holds no DOM and no comlink; the worker entry only wraps it.
 */
export class EngineCore {
	readonly duck: Database;
	#loaded: LoadedFiles | null = null;
	#report: IngestReport | null = null;
	#fingerprint = '';
	/** The files of the dataset in force as the fingerprint sees them (a remap keeps them). */
	#files: FingerprintFile[] = [];
	#cancelled = new Set<string>();
	#running = new Set<string>();
	/** Derived tables of the dataset in force; cleared whenever `events` is rebuilt. */
	#tables = new Set<DerivedTable>();
	#derived: DerivedSummary | null = null;
	#distinct: ColumnDistinct[] | null = null;

	constructor(duck: Database) {
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
			this.#files = sources.map(({ name, size, lastModified }) => ({ name, size, lastModified }));
			this.#fingerprint = fingerprintOf(this.#files, report);
			this.#tables.clear();
			this.#derived = null;
			this.#distinct = null;
			return report;
		});
	}

	/**
	 * Puts a compact copy of an earlier load (compact.ts) in force with that load's report and fingerprint, as
	 * a reopen would instead of ingesting the kept files again. The files themselves are not loaded, so a
	 * remap afterwards needs them ingested first (it throws "No dataset is loaded yet.").
	 */
	async restoreCompact(copy: CompactCopy, report: IngestReport, fingerprint: string): Promise<void> {
		await importEvents(this.duck, copy);
		this.#loaded = null;
		this.#report = report;
		this.#fingerprint = fingerprint;
		this.#tables.clear();
		this.#derived = null;
		this.#distinct = null;
	}

	async remap(input: DatasetInput, opts: JobOptions = {}): Promise<IngestReport> {
		const loaded = this.#loaded;
		if (!loaded) throw new Error('No dataset is loaded yet.');
		return this.#job(opts.jobId, async (isCancelled) => {
			const report = await this.#worded('load', () =>
				remap(this.duck, loaded, input, { onProgress: opts.onProgress, isCancelled })
			);
			this.#report = report;
			// The same files as the load's (with their modification times): a reload of the kept files with this
			// mapping then finds the same fingerprint, and the results cached under it.
			this.#fingerprint = fingerprintOf(this.#files, report);
			this.#tables.clear();
			this.#derived = null;
			this.#distinct = null;
			return report;
		});
	}

	/**
	 * Runs an analysis of any kind on the loaded dataset (the registry says how): checks the spec and its
	 * columns against the data, builds the derived tables it needs, then compiles and runs its SQL, or runs
	 * its `execute` in this process. Throws, before any SQL runs, with a message in the user's terms
	 * (messages.ts) when the spec names a column the data does not have (`The column "X" in
	 * analysis.breakdown is not in the data…`) or needs a time column the data lacks.
	 */
	async run(input: AnalysisSpecInput | AnalysisSpec, opts: JobOptions = {}): Promise<RunAnswer> {
		const report = this.#report;
		if (!report) throw new Error('Load a dataset first.');
		const spec = parseAnalysis(input);
		const def = analysisOf(spec);
		const ctx = this.#context(report);
		if (needsTime(spec) && !report.dataset.columns.time) throw new Error(needsTimeMessage(def.label));
		checkSpecColumns(
			spec,
			report.columns.map((c) => c.name)
		);
		return this.#job(opts.jobId, async (isCancelled) => {
			// A segment (SEMANTICS §1b) is a set of rows of `users`, whatever the analysis.
			const needs = new Set<DerivedTable>(def.needs);
			if ((spec as { segment?: unknown }).segment) needs.add('users');
			for (const table of needs) await this.#ensure(table, isCancelled);
			const t0 = performance.now();
			return this.#worded('analysis', async () => {
				if (def.compile) {
					const ipc = await this.duck.ipc(def.compile(spec as never, ctx), { isCancelled });
					return { ipc, ms: performance.now() - t0 };
				}
				const engine = {
					query: async (sql: string) => tableFromIPC(await this.duck.ipc(sql, { isCancelled })),
					isCancelled
				};
				const result = await def.execute!(engine, spec as never, ctx);
				return { result, ms: performance.now() - t0 };
			});
		});
	}

	/** Runs an analysis and shapes its result here: what the CLI and the tests read (SEMANTICS shapes). */
	async result(input: AnalysisSpecInput | AnalysisSpec, opts: JobOptions = {}): Promise<AnalysisResult> {
		const spec = parseAnalysis(input);
		const answer = await this.run(spec, opts);
		return answer.ipc ? shapeResult(spec, tableFromIPC(answer.ipc)) : (answer.result as AnalysisResult);
	}

	#context(report: IngestReport): AnalysisContext {
		return {
			dataset: { ...report.dataset, ...datasetCalendar(report.dataset) },
			columns: new Map(report.columns.map((c) => [c.name, c.type])),
			tables: new Set(this.#tables),
			firstEventMs: report.firstTime ? Date.parse(report.firstTime) : null,
			lastEventMs: report.lastTime ? Date.parse(report.lastTime) : null
		};
	}

	/** Builds a derived table once per dataset, on the first analysis that needs it. */
	async #ensure(table: DerivedTable, isCancelled: () => boolean) {
		if (this.#tables.has(table)) return;
		// Worded like the analysis that asked: running out of memory here is that analysis needing too much.
		if (table === 'activity') {
			await this.#worded('analysis', () => this.#compacted(() => buildActivity(this.duck, { isCancelled })));
		} else if (table === 'sessionEvents') {
			await this.#buildDerived(isCancelled);
			await this.#worded('analysis', () =>
				this.#compacted(() => buildSessionEvents(this.duck, { isCancelled }))
			);
		} else await this.#buildDerived(isCancelled);
		this.#tables.add(table);
	}

	/**
	 * Runs a build between two CHECKPOINTs of the compressed in-memory database (wasm-duck.ts COMPRESSED_DB):
	 * the first compresses what is not yet (the loaded `events`, compressed here rather than after the load,
	 * so the report is not kept waiting) before the build needs room, the second the table it made, and both
	 * merge the changes of UPDATEs into the tables. A checkpoint with nothing new is quick (84 ms at 10M
	 * events). Measured under Node (test/bench/derived-memory.ts, issue 14): at 10M events DuckDB's tables
	 * take 445 MB after the first, 604 MB with sessions, users and activity (`events` alone took 2,189 MB on
	 * the plain in-memory database); at 1M, 46 MB after the first, against 227 MB before it on the plain one.
	 */
	async #compacted<T>(build: () => Promise<T>): Promise<T> {
		await this.duck.exec('CHECKPOINT');
		const out = await build();
		await this.duck.exec('CHECKPOINT');
		return out;
	}

	/** Sessions and users (SEMANTICS §7), built once per dataset on first request. */
	async derived(opts: JobOptions = {}): Promise<DerivedSummary> {
		const report = this.#report;
		if (!report) throw new Error('Load a dataset first.');
		if (this.#derived) return this.#derived;
		return this.#job(opts.jobId, (isCancelled) => this.#buildDerived(isCancelled));
	}

	async #buildDerived(isCancelled: () => boolean): Promise<DerivedSummary> {
		if (this.#derived) return this.#derived;
		const dataset = this.#report!.dataset;
		this.#derived = await this.#worded('sessions', () =>
			this.#compacted(() => buildDerived(this.duck, dataset, { isCancelled }))
		);
		this.#tables.add('sessions');
		this.#tables.add('users');
		return this.#derived;
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
			const ctx = { doing, previousKept: this.#report !== null, memoryLimit: this.duck.memoryLimit };
			throw new Error(userMessage(e, ctx), { cause: e });
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
