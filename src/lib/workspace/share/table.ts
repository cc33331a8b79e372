/**
 * A carried result (suppress.ts shapes) as a plain table, for an imported workspace shown without its data:
 * the same numbers the analysis's own table shows, a blanked cell as null (drawn "fewer than k").
 */

/** Column titles and rows; a cell is text, a number, or null (blanked under k, or no value). */
export interface SharedTable {
	columns: string[];
	rows: (string | number | null)[][];
}

type Obj = Record<string, unknown>;

function trend(r: Obj): SharedTable {
	const series = r.series as {
		key: string | null;
		other?: true;
		points: { period: string; value: number | null }[];
	}[];
	const periods = series[0]?.points.map((p) => p.period) ?? [];
	const name = (s: (typeof series)[number]) =>
		s.other
			? 'Other'
			: s.key === null
				? series.length > 1
					? '(empty)'
					: r.measure === 'users'
						? 'Users'
						: 'Events'
				: s.key;
	return {
		columns: ['Period', ...series.map(name)],
		rows: periods.map((p, i) => [p, ...series.map((s) => s.points[i]?.value ?? null)])
	};
}

function retention(r: Obj): SharedTable {
	const cohorts = r.cohorts as { cohort: string | null; size: number | null; values: (number | null)[] }[];
	const n = Math.max(0, ...cohorts.map((c) => c.values.length));
	return {
		columns: ['Cohort', 'Users', ...Array.from({ length: n }, (_, i) => `${r.period} ${i}`)],
		rows: cohorts.map((c) => [
			c.cohort ?? '(empty)',
			c.size,
			...Array.from({ length: n }, (_, i) => c.values[i] ?? null)
		])
	};
}

function segment(r: Obj): SharedTable {
	return {
		columns: ['Users', 'Share of all users'],
		rows: [[r.users as number | null, r.share as number | null]]
	};
}

const TABLES: Record<string, (r: Obj) => SharedTable> = { trend, retention, segment };

/** The table of a carried result of `kind`, or null for a kind the file does not carry. */
export function sharedTable(kind: string, result: unknown): SharedTable | null {
	if (!Object.hasOwn(TABLES, kind) || typeof result !== 'object' || result === null) return null;
	return TABLES[kind](result as Obj);
}
