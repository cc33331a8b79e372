/**
 * The demo dataset as the page loads it (issue 14: the demo usable within 4 s of a first visit). Its source
 * of truth is the CSV, `static/data/demo-shop.csv.gz`; beside it is `demo-shop.prepared.json`
 * (`PreparedDemo`): the ingest report, the sessions summary and the distinct counts the engine computes from
 * that CSV as the page loads it (`npm run demo:prepare`, src/cli/prepare-demo.ts). The page shows them at
 * once while the CSV is downloaded and read behind them; `test/unit/demo-prepared.test.ts` computes them again
 * and compares, so they never drift from the CSV or the ingest.
 *
 * No copy of the demo's events ships beside it: measured (static/data/README.md), a copy the engine could
 * read instead of the CSV (Arrow, or Parquet without the columns that repeat others) is as large as the CSV
 * or larger, downloaded and kept offline on top of it, and gets the data in only after the engine's start.
 */
import type { DatasetInput } from '../engine/ingest/index.ts';
import type { IngestReport } from '../engine/ingest/report.ts';
import type { DerivedSummary } from '../engine/derived.ts';
import type { ColumnDistinct } from '../engine/distinct.ts';

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

/** `demo-shop.prepared.json`: what the engine computed from the demo CSV. */
export interface PreparedDemo {
	version: 1;
	/** The CSV it was computed from, as the page holds it: size in bytes of the unpacked text. */
	file: { name: string; size: number; lastModified: number };
	fingerprint: string;
	report: IngestReport;
	derived: DerivedSummary;
	distinct: ColumnDistinct[];
}

/**
 * `json` as a PreparedDemo, or null when it is not one of this version (a damaged or older file: the page
 * then loads the CSV itself). Checks the shape the page relies on, not every field of the report.
 */
export function readPrepared(json: unknown): PreparedDemo | null {
	const p = json as Partial<PreparedDemo> | null;
	const ok =
		p?.version === 1 &&
		typeof p.fingerprint === 'string' &&
		typeof p.file?.size === 'number' &&
		p.file.name === DEMO_FILE.name &&
		p.file.lastModified === DEMO_FILE.lastModified &&
		typeof p.report?.rows === 'number' &&
		typeof p.derived?.sessions === 'number' &&
		Array.isArray(p.distinct);
	return ok ? (p as PreparedDemo) : null;
}
