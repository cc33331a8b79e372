/**
 * The ingest report kept with a workspace's dataset (issue 13), so that a reopen shows it at once while the
 * kept files load again behind it. It is kept in the same record (and the same write) as the files' names,
 * sizes, mapping and fingerprint it belongs to, and shown only when the fingerprint, recomputed from the kept
 * files and the report itself, is the one recorded: a report is never shown for other data than its own.
 */
import type { IngestReport } from '../engine/ingest/report.ts';
import type { DerivedSummary } from '../engine/derived.ts';
import type { ColumnDistinct } from '../engine/distinct.ts';
import { fingerprintOf, type FingerprintFile } from '../engine/fingerprint.ts';
import type { WorkspaceDataset } from './db.ts';

/**
 * Everything the Data page shows of a load: the report, and the sessions summary and distinct counts once the
 * background has computed them (null until then). `fingerprint` is the engine's for that load
 * (engine/fingerprint.ts).
 */
export interface StoredReport {
	fingerprint: string;
	report: IngestReport;
	derived: DerivedSummary | null;
	distinct: ColumnDistinct[] | null;
	/** When it was kept, ms since epoch. */
	savedAt: number;
}

/** Why a kept report is not shown, in words for the notice (or null when it is). */
export type StoredReportCheck = { ok: true; stored: StoredReport } | { ok: false; why: string };

/**
 * The kept report of `dataset` when it is exactly the one of `kept` (the files read back from storage:
 * name, size in bytes, modification time in ms) under the dataset's mapping: the report's fingerprint equals
 * the dataset's, the kept files are those the dataset names, and recomputing the fingerprint from those
 * files and the report's own rows, times and dataset spec gives it again. Anything else is a mismatch, with
 * the reason; the caller then loads the files and shows the fresh report.
 */
export function checkStoredReport(dataset: WorkspaceDataset, kept: FingerprintFile[]): StoredReportCheck {
	const stored = dataset.report;
	if (!stored) return { ok: false, why: 'no report was kept with it' };
	if (stored.fingerprint !== dataset.fingerprint)
		return { ok: false, why: 'the kept report is of another load of it' };
	const same = (a: FingerprintFile, b: FingerprintFile) =>
		a.name === b.name && a.size === b.size && (a.lastModified ?? 0) === (b.lastModified ?? 0);
	if (kept.length !== dataset.files.length || kept.some((f, i) => !same(f, dataset.files[i])))
		return { ok: false, why: 'the kept files are not the ones it was made from' };
	if (fingerprintOf(kept, stored.report) !== stored.fingerprint)
		return { ok: false, why: 'the kept report does not match its files and mapping' };
	return { ok: true, stored };
}

/** A report to keep for the load of `fingerprint` (its summaries follow when computed: `withSummaries`). */
export function storedReport(report: IngestReport, fingerprint: string, now = Date.now()): StoredReport {
	return { fingerprint, report, derived: null, distinct: null, savedAt: now };
}

/**
 * `stored` with the sessions summary and distinct counts of the load of `fingerprint` added; unchanged when
 * `stored` is of another load (the summaries of an older load never land on a newer report).
 */
export function withSummaries(
	stored: StoredReport | undefined,
	fingerprint: string,
	derived: DerivedSummary | null,
	distinct: ColumnDistinct[] | null
): StoredReport | undefined {
	if (!stored || stored.fingerprint !== fingerprint) return stored;
	return { ...stored, derived: derived ?? stored.derived, distinct: distinct ?? stored.distinct };
}
