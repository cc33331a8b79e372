import type { RetentionCohort, RetentionResult } from './spec.ts';

/** Share of the cohort retained in each period; null stays null (unobserved). */
export function shares(c: RetentionCohort): (number | null)[] {
	return c.values.map((v) => (v == null || c.size === 0 ? null : v / c.size));
}

/**
 * Mean retention per period across cohorts, weighted by cohort size: Σ retained / Σ size over the cohorts
 * that have observed that period (so young cohorts do not drag late periods to zero).
 */
export function meanCurve(cohorts: RetentionCohort[], periods: number): (number | null)[] {
	const out: (number | null)[] = [];
	for (let k = 0; k < periods; k++) {
		let retained = 0;
		let size = 0;
		for (const c of cohorts) {
			const v = c.values[k];
			if (v == null) continue;
			retained += v;
			size += c.size;
		}
		out.push(size === 0 ? null : retained / size);
	}
	return out;
}

/** Retention at period n for each cohort, in cohort order: how "week 1 retention" moves over time. */
export function periodTrend(
	cohorts: RetentionCohort[],
	n: number
): { cohort: string; share: number | null }[] {
	return cohorts.map((c) => ({
		cohort: c.cohort ?? '(none)',
		share: c.values[n] == null || c.size === 0 ? null : (c.values[n] as number) / c.size
	}));
}

export function periodLabel(period: RetentionResult['period'], k: number): string {
	const unit = period === 'day' ? 'Day' : period === 'week' ? 'Week' : 'Month';
	return `${unit} ${k}`;
}

/** The table as exported: one row per cohort (and breakdown value), counts then shares. */
export function retentionCsvRows(
	result: RetentionResult,
	periods: number
): { header: string[]; rows: unknown[][] } {
	const header = ['breakdown', 'cohort', 'size'];
	for (let k = 0; k < periods; k++) header.push(`${result.period}_${k}`);
	for (let k = 0; k < periods; k++) header.push(`${result.period}_${k}_pct`);
	const rows: unknown[][] = [];
	const add = (value: string | null, cohorts: RetentionCohort[]) => {
		for (const c of cohorts) {
			const s = shares(c);
			rows.push([
				value ?? '',
				c.cohort ?? '',
				c.size,
				...c.values.map((v) => (v == null ? '' : v)),
				...s.map((x) => (x == null ? '' : Math.round(x * 10000) / 100))
			]);
		}
	};
	if (result.breakdowns) for (const b of result.breakdowns) add(b.value, b.cohorts);
	else add(null, result.cohorts);
	return { header, rows };
}
