/**
 * The feature table pulled from DuckDB into typed arrays (SEMANTICS §8), and its scaling. Runs in the worker
 * (or the CLI's process) inside an `execute` analysis.
 */
import { scopeWhereSql } from '../../sql/scope.ts';
import type { Scope } from '../../spec/scope.ts';
import { scopeContext } from '../scope.ts';
import type { AnalysisContext, AnalysisEngine } from '../types.ts';
import { featureTableSql } from './sql.ts';
import { COLUMN_AGGS, TIME_AGGS, type Feature, type Scale } from './spec.ts';

/** One row per user: `values` row-major `users × features`, in original units. */
export interface FeatureTable {
	/** Users with every feature (the rows of `values`). */
	n: number;
	d: number;
	names: string[];
	values: Float64Array;
	/** Text user ids in row order, when asked for; else null. */
	users: string[] | null;
	/** Users in the scope left out because a feature had no value (an average of no rows, no first value). */
	skipped: number;
}

const NUMERIC =
	/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;

/**
 * Throws, in the user's words, when a feature cannot be computed on this data: a time feature on data with
 * no time column, or a numeric aggregate over a column that does not hold numbers.
 */
export function checkFeatures(features: readonly Feature[], ctx: AnalysisContext, path: string): void {
	features.forEach((f, i) => {
		if (TIME_AGGS.includes(f.agg) && !ctx.dataset.columns.time)
			throw new Error(
				`The feature "${f.name}" (${path}[${i}]) counts days or sessions, and this data has no time column. ` +
					`Map the event time on the Data page, or use features of the columns themselves.`
			);
		if (f.column && COLUMN_AGGS.includes(f.agg) && f.agg !== 'distinct') {
			const type = ctx.columns.get(f.column) ?? '';
			if (!NUMERIC.test(type))
				throw new Error(
					`The feature "${f.name}" (${path}[${i}]) takes ${f.agg === 'first' || f.agg === 'last' ? 'a value' : `the ${f.agg}`} of the column "${f.column}", which does not hold numbers. ` +
						`Pick a numeric column, or count its distinct values.`
				);
		}
	});
}

/**
 * Runs the feature SQL for the scope and returns the users with every feature as a row-major Float64Array.
 * `withUsers`: also the text ids (costly for a million users; only for per-user output).
 */
export async function loadFeatureTable(
	engine: AnalysisEngine,
	features: readonly Feature[],
	scope: Scope,
	ctx: AnalysisContext,
	withUsers: boolean
): Promise<FeatureTable> {
	const where = scopeWhereSql(scope, scopeContext(ctx));
	const table = await engine.query(featureTableSql(features, { where, lastEventMs: ctx.lastEventMs }));
	const total = table.numRows;
	const ok = table.getChild('ok')!.toArray() as boolean[] | Uint8Array;
	const keep: number[] = [];
	for (let r = 0; r < total; r++) if (ok[r]) keep.push(r);
	const d = features.length;
	const values = new Float64Array(keep.length * d);
	for (let j = 0; j < d; j++) {
		const col = table.getChild(`f${j}`)!.toArray() as Float64Array;
		for (let r = 0; r < keep.length; r++) values[r * d + j] = col[keep[r]];
	}
	let users: string[] | null = null;
	if (withUsers) {
		const ids = table.getChild('__user')!;
		users = keep.map((r) => String(ids.get(r)));
	}
	return {
		n: keep.length,
		d,
		names: features.map((f) => f.name),
		values,
		users,
		skipped: total - keep.length
	};
}

/** Per-feature statistics in original units: mean and population standard deviation. */
export function columnStats(values: Float64Array, n: number, d: number): { mean: number[]; std: number[] } {
	const mean = new Array<number>(d).fill(0);
	const sq = new Array<number>(d).fill(0);
	for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j] += values[r * d + j];
	for (let j = 0; j < d; j++) mean[j] = n ? mean[j] / n : 0;
	for (let r = 0; r < n; r++)
		for (let j = 0; j < d; j++) {
			const x = values[r * d + j] - mean[j];
			sq[j] += x * x;
		}
	return { mean, std: sq.map((s) => (n ? Math.sqrt(s / n) : 0)) };
}

/**
 * The space distances are measured in: each feature log1p'd when it says `log` (throws when it has a value
 * below 0), then scaled (SEMANTICS §8): `minmax` to 0..1, `zscore` by the population standard deviation; a
 * constant feature becomes 0 under either. Returns a new row-major array; `values` is left alone.
 */
export function scaleTable(t: FeatureTable, features: readonly Feature[], scale: Scale): Float64Array {
	const { n, d } = t;
	const out = new Float64Array(t.values);
	features.forEach((f, j) => {
		if (!f.log) return;
		for (let r = 0; r < n; r++) {
			const x = out[r * d + j];
			if (x < 0)
				throw new Error(
					`The feature "${f.name}" has values below 0 (${x}); a log transform needs values of 0 or more.`
				);
			out[r * d + j] = Math.log1p(x);
		}
	});
	if (scale === 'none') return out;
	const lo = new Array<number>(d).fill(Infinity);
	const hi = new Array<number>(d).fill(-Infinity);
	for (let r = 0; r < n; r++)
		for (let j = 0; j < d; j++) {
			const x = out[r * d + j];
			if (x < lo[j]) lo[j] = x;
			if (x > hi[j]) hi[j] = x;
		}
	const { mean, std } = columnStats(out, n, d);
	const shift = scale === 'zscore' ? mean : lo;
	const div = scale === 'zscore' ? std : hi.map((h, j) => h - lo[j]);
	for (let r = 0; r < n; r++)
		for (let j = 0; j < d; j++) {
			const i = r * d + j;
			out[i] = div[j] > 0 ? (out[i] - shift[j]) / div[j] : 0;
		}
	return out;
}
