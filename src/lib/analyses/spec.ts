/**
 * Specs of any kind, through the registry: parse (checks and defaults), runnable spec files, and the cache
 * key. SEMANTICS §1-§10 are the contract; each kind's own rules live in its folder.
 */
import type { Table } from 'apache-arrow';
import { missingColumnMessage } from '../messages.ts';
import { object, oneOf, SpecError } from '../spec/check.ts';
import { datasetAt } from '../spec/dataset.ts';
import { canonicalJson, sha256Hex } from '../spec/hash.ts';
import type { ResolvedDatasetSpec } from '../spec/types.ts';
import {
	ANALYSES,
	analysisOf,
	type AnalysisResult,
	type AnalysisSpec,
	type AnalysisSpecInput
} from './registry.ts';
import type { ColumnReference } from './types.ts';

export const ANALYSIS_KINDS = ANALYSES.map((d) => d.kind);

/**
 * Checks an analysis spec of any kind at `path` and returns it with every default applied. Throws
 * `SpecError` naming the field (an unknown kind lists the known ones).
 */
export function parseAnalysis(x: unknown, path = 'analysis'): AnalysisSpec {
	const a = object(x, path, 'an analysis spec');
	if (a.kind === undefined)
		throw new SpecError(
			`${path}.kind`,
			`${path}.kind is required, one of ${ANALYSIS_KINDS.map((k) => `"${k}"`).join(', ')}`
		);
	const kind = oneOf(a.kind, ANALYSIS_KINDS, `${path}.kind`);
	return analysisOf({ kind }).parse(a, path) as AnalysisSpec;
}

/** Checks `{ dataset, analysis }` (a CLI spec file, one workspace entry). Throws `SpecError`. */
export function validateRunnable(x: unknown): { dataset: ResolvedDatasetSpec; analysis: AnalysisSpec } {
	const r = object(x, 'spec', 'a runnable spec { "dataset", "analysis" }');
	for (const key of Object.keys(r)) {
		if (key !== 'dataset' && key !== 'analysis')
			throw new SpecError(
				key,
				`${key} is not a known field of a runnable spec (only "dataset" and "analysis")`
			);
	}
	if (r.dataset === undefined) throw new SpecError('dataset', 'dataset is required');
	if (r.analysis === undefined) throw new SpecError('analysis', 'analysis is required');
	const dataset = datasetAt(r.dataset, 'dataset');
	const analysis = parseAnalysis(r.analysis, 'analysis');
	if (needsTime(analysis) && !dataset.columns.time)
		throw new SpecError(
			'dataset.columns.time',
			`dataset.columns.time is required by a ${analysis.kind} analysis: name the event time column`
		);
	return { dataset, analysis };
}

/**
 * Whether `spec` needs a time column: its kind's `needsTime`, unless the kind says this spec uses no time
 * (`timeless`: a segment of a fixed list of users, such as a cluster saved from data without times).
 */
export function needsTime(spec: AnalysisSpec): boolean {
	const def = analysisOf(spec);
	return def.needsTime && !def.timeless?.(spec as never);
}

/** The data columns a spec refers to, each with the spec path that names it. */
export function referencedColumns(spec: AnalysisSpec): ColumnReference[] {
	return analysisOf(spec).columns(spec as never);
}

/**
 * Throws an Error naming the first field of `spec` (`analysis.breakdown`, `analysis.startEvent.where[0]`…)
 * whose column is not among `columns` (the loaded data's), so a missing column is reported by the spec field
 * that names it instead of by DuckDB ("Binder Error"). The fields are the registry's `columns` of the spec's
 * kind. DuckDB matches column names without regard to case, so a name that differs only in case from exactly
 * one column passes.
 */
export function checkSpecColumns(spec: AnalysisSpec, columns: readonly string[]): void {
	const exact = new Set(columns);
	const folded = new Map<string, number>();
	for (const c of columns) folded.set(c.toLowerCase(), (folded.get(c.toLowerCase()) ?? 0) + 1);
	for (const ref of referencedColumns(spec)) {
		if (exact.has(ref.column) || folded.get(ref.column.toLowerCase()) === 1) continue;
		throw new Error(missingColumnMessage(ref.column, ref.path.replace(/\.column$/, ''), columns));
	}
}

/** Version of the key's own layout; each analysis's `version` is in the key too. */
const KEY_FORMAT = 2;

/**
 * The text a result's cache key is made of: canonical JSON of the dataset fingerprint, the analysis kind and
 * version, and the spec with defaults applied, so specs that differ only in key order or in spelling out a
 * default share one text. Synchronous: the in-memory cache (engine/memory-cache.ts) is keyed by it directly.
 * Throws the spec's parse error (a SpecError naming the field) for an invalid spec.
 */
export function analysisKeyText(datasetFingerprint: string, spec: AnalysisSpecInput | AnalysisSpec): string {
	const parsed = parseAnalysis(spec);
	const def = analysisOf(parsed);
	return canonicalJson({
		format: KEY_FORMAT,
		dataset: datasetFingerprint,
		kind: def.kind,
		version: def.version,
		analysis: parsed
	});
}

/**
 * The cache key of a result in IndexedDB: SHA-256 (hex) of `analysisKeyText`, so a new version of one analysis
 * leaves every other analysis's cached results in place.
 */
export async function analysisKey(datasetFingerprint: string, spec: AnalysisSpecInput | AnalysisSpec) {
	return sha256Hex(analysisKeyText(datasetFingerprint, spec));
}

/** A SQL analysis's Arrow result as its SEMANTICS result, by the definition of the spec's kind. */
export function shapeResult(spec: AnalysisSpec, table: Table): AnalysisResult {
	const def = analysisOf(spec);
	if (!def.shape) throw new Error(`${def.label} does not answer with a table`);
	return def.shape(table, spec as never) as AnalysisResult;
}
