import type { RetentionCohort, RetentionResult, RetentionSpec } from './spec.ts';
import {
	addPeriods,
	isLastDayOfPeriod,
	localDay,
	periodsBetween,
	periodStart,
	periodsSpanned,
	wallClockMs
} from '../../spec/calendar.ts';
import type { WeekStart } from '../../spec/types.ts';

/** The cohorts of one breakdown value (its text, "(none)" for empty), or of all users when null. */
export function cohortsShown(result: RetentionResult, breakdown: string | null): RetentionCohort[] {
	if (result.breakdowns && breakdown !== null)
		return result.breakdowns.find((b) => (b.value ?? '(none)') === breakdown)?.cohorts ?? result.cohorts;
	return result.cohorts;
}

/** Share of the cohort retained in each period; null stays null (unobserved). */
export function shares(c: RetentionCohort): (number | null)[] {
	return c.values.map((v) => (v == null || c.size === 0 ? null : v / c.size));
}

/**
 * Mean retention per period across cohorts, weighted by cohort size: Σ retained / Σ size over the cohorts
 * that have observed that period (so young cohorts do not drag late periods to zero). With `incomplete`,
 * a cohort's periods from that index on (still running when the data ends) are left out too, as PostHog
 * leaves out its incomplete periods.
 */
export function meanCurve(
	cohorts: RetentionCohort[],
	periods: number,
	incomplete: (c: RetentionCohort) => number | null = () => null
): (number | null)[] {
	const out: (number | null)[] = [];
	const cuts = cohorts.map(incomplete);
	for (let k = 0; k < periods; k++) {
		let retained = 0;
		let size = 0;
		for (const [i, c] of cohorts.entries()) {
			const v = c.values[k];
			const cut = cuts[i];
			if (v == null || (cut !== null && k >= cut)) continue;
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

/** What the screen knows of the data's end, to tell which periods were still running when it ended. */
export interface DataEnd {
	/** The last event time, ISO-8601 UTC. */
	lastTime: string;
	timezone: string;
	weekStart: WeekStart;
}

const ROLLING_MS = { day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000 } as const;

/**
 * The first period of a cohort row that had not ended when the data ends (its count can only grow with
 * more data), or null when every shown period is complete or the row is not a calendar cohort. Calendar
 * window: the period holding the last event's day, unless that day is the period's last. Rolling window:
 * the first k whose window, t0 + (k+1)·L, ends after the last event for the cohort's latest possible start
 * (the end of its calendar period), so a period is complete only once it is complete for every member.
 */
export function incompleteFrom(
	cohort: RetentionCohort,
	spec: Pick<RetentionSpec, 'period' | 'window' | 'cohortBy'>,
	end: DataEnd
): number | null {
	if (spec.cohortBy === 'property' || !cohort.cohort || !/^\d{4}-\d{2}-\d{2}$/.test(cohort.cohort))
		return null;
	const observed = cohort.values.filter((v) => v !== null).length;
	let k: number;
	if (spec.window === 'rolling') {
		const latestStart = Date.parse(`${addPeriods(cohort.cohort, 1, spec.period)}T00:00:00Z`);
		// Both sides as wall clocks read as UTC: off by at most a clock change's hour.
		const last = wallClockMs(end.lastTime, end.timezone);
		k = Math.max(0, Math.floor((last - latestStart) / ROLLING_MS[spec.period]));
	} else {
		const lastDay = localDay(end.lastTime, end.timezone);
		const lastPeriod = periodStart(lastDay, spec.period, end.weekStart);
		k = periodsBetween(cohort.cohort, lastPeriod, spec.period);
		if (isLastDayOfPeriod(lastDay, lastPeriod, spec.period)) k += 1;
	}
	return k < observed ? Math.max(k, 0) : null;
}

/** At most this many periods by default: a wider triangle is no longer readable. */
const DEFAULT_PERIODS_CAP = { day: 60, week: 53, month: 36 } as const;

/**
 * Periods shown by default: as many as the data spans from its first to its last event (Online Retail's
 * Dec 2010 to Dec 2011 is the classic 13-column monthly triangle), at least 2, at most a readable cap.
 */
export function defaultPeriods(
	data: { firstTime: string | null; lastTime: string | null },
	period: RetentionSpec['period'],
	calendar: { timezone: string; weekStart: WeekStart }
): number {
	if (!data.firstTime || !data.lastTime) return 12;
	const first = localDay(data.firstTime, calendar.timezone);
	const last = localDay(data.lastTime, calendar.timezone);
	const span = periodsSpanned(first, last, period, calendar.weekStart);
	return Math.max(2, Math.min(DEFAULT_PERIODS_CAP[period], span));
}
