/**
 * Independent references for the time zone tests: offsets and wall clocks straight from Intl, and the
 * published 2025 transitions of a few zones. Shares no code with src/lib/engine/time.
 */
import { intlWallClock } from './intl-wall-clock.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const ZONES = [
	'Europe/London',
	'America/New_York',
	'Australia/Sydney',
	'Asia/Kolkata',
	'America/St_Johns',
	'UTC'
];

/** Offset read from Intl's own offset name ("GMT+05:30"), a different path from the wall-clock parts. */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
export function intlOffsetSeconds(tz: string, ms: number): number {
	let f = offsetFormatters.get(tz);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' });
		offsetFormatters.set(tz, f);
	}
	const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')!.value;
	const m = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(name);
	if (!m) throw new Error(`Unexpected offset name ${name}`);
	if (!m[1]) return 0;
	const s = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
	return m[1] === '-' ? -s : s;
}

export const intlWall = (tz: string, ms: number) => intlWallClock(ms, tz);

/** A wall clock 'YYYY-MM-DD HH:MM:SS' read as if it were UTC, in ms. */
export function wallMs(wall: string): number {
	return Date.parse(wall.replace(' ', 'T') + 'Z');
}

/**
 * Reference wall clock -> UTC, from Intl only: try the offsets in force two days before and after; a wall
 * time valid under both is ambiguous (take the earlier instant), under neither is in a gap (take the
 * offset before the change).
 */
export function wallToUtcRef(tz: string, wall: string): number {
	const w = wallMs(wall);
	const before = intlOffsetSeconds(tz, w - 2 * DAY);
	const after = intlOffsetSeconds(tz, w + 2 * DAY);
	const valid = [...new Set([before, after])].filter((o) => intlWall(tz, w - o * 1000) === wall);
	if (valid.length === 0) return w - before * 1000;
	return w - Math.max(...valid) * 1000;
}

export function offsetFromSegments(segs: { fromMs: number; offsetSeconds: number }[], ms: number): number {
	let o = segs[0].offsetSeconds;
	for (const s of segs) if (s.fromMs <= ms) o = s.offsetSeconds;
	return o;
}

/** ISO with microseconds, as DuckDB's strftime with `ISO6` prints it. */
export function iso6(ms: number, extraMicros = 0): string {
	return new Date(ms).toISOString().replace(/Z$/, String(extraMicros).padStart(3, '0') + 'Z');
}

export const ISO6 = `'%Y-%m-%dT%H:%M:%S.%fZ'`;
export const WALL = `'%Y-%m-%d %H:%M:%S'`;

/** Known transitions, from the zones' published rules (hand-checked). */
export const KNOWN: Record<string, [string, number][]> = {
	'Europe/London': [
		['2025-03-30T01:00:00Z', 3600],
		['2025-10-26T01:00:00Z', 0]
	],
	'America/New_York': [
		['2025-03-09T07:00:00Z', -4 * 3600],
		['2025-11-02T06:00:00Z', -5 * 3600]
	],
	'Australia/Sydney': [
		['2025-04-05T16:00:00Z', 10 * 3600],
		['2025-10-04T16:00:00Z', 11 * 3600]
	],
	'America/St_Johns': [
		['2025-03-09T05:30:00Z', -2.5 * 3600],
		['2025-11-02T04:30:00Z', -3.5 * 3600]
	],
	'Asia/Kolkata': [],
	UTC: []
};
