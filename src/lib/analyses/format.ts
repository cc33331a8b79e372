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
