/** Columns offered as a breakdown: the ones with few distinct values first, where a breakdown reads well. */
import type { ColumnDistinct } from '../../engine/distinct.ts';
import type { ColumnSummary } from '../../engine/ingest/report.ts';

/** Above this many distinct values a breakdown draws a line or row per value that nobody can read. */
export const MANY_VALUES = 50;

export interface BreakdownChoice {
	name: string;
	/** Exact number of distinct values; null until counted (or when it could not be counted). */
	distinct: number | null;
	/** More than MANY_VALUES distinct values: offered last, with a warning when chosen. */
	many: boolean;
	/** What the option shows: the name, and the number of values when there are many. */
	label: string;
}

/**
 * The columns of the data as breakdown choices: by number of distinct values (fewest first, one-value
 * columns last since they split nothing), then by name. The user id and time columns are left out: a
 * row per user or per instant is a table, not a breakdown. The counts are the exact ones the engine counts
 * in the background after a load (`counts`, EngineCore.distinctCounts), else the report's own; a column
 * not counted yet comes after the counted ones (but before one-value columns), by name, never guessed.
 */
export function breakdownChoices(
	columns: readonly ColumnSummary[],
	counts: readonly ColumnDistinct[] | null = null
): BreakdownChoice[] {
	const counted = new Map(counts?.map((c) => [c.name, c.distinct]));
	const rank = (d: number | null) => (d === null ? 1 : d <= 1 ? 2 : 0);
	return columns
		.filter((c) => c.role !== 'user' && c.role !== 'time' && c.role !== 'id')
		.map((c) => {
			const distinct = counted.get(c.name) ?? c.distinct;
			const many = distinct !== null && distinct > MANY_VALUES;
			return {
				name: c.name,
				distinct,
				many,
				label: many ? `${c.name} (${distinct.toLocaleString('en')} values)` : c.name
			};
		})
		.sort(
			(a, b) =>
				rank(a.distinct) - rank(b.distinct) ||
				(a.distinct ?? 0) - (b.distinct ?? 0) ||
				a.name.localeCompare(b.name)
		);
}
