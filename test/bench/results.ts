// What a benchmark run stores (test/bench/out/results-<rows>.json) and docs/BENCHMARKS.md is written from.
// Each part keeps when it was measured and the machine's load around it, so a part re-measured alone
// (`npm run bench -- --only ingest`) replaces only its own figures.
import type { IngestMeasure } from './chromium-ingest.ts';
import type { AnalysesMeasure } from './browser-analyses.ts';
import type { NativeMeasure } from './native.ts';
import type { NativeScaleMeasure } from './native-scale.ts';
import type { PandasMeasure } from './pandas.ts';
import type { RangesMeasure } from './ranges.ts';
import type { Runs } from './stats.ts';
import type { ThreadsMeasure } from './threads-setups.ts';

/** One part's figures with the UTC time it was measured and `uptime`'s load averages before and after. */
export interface Part<T> {
	at: string;
	loadBefore: string;
	loadAfter: string;
	data: T;
}

export interface SizeResults {
	rows: number;
	csvMB: number;
	ingest?: Part<IngestMeasure>;
	analyses?: Part<AnalysesMeasure>;
	cached?: Part<Record<string, Runs>>;
	native?: Part<NativeMeasure>;
	nativeScale?: Part<NativeScaleMeasure>;
	/** `check`: differences between pandas' weekly retention and ours (empty: equal), or why not compared. */
	pandas?: Part<PandasMeasure & { check?: string[] | string }>;
	ranges?: Part<RangesMeasure>;
	/** DuckDB-WASM's threaded build against the single-thread one (threads.ts, docs/THREADS.md). */
	threads?: Part<ThreadsMeasure>;
}

/** The machine and the versions of everything measured. */
export interface Environment {
	cpu: string;
	cores: number;
	memoryGB: number;
	os: string;
	node: string;
	chromium: string;
	duckdbWasm: string;
	duckdbNode: string;
	footfall: string;
}

/** The last run: its parts and sizes, and `uptime`'s load averages (1, 5, 15 min) at its start and end. */
export interface RunInfo {
	parts: string[];
	rows: number[];
	start: { at: string; load: string };
	end: { at: string; load: string };
}

export interface Results {
	environment: Environment;
	run: RunInfo;
	sizes: SizeResults[];
}
