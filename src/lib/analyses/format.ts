/**
 * How a result's numbers read on screen, the same in a chart, its strip and its table (pure). Exports keep
 * the exact numbers; these are for people.
 */

/** A share 0..1 as a percentage with one decimal, as the charts label it: 0.3671 → "36.7%". */
export function percentText(share: number): string {
	return `${(share * 100).toFixed(1)}%`;
}

const UNITS: readonly [seconds: number, name: string][] = [
	[86_400, 'd'],
	[3600, 'h'],
	[60, 'min'],
	[1, 's']
];

/**
 * A duration in seconds in its two largest units, rounded to the smaller one: 45 → "45 s", 90 → "1 min 30 s",
 * 7500 → "2 h 5 min", 7200 → "2 h", 273_600 → "3 d 4 h". Rounding carries (86_399 → "1 d"), so a value never
 * reads as "60 min" or "24 h". Below half a second it reads "0 s".
 */
export function secondsText(seconds: number): string {
	for (let i = 0; i < UNITS.length - 1; i++) {
		const [unit, name] = UNITS[i];
		const [next, nextName] = UNITS[i + 1];
		const rounded = Math.round(seconds / next) * next;
		if (rounded < unit) continue;
		const whole = Math.floor(rounded / unit);
		const rest = Math.round((rounded - whole * unit) / next);
		return rest ? `${whole} ${name} ${rest} ${nextName}` : `${whole} ${name}`;
	}
	return `${Math.round(seconds)} s`;
}

/**
 * True when the data's times are dates only: the report found every time at midnight (`datesOnly`), or the
 * time column is written as dates (a DATE column, YYYYMMDD numbers as CDNOW's 19970101). A duration of 0 s
 * then means "the same day", not "at once": durations are shown in days (`elapsedText`) and a session's
 * length, which needs a time of day, is not shown at all. PostHog does not say (its events always carry a
 * time of day).
 */
export function datesOnly(report: { datesOnly?: boolean; timeFormat: { kind: string } | null }): boolean {
	const kind = report.timeFormat?.kind;
	return report.datesOnly === true || kind === 'date' || kind === 'yyyymmdd';
}

/**
 * A duration between times that are dates only, in days to one decimal: 0 → "same day", 86_400 → "1 d",
 * 129_600 → "1.5 d" (medians interpolate), 82_800 (a 23-hour day across a clock change) → "1 d".
 */
export function daysText(seconds: number): string {
	const days = Math.round(seconds / 8640) / 10;
	return days === 0 ? 'same day' : `${days} d`;
}

/** A duration as `secondsText` puts it, or in days (`daysText`) when the data has dates only. */
export function elapsedText(seconds: number, onlyDates: boolean): string {
	return onlyDates ? daysText(seconds) : secondsText(seconds);
}
