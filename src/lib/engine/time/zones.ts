/**
 * Time zones without ICU: DuckDB-WASM here has no ICU extension, so every zone rule is looked up with `Intl`
 * in JavaScript and turned into a short list of UTC offset segments, which zone-sql.ts writes into SQL as
 * plain arithmetic on `TIMESTAMP` values.
 */
import { wallClockFormat } from '../../spec/calendar.ts';
import { isTimeZone } from '../../spec/check.ts';

/** From `fromMs` (UTC, whole seconds) on, wall clock = UTC + `offsetSeconds`, until the next segment. */
export interface ZoneSegment {
	fromMs: number;
	offsetSeconds: number;
}

const DAY_MS = 86_400_000;
/** Sampling is limited to these years so a stray epoch 0 or year 9999 cannot make Intl run for minutes. */
const SAMPLE_MIN_MS = Date.UTC(1900, 0, 1);
const SAMPLE_MAX_MS = Date.UTC(2200, 0, 1);
/** The naive range ingest passes may be wall clock; no zone is more than a day off UTC. */
const PAD_MS = 2 * DAY_MS;

const WALL_RE = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)$/;

/**
 * UTC offset in seconds at a whole second (`sec` seconds since the epoch), read from Intl's wall clock.
 * `format` and a regular expression are four times faster than `formatToParts`, which matters when a
 * stray date stretches the range over centuries; `formatToParts` stays as the fallback should an engine
 * spell en-US dates differently.
 */
function offsetAt(f: Intl.DateTimeFormat, sec: number): number {
	const m = WALL_RE.exec(f.format(sec * 1000));
	let y: number, mo: number, d: number, h: number, mi: number, se: number;
	if (m) {
		[mo, d, y, h, mi, se] = m.slice(1).map(Number);
	} else {
		const p: Record<string, number> = {};
		for (const part of f.formatToParts(sec * 1000)) p[part.type] = Number(part.value);
		[y, mo, d, h, mi, se] = [p.year, p.month, p.day, p.hour, p.minute, p.second];
	}
	return Date.UTC(y, mo - 1, d, h, mi, se) / 1000 - sec;
}

/**
 * The UTC offsets of `tz` in force over [fromUtcMs, toUtcMs] (padded by two days each side, so the
 * naive range of zoneless data is enough). Offsets are sampled daily and each change is then located to
 * the exact second by bisection; two changes that cancel out within one day would be missed. Sampling
 * stays within 1900-2200. The first segment's `fromMs` is `-Infinity`: its offset also covers every
 * earlier instant, as the last segment's covers every later one.
 */
export function zoneSegments(tz: string, fromUtcMs: number, toUtcMs: number): ZoneSegment[] {
	if (!isTimeZone(tz)) throw new Error(`Unknown time zone: ${tz}`);
	if (!Number.isFinite(fromUtcMs) || !Number.isFinite(toUtcMs))
		throw new Error('The time range must be finite');
	const f = wallClockFormat(tz);
	const clamp = (ms: number) => Math.min(SAMPLE_MAX_MS, Math.max(SAMPLE_MIN_MS, ms));
	const start = Math.floor(clamp(Math.min(fromUtcMs, toUtcMs) - PAD_MS) / 1000);
	const end = Math.ceil(clamp(Math.max(fromUtcMs, toUtcMs) + PAD_MS) / 1000);
	const step = DAY_MS / 1000;

	let current = offsetAt(f, start);
	const segments: ZoneSegment[] = [{ fromMs: -Infinity, offsetSeconds: current }];
	for (let a = start; a < end; a += step) {
		const b = Math.min(a + step, end);
		const atB = offsetAt(f, b);
		let lo = a;
		while (atB !== current) {
			// Invariant: the offset at `lo` is `current`, at `hi` it differs; find the first second that differs.
			let hi = b;
			while (hi - lo > 1) {
				const mid = Math.floor((lo + hi) / 2);
				if (offsetAt(f, mid) === current) lo = mid;
				else hi = mid;
			}
			current = offsetAt(f, hi);
			segments.push({ fromMs: hi * 1000, offsetSeconds: current });
			lo = hi;
		}
	}
	return segments;
}

/** Throws unless `segs` is a non-empty list of whole-second offsets in increasing time order. */
export function checkSegments(segs: readonly ZoneSegment[]): void {
	if (segs.length === 0) throw new Error('At least one zone segment is needed');
	for (let i = 0; i < segs.length; i++) {
		if (!Number.isInteger(segs[i].offsetSeconds)) throw new Error('Zone offsets must be whole seconds');
		if (i > 0 && !(Number.isFinite(segs[i].fromMs) && segs[i].fromMs > segs[i - 1].fromMs)) {
			throw new Error('Zone segments must be in increasing time order');
		}
	}
}
