import { CancelledError, type Engine, type EngineStart, type PrimedResult } from '../../engine/client.ts';
import type { DatasetInput, IngestProgress } from '../../engine/ingest/index.ts';
import type { IngestReport } from '../../engine/ingest/report.ts';
import type { DerivedSummary } from '../../engine/derived.ts';
import type { ColumnDistinct } from '../../engine/distinct.ts';
import { sniffFile, type FilePreview } from '../../engine/sniff.ts';
import { WorkbenchScope } from './WorkbenchScope.svelte.ts';
import type { Download } from '../ingest/load-steps.ts';
import { userMessage } from '../../messages.ts';
import { describeFiles, formatBytes, LARGE_FILE_BYTES, sizeError } from './file-size.ts';
import { computeSummaries } from './summaries.ts';
import type { StoredReport } from '../../workspace/stored-report.ts';
import type { DatasetSource, LoadGetter, LoadOrigin, LoadRequest } from './load-request.ts';

export type { DatasetSource, LoadGetter, LoadOrigin, LoadRequest } from './load-request.ts';

/**
 * The loaded dataset and everything about loading one: progress, cancel, errors, the mapping. A failed or
 * cancelled load leaves the previous dataset (report, fingerprint, analyses) exactly as it was.
 */
export class WorkbenchModel extends WorkbenchScope {
	readonly engine: Engine;
	report = $state.raw<IngestReport | null>(null);
	fingerprint = $state('');
	source = $state.raw<DatasetSource | null>(null);
	/** The name of what is loading (the header shows it), or null when nothing is. */
	loadingLabel = $state<string | null>(null);
	/** The download of the load in progress (the demo's), if it has one. */
	download = $state.raw<Download | null>(null);
	/** The engine's own start; `ready` once it can take work. */
	engineStart = $state.raw<EngineStart>({ phase: 'downloading', bytesLoaded: 0, bytesTotal: 0 });
	/** Set while a load that began before the engine was ready is in progress: the engine's start is part of it. */
	loadWaitsForEngine = $state(false);
	progress = $state.raw<IngestProgress | null>(null);
	preview = $state.raw<FilePreview | null>(null);
	error = $state<string | null>(null);
	engineVersion = $state('');
	/** Sessions and users, computed in the background after each load. */
	derived = $state.raw<DerivedSummary | null>(null);
	/** Set when computing them failed: the report says so instead of waiting. */
	derivedFailed = $state(false);
	/** Exact distinct values per column, counted in the background after each load; null until then. */
	distinct = $state.raw<ColumnDistinct[] | null>(null);
	/**
	 * Called after each load or remap that put a dataset in force (the workspace keeps it for the next visit).
	 * `origin` is the load's: a background load is the demo or a restore.
	 */
	onLoaded: ((source: DatasetSource, fingerprint: string, origin: LoadOrigin) => void) | null = null;
	/** Called once the sessions summary and distinct counts of the load of `fingerprint` are computed. */
	onSummaries: ((fingerprint: string, d: DerivedSummary, c: ColumnDistinct[]) => void) | null = null;
	/**
	 * The fingerprint of a kept report shown while its files load again (`restore`); null otherwise. The
	 * report on screen is then the kept one, and analyses wait for the data (or come from the result cache).
	 */
	restoring = $state<string | null>(null);
	#abort: AbortController | null = null;
	#derivedAbort: AbortController | null = null;
	/** Set by the first user load: from then on no background load starts. */
	#userChose = false;

	constructor(engine: Engine) {
		super();
		this.engine = engine;
		engine
			.ready((p) => (this.engineStart = p))
			.then(
				(v) => (this.engineVersion = v.version),
				(e: unknown) => (this.error = `The analytics engine could not start: ${userMessage(e)}`)
			);
	}

	get loading(): boolean {
		return this.loadingLabel !== null;
	}

