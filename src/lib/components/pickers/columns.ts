/** Columns offered as a breakdown: the ones with few distinct values first, where a breakdown reads well. */
import type { ColumnSummary } from '../../engine/ingest/report.ts';

/** Above this many distinct values a breakdown draws a line or row per value that nobody can read. */
export const MANY_VALUES = 50;

export interface BreakdownChoice {
	name: string;
	distinct: number;
	/** More than MANY_VALUES distinct values: offered last, with a warning when chosen. */
	many: boolean;
	/** What the option shows: the name, and the number of values when there are many. */
	label: string;
}

/**
 * The columns of the data as breakdown choices: by number of distinct values (fewest first, one-value
 * columns last since they split nothing), then by name. The user id and time columns are left out: a
 * row per user or per instant is a table, not a breakdown.
 */
export function breakdownChoices(columns: readonly ColumnSummary[]): BreakdownChoice[] {
	return columns
		.filter((c) => c.role !== 'user' && c.role !== 'time' && c.role !== 'id')
		.map((c) => ({
			name: c.name,
			distinct: c.distinct,
			many: c.distinct > MANY_VALUES,
			label: c.distinct > MANY_VALUES ? `${c.name} (${c.distinct.toLocaleString('en')} values)` : c.name
		}))
		.sort(
			(a, b) =>
				Number(a.distinct <= 1) - Number(b.distinct <= 1) ||
				a.distinct - b.distinct ||
				a.name.localeCompare(b.name)
		);
}
