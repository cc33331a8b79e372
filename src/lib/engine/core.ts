import { CancelledError, isOutOfMemory, type Duck } from './duck.ts';
import { ingest, remap, type DatasetInput, type IngestProgress, type LoadedFiles } from './ingest/index.ts';
import type { IngestReport } from './ingest/report.ts';
import type { SourceFile } from './source.ts';
import { tableFromIPC } from 'apache-arrow';
import { buildActivity } from './activity.ts';
import { buildDerived, type DerivedSummary } from './derived.ts';
import { parseAnalysis, referencedColumns, shapeResult } from '../analyses/spec.ts';
import {
	analysisOf,
	type AnalysisResult,
	type AnalysisSpec,
	type AnalysisSpecInput
} from '../analyses/registry.ts';
import type { AnalysisContext, DerivedTable, RunAnswer } from '../analyses/types.ts';

export interface JobOptions {
	jobId?: string;
	onProgress?: (p: IngestProgress) => void;
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
	#tables = new Set<DerivedTable>();
	#derived: DerivedSummary | null = null;

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

	async ingest(sources: SourceFile[], input: DatasetInput, opts: JobOptions = {}): Promise<IngestReport> {
		return this.#job(opts.jobId, async (isCancelled) => {
			const { report, loaded } = await ingest(this.duck, sources, input, {
				onProgress: opts.onProgress,
				isCancelled
			});
			this.#loaded = loaded;
			this.#report = report;
			this.#fingerprint = fingerprintOf(sources, report);
			this.#tables.clear();
			this.#derived = null;
			return report;
		});
	}

	async remap(input: DatasetInput, opts: JobOptions = {}): Promise<IngestReport> {
		const loaded = this.#loaded;
		if (!loaded) throw new Error('No dataset is loaded yet.');
		return this.#job(opts.jobId, async (isCancelled) => {
			const report = await remap(this.duck, loaded, input, { onProgress: opts.onProgress, isCancelled });
			this.#report = report;
			this.#fingerprint = fingerprintOf(
				loaded.files.map((f) => ({ name: f.name, size: f.size })),
				report
			);
			this.#tables.clear();
			this.#derived = null;
			return report;
		});
	}

	/**
	 * Runs an analysis of any kind on the loaded dataset (the registry says how): checks the spec and its
	 * columns against the data, builds the derived tables it needs, then compiles and runs its SQL, or runs
	 * its `execute` in this process. Throws with a message in the user's terms when the spec names a column
	 * the data does not have, or needs a time column the data lacks.
	 */
	async run(input: AnalysisSpecInput | AnalysisSpec, opts: JobOptions = {}): Promise<RunAnswer> {
		const report = this.#report;
		if (!report) throw new Error('Load a dataset first.');
		const spec = parseAnalysis(input);
		const def = analysisOf(spec);
		const ctx = this.#context(report);
		if (def.needsTime && !report.dataset.columns.time)
			throw new Error(
				`${def.label} needs a time column, and this data has none mapped. Pick the time column in the ` +
					'mapping panel; data with one row per customer can be clustered and segmented instead.'
			);
		for (const ref of referencedColumns(spec)) {
			if (!ctx.columns.has(ref.column))
				throw new Error(
					`The column "${ref.column}" in ${ref.path} is not in the data. Its columns are: ` +
						`${[...ctx.columns.keys()].slice(0, 30).join(', ')}.`
				);
		}
		return this.#job(opts.jobId, async (isCancelled) => {
			// A segment (SEMANTICS §1b) is a set of rows of `users`, whatever the analysis.
			const needs = new Set<DerivedTable>(def.needs);
			if ((spec as { segment?: unknown }).segment) needs.add('users');
			for (const table of needs) await this.#ensure(table, isCancelled);
			const t0 = performance.now();
			if (def.compile) {
				const ipc = await this.duck.ipcAsync(def.compile(spec as never, ctx), { isCancelled });
				return { ipc, ms: performance.now() - t0 };
			}
			const engine = {
				query: async (sql: string) => tableFromIPC(await this.duck.ipcAsync(sql, { isCancelled })),
				isCancelled
			};
			const result = await def.execute!(engine, spec as never, ctx);
			return { result, ms: performance.now() - t0 };
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
			dataset: {
				...report.dataset,
				timezone: report.dataset.timezone ?? 'UTC',
				weekStart: report.dataset.weekStart ?? 'monday'
			},
			columns: new Map(report.columns.map((c) => [c.name, c.type])),
			tables: new Set(this.#tables),
			firstEventMs: report.firstTime ? Date.parse(report.firstTime) : null,
			lastEventMs: report.lastTime ? Date.parse(report.lastTime) : null
		};
	}

	/** Builds a derived table once per dataset, on the first analysis that needs it. */
	async #ensure(table: DerivedTable, isCancelled: () => boolean) {
		if (this.#tables.has(table)) return;
		if (table === 'activity') await buildActivity(this.duck, { isCancelled });
		else await this.#buildDerived(isCancelled);
		this.#tables.add(table);
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
		try {
			this.#derived = await buildDerived(this.duck, this.#report!.dataset, { isCancelled });
		} catch (e) {
			if (!isOutOfMemory(e)) throw e;
			throw new Error(
				'there is not enough memory for them with this many events (the browser gives Footfall about ' +
					'3 GB). The report and the analyses that do not use sessions still work.',
				{ cause: e }
			);
		}
		this.#tables.add('sessions');
		this.#tables.add('users');
		return this.#derived;
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