	/** Loads files the user dropped or picked (or `origin`'s); see `load`. */
	open(
		files: File[],
		input: DatasetInput = {},
		label?: string,
		origin: LoadOrigin = 'user'
	): Promise<boolean> {
		if (files.length === 0) return Promise.resolve(false);
		const tooLarge = sizeError(files);
		if (tooLarge) {
			this.error = tooLarge;
			return Promise.resolve(false);
		}
		return this.load(label ?? describeFiles(files), async () => ({ files, input }), origin);
	}

	/**
	 * Loads a dataset that `get` first fetches (its download reported through `onBytes`), under the rules of
	 * `origin` (LoadOrigin). `get` receives this load's abort signal: a newer user load cancels the download
	 * as well as the ingest. Resolves true when the dataset is in force, false when the load failed (the
	 * error is shown), was cancelled, or (background) did not start.
	 */
	async load(label: string, get: LoadGetter, origin: LoadOrigin = 'user'): Promise<boolean> {
		if (origin === 'background' && (this.#userChose || this.#abort)) return false;
		if (origin === 'user') this.#userChose = true;
		if (origin === 'user' && this.restoring) this.#showKept(null);
		this.#abort?.abort();
		// Sessions of the dataset in force would hold the worker up; they are computed again if this load fails.
		this.#derivedAbort?.abort();
		const abort = new AbortController();
		this.#abort = abort;
		const current = () => this.#abort === abort;
		let done = false;
		this.error = null;
		this.loadingLabel = label;
		this.loadWaitsForEngine = this.engineStart.phase !== 'ready';
		this.download = null;
		this.progress = null;
		this.preview = null;
		let sizeNotice: string | null = null;
		let names: string[] = [label];
		try {
			const { files, input = {} } = await get(abort.signal, (bytes, total) => {
				if (current()) this.download = { bytes, total, done: false };
			});
			if (abort.signal.aborted) return false;
			// (Set by the callback above: TypeScript cannot see that.)
			const download = this.download as Download | null;
			if (download) this.download = { ...download, done: true };
			names = files.map((f) => f.name);
			const tooLarge = sizeError(files);
			if (tooLarge) throw new Error(tooLarge);
			const total = files.reduce((s, f) => s + f.size, 0);
			if (total > LARGE_FILE_BYTES) {
				sizeNotice = `Loading ${formatBytes(total)}: this can take a minute. About 1.5 GB of CSV (or 500 MB of JSON or Parquet) fits in the browser's memory.`;
				this.notice = sizeNotice;
			}
			sniffFile(files[0], files[0].name).then(
				(p) => {
					if (current()) this.preview = p;
				},
				() => {}
			);
			const loaded = await this.engine.ingest(files, input, {
				signal: abort.signal,
				onProgress: (p) => {
					if (current()) this.progress = p;
				}
			});
			if (!current()) return false;
			// The kept summaries of the same data stay; any other load computes its own.
			const same = this.restoring === loaded.fingerprint && this.derived && this.distinct;
			this.report = loaded.report;
			this.fingerprint = loaded.fingerprint;
			this.source = { files, input, label };
			done = true;
			if (!same) this.#loadDerived();
			this.onLoaded?.(this.source, this.fingerprint, origin);
			return true;
		} catch (e) {
			if (!(e instanceof CancelledError) && !abort.signal.aborted) {
				this.error = userMessage(e, {
					doing: 'load',
					files: names,
					previousKept: !!this.report && !this.restoring
				});
			}
			return false;
		} finally {
			if (current()) {
				this.loadingLabel = null;
				this.loadWaitsForEngine = false;
				this.download = null;
				this.progress = null;
				this.preview = null;
				this.#abort = null;
				if (!done && this.report && !this.restoring && !this.derived && !this.derivedFailed)
					this.#loadDerived();
			}
			// The size warning was about this load; it is over.
			if (sizeNotice && this.notice === sizeNotice) this.notice = null;
		}
	}

	/**
	 * Reopens a workspace's kept dataset (issue 13), or opens the demo with its prepared report: shows `kept`
	 * (checked by stored-report.ts, or the demo's own) at once and loads `request` behind it as a background
	 * load (a getter when it must be downloaded first: the header names the dataset once it is in). A file
	 * dropped meanwhile wins and takes the kept report off. A different fresh fingerprint is told in the
	 * notice (the fresh report stays); a failed load takes the kept report off. Resolves as `load`; false,
	 * showing nothing, once the user chose or a load runs. `results`, computed on the kept report's data (the
	 * demo's prepared results), answer their specs from the result cache while the data loads (Engine.prime).
	 */
	async restore(
		label: string,
		request: Required<LoadRequest> | LoadGetter,
		kept: StoredReport | null,
		results: readonly PrimedResult[] = []
	): Promise<boolean> {
		if (this.#userChose || this.#abort) return false;
		const get: LoadGetter = typeof request === 'function' ? request : async () => request;
		if (kept) this.engine.prime?.(kept.fingerprint, results);
		if (kept) this.#showKept(kept, typeof request === 'function' ? null : { ...request, label });
		try {
			const ok = await this.load(label, get, 'background');
			if (kept && ok && this.fingerprint !== kept.fingerprint)
				this.notice = `${label} reads differently from when it was kept (the file or Footfall changed): the report shows it as loaded now.`;
			if (kept && !ok && this.restoring === kept.fingerprint) this.#showKept(null);
			return ok;
		} finally {
			if (this.restoring === kept?.fingerprint) this.restoring = null;
		}
	}

	/** Puts a kept report on screen ahead of its data, or (null) takes it off: its data is not coming. */
	#showKept(kept: StoredReport | null, source: DatasetSource | null = null) {
		this.restoring = kept?.fingerprint ?? null;
		this.report = kept?.report ?? null;
		this.fingerprint = kept?.fingerprint ?? '';
		this.source = source;
		this.derived = kept?.derived ?? null;
		this.derivedFailed = false;
		this.distinct = kept?.distinct ?? null;
		this.engine.expect?.(this.fingerprint);
	}

	async remap(input: DatasetInput): Promise<boolean> {
		const source = this.source;
		if (!source) return false;
		this.#userChose = true;
		this.#abort?.abort();
		this.error = null;
		const abort = new AbortController();
		this.#abort = abort;
		this.loadingLabel = source.label;
		this.progress = { phase: 'mapping', bytesRead: 0, bytesTotal: 1 };
		try {
			const loaded = await this.engine.remap(input, { signal: abort.signal });
			this.report = loaded.report;
			this.fingerprint = loaded.fingerprint;
			this.source = { ...source, input };
			this.#loadDerived();
			this.onLoaded?.(this.source, this.fingerprint, 'user');
			return true;
		} catch (e) {
			if (!(e instanceof CancelledError)) {
				this.error = userMessage(e, {
					doing: 'load',
					files: source.files.map((f) => f.name),
					previousKept: true
				});
			}
			return false;
		} finally {
			if (this.#abort === abort) {
				this.loadingLabel = null;
				this.progress = null;
				this.#abort = null;
			}
		}
	}

	cancel() {
		this.#abort?.abort();
	}

	#loadDerived() {
		this.#derivedAbort?.abort();
		const abort = new AbortController();
		this.#derivedAbort = abort;
		this.derived = null;
		this.derivedFailed = false;
		this.distinct = null;
		const fingerprint = this.fingerprint;
		computeSummaries(this.engine, abort.signal, () => this.#derivedAbort === abort, {
			derived: (d) => (this.derived = d),
			derivedFailed: (message) => {
				this.derivedFailed = true;
				this.notice = message;
			},
			distinct: (counts) => (this.distinct = counts),
			both: (d, counts) => this.onSummaries?.(fingerprint, d, counts)
		});
	}

	dismissError() {
		this.error = null;
	}
}
