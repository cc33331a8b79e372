/**
 * A spec checked against the columns of the loaded data, so that a missing column is reported by the spec
 * field that names it instead of by DuckDB ("Binder Error"). Pure.
 */
import { missingColumnMessage } from '../messages.ts';
import { withAnalysisDefaults } from './defaults.ts';
import type { AnalysisSpec } from './types.ts';
import { referencedColumns } from './validate.ts';

/**
 * Throws an Error naming the first field of `spec` (`analysis.breakdown`,
 * `analysis.startEvent.where[0]`…) whose column is not among `columns`. DuckDB matches column names
 * without regard to case, so a name that differs only in case from exactly one column passes.
 */
export function checkSpecColumns(spec: AnalysisSpec, columns: readonly string[]): void {
	const exact = new Set(columns);
	const folded = new Map<string, number>();
	for (const c of columns) folded.set(c.toLowerCase(), (folded.get(c.toLowerCase()) ?? 0) + 1);
	for (const ref of referencedColumns(withAnalysisDefaults(spec))) {
		if (exact.has(ref.column) || folded.get(ref.column.toLowerCase()) === 1) continue;
		throw new Error(missingColumnMessage(ref.column, ref.path.replace(/\.column$/, ''), columns));
	}
}
