import type { Table } from 'apache-arrow';
import type { RetentionCohort, RetentionResult, RetentionSpec } from './spec.ts';

function column(table: Table, name: string) {
	const child = table.getChild(name);
	if (!child) throw new Error(`Retention result has no column ${name}`);
	return child;
}

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

/**
 * Turns the long table of `compileRetention` into SEMANTICS §2's result. Cells with no returning users
 * are 0 when observed and null when not; the SQL's ordering of breakdowns and cohorts is kept.
 */
export function shapeRetention(
	table: Table,
	spec: Pick<RetentionSpec, 'period' | 'periods' | 'breakdown' | 'cohortBy'>
): RetentionResult {
	const isTotal = column(table, 'is_total');
	const breakdown = column(table, 'breakdown');
	const cohort = column(table, 'cohort');
	const size = column(table, 'size');
	const observed = column(table, 'observed');
	const periodIndex = column(table, 'period_index');
	const users = column(table, 'users');

	const totals = new Map<string | null, RetentionCohort>();
	const split = new Map<string | null, Map<string | null, RetentionCohort>>();
	for (let i = 0; i < table.numRows; i++) {
		const key = cohort.get(i) as string | null;
		let rows = totals;
		if (!isTotal.get(i)) {
			const value = breakdown.get(i) as string | null;
			rows = split.get(value) ?? new Map();
			split.set(value, rows);
		}
		let row = rows.get(key);
		if (!row) {
			const n = num(size.get(i));
			const seen = num(observed.get(i));
			const values = Array.from({ length: spec.periods }, (_, k) => (k === 0 ? n : k < seen ? 0 : null));
			row = { cohort: key, size: n, values };
			rows.set(key, row);
		}
		const k = periodIndex.get(i) as number | null;
		if (k !== null && k > 0 && k < spec.periods) row.values[k] = num(users.get(i));
	}

	const result: RetentionResult = { period: spec.period, cohorts: [...totals.values()] };
	if (spec.breakdown && spec.cohortBy !== 'property')
		result.breakdowns = [...split].map(([value, rows]) => ({ value, cohorts: [...rows.values()] }));
	return result;
}
