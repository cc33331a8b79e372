/**
 * Whether a saved segment can run on the data loaded now: segments are kept across datasets, and one that
 * names a column this data lacks is shown as such (in the sidebar, left out of the overlap matrix) instead
 * of failing every query it is part of.
 */
import { PERCENTILE_MEASURES, ruleColumns, type SegmentRule } from '../spec/segment-rule.ts';
import { parseValueExpr } from '../sql/value-expr.ts';

function valueExprs(rule: SegmentRule): string[] {
	if ('all' in rule) return rule.all.flatMap(valueExprs);
	if ('any' in rule) return rule.any.flatMap(valueExprs);
	if ('not' in rule) return valueExprs(rule.not);
	if ('percentile' in rule && !(PERCENTILE_MEASURES as readonly string[]).includes(rule.percentile.of))
		return [rule.percentile.of];
	return [];
}

/**
 * Why `rule` cannot run on data with `columns` (its original column names), in a person's words, or null
 * when it can. A column matches as the engine's check matches it: exactly, or by the one name that differs
 * only in case.
 */
export function segmentProblem(rule: SegmentRule, columns: readonly string[]): string | null {
	const exact = new Set(columns);
	const folded = new Map<string, number>();
	for (const c of columns) folded.set(c.toLowerCase(), (folded.get(c.toLowerCase()) ?? 0) + 1);
	for (const ref of ruleColumns(rule, 'rule')) {
		if (exact.has(ref.column) || folded.get(ref.column.toLowerCase()) === 1) continue;
		return `This data has no column ${ref.column}.`;
	}
	for (const expr of valueExprs(rule)) {
		try {
			parseValueExpr(expr, columns);
		} catch (e) {
			return `${expr}: ${e instanceof Error ? e.message : String(e)}`;
		}
	}
	return null;
}
