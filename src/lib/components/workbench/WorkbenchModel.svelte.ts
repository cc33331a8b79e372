import { CancelledError, type Engine } from '../../engine/client.ts';
import type { DatasetInput, IngestProgress } from '../../engine/ingest/index.ts';
import type { IngestReport } from '../../engine/ingest/report.ts';
import type { DerivedSummary } from '../../engine/derived.ts';
import type { ColumnDistinct } from '../../engine/distinct.ts';
import { sniffFile, type FilePreview } from '../../engine/sniff.ts';
import { userMessage, type MessageContext } from '../../messages.ts';

export interface DatasetSource {
	files: File[];
	label: string;
	input: DatasetInput;
}

/**
 * Limits we tell the user about before trying. DuckDB-WASM has about 3 GB to work in and holds the data in
 * it: 10 million events of a typical export (a 1.2 GB CSV) take about 2 GB (measured; README). JSON and Parquet
 * are decoded into a table of their own first, so they fit about half as much.
 */
export const LARGE_FILE_BYTES = 300 * 1024 ** 2;
export const MAX_FILE_BYTES = 2 * 1024 ** 3;

/**
 * The loaded dataset and everything about loading one: progress, cancel, errors, the mapping. A failed or
 * cancelled load leaves the previous dataset (report, fingerprint, analyses) exactly as it was.
 */
export class WorkbenchModel {
	readonly engine: Engine;
	report = $state.raw<IngestReport | null>(null);
	fingerprint = $state('');
	source = $state.raw<DatasetSource | null>(null);
	progress = $state.raw<IngestProgress | null>(null);
	preview = $state.raw<FilePreview | null>(null);
	error = $state<string | null>(null);
	notice = $state<string | null>(null);
	engineVersion = $state('');
	/** Sessions and users, computed in the background after each load. */
	derived = $state.raw<DerivedSummary | null>(null);
	/** Set when computing them failed: the report says so instead of waiting. */
	derivedFailed = $state(false);
	/** Exact distinct values per column, counted in the background after each load; null until then. */
	distinct = $state.raw<ColumnDistinct[] | null>(null);
	#abort: AbortController | null = null;
	#derivedAbort: AbortController | null = null;

	constructor(engine: Engine) {
		this.engine = engine;
		engine.ready().then(
			(v) => (this.engineVersion = v.version),
			(e: unknown) => (this.error = `The analytics engine could not start: ${message(e)}`)
		);
	}

	get loading(): boolean {
		return this.progress !== null;
	}

	async open(files: File[], input: DatasetInput = {}, label?: string): Promise<boolean> {
		if (files.length === 0) return false;
		const total = files.reduce((s, f) => s + f.size, 0);
		if (total > MAX_FILE_BYTES) {
			this.error =
				`These files hold ${formatBytes(total)}; Footfall keeps data in browser memory and can load about ` +
				`${formatBytes(MAX_FILE_BYTES)} at most. Split the export by date and load a part, or filter it first.`;
			return false;
		}
		const sizeNotice =
			total > LARGE_FILE_BYTES
				? `Loading ${formatBytes(total)}: this can take a minute. About 1.5 GB of CSV (or 500 MB of JSON or Parquet) fits in the browser's memory.`
				: null;
		this.notice = sizeNotice;
		this.#abort?.abort();
		this.#derivedAbort?.abort();
		const abort = new AbortController();
		this.#abort = abort;
		this.error = null;
		this.progress = { phase: 'reading', bytesRead: 0, bytesTotal: total, file: files[0].name };
		this.preview = null;
		sniffFile(files[0], files[0].name).then(
			(p) => {
				if (this.#abort === abort) this.preview = p;
			},
			() => {}
		);
		try {
			const loaded = await this.engine.ingest(files, input, {
				signal: abort.signal,
				onProgress: (p) => {
					if (this.#abort === abort) this.progress = p;
				}
			});
			this.report = loaded.report;
			this.fingerprint = loaded.fingerprint;
			this.source = { files, input, label: label ?? describeFiles(files) };
			this.#loadDerived();
			return true;
		} catch (e) {
			if (!(e instanceof CancelledError)) {
				this.error = message(e, {
					doing: 'load',
					files: files.map((f) => f.name),
					previousKept: !!this.report
				});
			}
			return false;
		} finally {
			if (this.#abort === abort) {
				this.progress = null;
				this.preview = null;
				this.#abort = null;
				// The size warning was about this load; it is over.
				if (this.notice === sizeNotice) this.notice = null;
			}
		}
	}

	async remap(input: DatasetInput): Promise<boolean> {
		const source = this.source;
		if (!source) return false;
		this.error = null;
		const abort = new AbortController();
		this.#abort = abort;
		this.progress = { phase: 'mapping', bytesRead: 0, bytesTotal: 1 };
		try {
			const loaded = await this.engine.remap(input, { signal: abort.signal });
			this.report = loaded.report;
			this.fingerprint = loaded.fingerprint;
			this.source = { ...source, input };
			this.#loadDerived();
			return true;
		} catch (e) {
			if (!(e instanceof CancelledError)) {
				this.error = message(e, {
					doing: 'load',
					files: source.files.map((f) => f.name),
					previousKept: true
				});
			}
			return false;
		} finally {
			if (this.#abort === abort) {
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
		this.engine.derived({ signal: abort.signal }).then(
			(d) => {
				if (this.#derivedAbort === abort) this.derived = d;
			},
			(e: unknown) => {
				if (!(e instanceof CancelledError) && this.#derivedAbort === abort) {
					this.derivedFailed = true;
					this.notice = message(e, { doing: 'sessions' });
				}
			}
		);
		this.engine.distinctCounts({ signal: abort.signal }).then(
			(counts) => {
				if (this.#derivedAbort === abort) this.distinct = counts;
			},
			// The columns table then shows no count: never an estimate.
			(e: unknown) => {
				if (!(e instanceof CancelledError) && this.#derivedAbort === abort) this.distinct = [];
			}
		);
	}

	dismissError() {
		this.error = null;
	}
}

export function describeFiles(files: File[]): string {
	return files.length === 1 ? files[0].name : `${files.length} files`;
}

/** The error as the reader sees it: one sentence in their terms (messages.ts), shared with the CLI. */
export function message(e: unknown, ctx?: MessageContext): string {
	return userMessage(e, ctx);
}

export function formatBytes(n: number): string {
	if (n < 1024) return `${n} B`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let v = n / 1024;
	let i = 0;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
