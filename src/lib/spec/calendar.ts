/**
 * Calendar days and periods in JavaScript, for what the UI shows around results (how many periods the data
 * spans, which period is still running). Days are `YYYY-MM-DD` wall-clock dates in the dataset's time zone
 * (read with Intl); weeks start on `weekStart`. The SQL counterpart is src/lib/sql/periods.ts.
 */
import { DATASET_DEFAULTS } from './defaults.ts';
import type { Period, WeekStart } from './types.ts';

const DAY_MS = 86_400_000;
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date (`YYYY-MM-DD`) of an instant (ISO-8601 or ms since the epoch) in an IANA zone. */
export function localDay(instant: string | number, timeZone: string): string {
	let f = dayFormats.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
		dayFormats.set(timeZone, f);
	}
	const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
	return `${p.year}-${p.month}-${p.day}`;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The formatter of wall clocks in an IANA zone (en-US, 24-hour, numeric year to second: `1/6/2025, 10:00:00`),
 * cached per zone. Throws RangeError for a zone Intl does not know.
 */
export function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
	let f = wallFormats.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		wallFormats.set(timeZone, f);
	}
	return f;
}

/** The wall clock of an instant in an IANA zone, read as if it were UTC, in ms (for wall-clock arithmetic). */
export function wallClockMs(instant: string | number, timeZone: string): number {
	const d = new Date(instant);
	const p = Object.fromEntries(
		wallClockFormat(timeZone)
			.formatToParts(d)
			.map((x) => [x.type, Number(x.value)])
	);
	return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, d.getUTCMilliseconds());
}

const asUtc = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The day `n` days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
	return toDay(asUtc(day) + n * DAY_MS);
}

/** The first day of the calendar period holding `day`. */
export function periodStart(
	day: string,
	period: Period,
	weekStart: WeekStart = DATASET_DEFAULTS.weekStart
): string {
	if (period === 'day') return day;
	if (period === 'month') return `${day.slice(0, 7)}-01`;
	const ms = asUtc(day);
	const weekday = new Date(ms).getUTCDay(); // 0 = Sunday
	const back = weekStart === 'monday' ? (weekday + 6) % 7 : weekday;
	return toDay(ms - back * DAY_MS);
}

/** The same date `n` months later (earlier for negative n), clamped to the month's last day (Mar 31 − 1 = Feb 28). */
export function addMonths(day: string, n: number): string {
	const [y, m, d] = day.split('-').map(Number);
	const first = new Date(Date.UTC(y, m - 1 + n, 1));
	const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
	return toDay(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last)));
}

/** The first day of the period `k` periods after the period starting on `start` (k may be negative). */
export function addPeriods(start: string, k: number, period: Period): string {
	if (period === 'month') {
		const d = new Date(asUtc(start));
		d.setUTCMonth(d.getUTCMonth() + k);
		return toDay(d.getTime());
	}
	return toDay(asUtc(start) + k * (period === 'week' ? 7 : 1) * DAY_MS);
}

/** Whole periods from the period starting on `a` to the one starting on `b` (b at or after a). */
export function periodsBetween(a: string, b: string, period: Period): number {
	if (period === 'month') {
		return (
			(Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7))
		);
	}
	return Math.round((asUtc(b) - asUtc(a)) / DAY_MS / (period === 'week' ? 7 : 1));
}

/** How many calendar periods the days from `firstDay` to `lastDay` touch (both included). */
export function periodsSpanned(
	firstDay: string,
	lastDay: string,
	period: Period,
	weekStart: WeekStart
): number {
	return (
		periodsBetween(
			periodStart(firstDay, period, weekStart),
			periodStart(lastDay, period, weekStart),
			period
		) + 1
	);
}

/** True when `day` is the last day of the calendar period that starts on `start`. */
export function isLastDayOfPeriod(day: string, start: string, period: Period): boolean {
	return addPeriods(start, 1, period) === toDay(asUtc(day) + DAY_MS);
}
