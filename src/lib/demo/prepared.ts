/**
 * The demo dataset as the page loads it (issue 14: the demo usable within 4 s of a first visit). Its source
 * of truth is the CSV, `static/data/demo-shop.csv.gz`; beside it is `demo-shop.prepared.json`
 * (`PreparedDemo`): the ingest report, the sessions summary and the distinct counts the engine computes from
 * that CSV as the page loads it (`npm run demo:prepare`, src/cli/prepare-demo.ts), and the results of the
 * analyses a person opens with their default settings (demo/default-specs.ts). The page shows them at once
 * while the CSV is downloaded and read behind them (the results through the result cache, under the
 * dataset's fingerprint and each spec); `test/unit/demo-prepared.test.ts` computes them again and compares,
 * so they never drift from the CSV, the ingest or the analyses.
 *
 * No copy of the demo's events ships beside it: measured (static/data/README.md), a copy the engine could
 * read instead of the CSV (Arrow, or Parquet without the columns that repeat others) is as large as the CSV
 * or larger, downloaded and kept offline on top of it, and gets the data in only after the engine's start.
 */
import type { DatasetInput } from '../engine/ingest/index.ts';
import type { IngestReport } from '../engine/ingest/report.ts';
import type { DerivedSummary } from '../engine/derived.ts';
import type { ColumnDistinct } from '../engine/distinct.ts';
import type { AnalysisSpec } from '../analyses/registry.ts';

/** The demo's dataset options: the shop is in London. */
export const DEMO_INPUT: DatasetInput = { timezone: 'Europe/London' };

/**
 * The demo CSV as the page holds it once downloaded and unpacked: its name, and a fixed modification time
 * (ms since epoch, UTC: 2025-11-17, the day after its last event), so that its fingerprint
 * (engine/fingerprint.ts), and with it the prepared report's and the cached results', is the same on every
 * visit.
 */
export const DEMO_FILE = { name: 'demo-shop.csv', lastModified: Date.UTC(2025, 10, 17) } as const;

/** Where the demo's files are served from, under the site's base path (static/data). */
export const DEMO_PATHS = {
	csv: '/data/demo-shop.csv.gz',
	prepared: '/data/demo-shop.prepared.json'
} as const;

/**
 * One analysis as the engine computed it on the demo: its parsed spec, the cache's key text for it
 * (analyses/spec.ts `analysisKeyText`: the fingerprint, kind, analysis version and spec; the page uses the
 * result only when its own key text for the spec is this one, so a changed analysis version drops it) and the
 * result as the page's runner shapes it.
 */
export interface PreparedResult {
	key: string;
	spec: AnalysisSpec;
	result: unknown;
}

/** `demo-shop.prepared.json`: what the engine computed from the demo CSV. */
export interface PreparedDemo {
	version: 2;
	/** The CSV it was computed from, as the page holds it: size in bytes of the unpacked text. */
	file: { name: string; size: number; lastModified: number };
	fingerprint: string;
	report: IngestReport;
	derived: DerivedSummary;
	distinct: ColumnDistinct[];
	/** The default analyses' results (demo/default-specs.ts). */
	results: PreparedResult[];
}

/**
 * `json` as a PreparedDemo, or null when it is not one of this version (a damaged or older file: the page
 * then loads the CSV itself). Checks the shape the page relies on, not every field of the report.
 */
export function readPrepared(json: unknown): PreparedDemo | null {
	const p = json as Partial<PreparedDemo> | null;
	const ok =
		p?.version === 2 &&
		typeof p.fingerprint === 'string' &&
		typeof p.file?.size === 'number' &&
		p.file.name === DEMO_FILE.name &&
		p.file.lastModified === DEMO_FILE.lastModified &&
		typeof p.report?.rows === 'number' &&
		typeof p.derived?.sessions === 'number' &&
		Array.isArray(p.distinct) &&
		Array.isArray(p.results) &&
		p.results.every((r) => typeof r?.key === 'string' && typeof r.spec?.kind === 'string');
	return ok ? (p as PreparedDemo) : null;
}
