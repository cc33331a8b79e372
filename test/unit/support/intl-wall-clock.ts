const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Wall clock `YYYY-MM-DD HH:MM:SS` of an instant in an IANA zone, straight from Intl: the independent
 * reference the time zone tests compare Footfall's own zone code with.
 */
export function intlWallClock(ms: number, timeZone: string): string {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(timeZone, f);
	}
	const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
	return `${p.year.padStart(4, '0')}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The same wall clock read as if it were UTC, in ms, keeping the instant's milliseconds. */
export function intlWallClockMs(ms: number, timeZone: string): number {
	return Date.parse(intlWallClock(ms, timeZone).replace(' ', 'T') + 'Z') + (ms % 1000);
}
