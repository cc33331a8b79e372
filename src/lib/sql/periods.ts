/**
 * Calendar and rolling periods in SQL, shared by every analysis that buckets time (SEMANTICS §2, §6, §10).
 * Calendar periods bucket a wall-clock TIMESTAMP (`events.__local`, the dataset's time zone); weeks start on
 * the dataset's `weekStart`.
 */
import type { Period, WeekStart } from '../spec/types.ts';

/** Rolling period lengths in microseconds: 24 h, 7 × 24 h, 30 × 24 h (SEMANTICS §2). */
export const ROLLING_PERIOD_MICROS: Record<Period, number> = {
	day: 86_400_000_000,
	week: 7 * 86_400_000_000,
	month: 30 * 86_400_000_000
};

/** The calendar period (a DATE, its first day) holding a wall-clock TIMESTAMP expression. */
export function calendarBucketSql(x: string, period: Period, weekStart: WeekStart): string {
	const d = `CAST(${x} AS DATE)`;
	switch (period) {
		case 'day':
			return d;
		case 'month':
			return `CAST(date_trunc('month', ${d}) AS DATE)`;
		case 'week':
			// date_trunc('week') is ISO (Monday). A Sunday week is the ISO week of the next day, moved back one day.
			return weekStart === 'monday'
				? `CAST(date_trunc('week', ${d}) AS DATE)`
				: `(CAST(date_trunc('week', ${d} + 1) AS DATE) - 1)`;
	}
}

/** How many whole periods bucket `b` lies after bucket `a` (both first days of periods, b >= a). */
export function calendarIndexSql(a: string, b: string, period: Period): string {
	switch (period) {
		case 'day':
			return `date_diff('day', ${a}, ${b})`;
		case 'week':
			return `(date_diff('day', ${a}, ${b}) // 7)`;
		case 'month':
			return `date_diff('month', ${a}, ${b})`;
	}
}

/** The first day of the period k periods after bucket `a`. */
export function calendarAddSql(a: string, k: string, period: Period): string {
	switch (period) {
		case 'day':
			return `(${a} + CAST(${k} AS INTEGER))`;
		case 'week':
			return `(${a} + CAST(7 * ${k} AS INTEGER))`;
		case 'month':
			return `CAST(${a} + to_months(CAST(${k} AS INTEGER)) AS DATE)`;
	}
}
