/**
 * Instants shown as the analyses bucket them: the wall clock in the dataset's time zone, with that zone named
 * (the report showed UTC beside "times shown in Europe/London"). Pure; zone rules from the browser's Intl.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-CA', {
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
	return f;
}

/**
 * `2010-12-01 08:26:00` for the ISO-8601 UTC instant `iso` (`2010-12-01T08:26:00.000Z`) in `timeZone` (an IANA
 * name); `—` for null. An instant Intl cannot show (outside its range, an unknown zone) is shown in UTC with
 * `UTC` after it, never dropped.
 */
export function wallTime(iso: string | null, timeZone: string): string {
	if (!iso) return '—';
	const ms = Date.parse(iso);
	try {
		if (!Number.isFinite(ms)) throw new RangeError(iso);
		const p = Object.fromEntries(
			formatter(timeZone)
				.formatToParts(ms)
				.map((x) => [x.type, x.value])
		);
		return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
	} catch {
		return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
	}
}
