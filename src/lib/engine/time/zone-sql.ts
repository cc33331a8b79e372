/**
 * Wall clock <-> UTC in SQL, from a zone's offset segments (zones.ts): a CASE over the segments turns UTC
 * into wall clock (`__local`) and wall clock into UTC (zone-less times).
 */
import { literal } from '../../sql/quote.ts';
import { checkSegments, type ZoneSegment } from './zones.ts';

const MIN_TIMESTAMP = "TIMESTAMP '0001-01-01 00:00:00'";
const MAX_TIMESTAMP = "TIMESTAMP '9999-12-31 23:59:59.999999'";

function timestampLiteral(ms: number): string {
	return literal(new Date(ms));
}

/**
 * A balanced nested CASE: `x` is compared with log2(n) thresholds per row instead of up to n. Returns
 * the value of the segment whose threshold is the last one at or before `x`.
 */
function bisectCase(x: string, thresholds: readonly number[], values: readonly number[]): string {
	if (values.every((v) => v === values[0])) return String(values[0]);
	const build = (lo: number, hi: number): string => {
		if (lo === hi) return String(values[lo]);
		const mid = Math.ceil((lo + hi) / 2);
		return `CASE WHEN ${x} < ${timestampLiteral(thresholds[mid])} THEN ${build(lo, mid - 1)} ELSE ${build(mid, hi)} END`;
	};
	return build(0, values.length - 1);
}

/**
 * `x` shifted by an offset in microseconds given as SQL (an integer literal or a CASE over integers).
 * Epoch arithmetic is about twice as fast as adding an INTERVAL. Times outside years 1 to 9999 (including
 * `infinity`, which TRY_CAST accepts) give NULL rather than an overflow error.
 */
function shiftSql(x: string, sign: '+' | '-', micros: string): string {
	if (micros === '0') return `CASE WHEN ${x} BETWEEN ${MIN_TIMESTAMP} AND ${MAX_TIMESTAMP} THEN ${x} END`;
	return (
		`CASE WHEN ${x} BETWEEN ${MIN_TIMESTAMP} AND ${MAX_TIMESTAMP} ` +
		`THEN make_timestamp(epoch_us(${x}) ${sign} ${micros}) END`
	);
}

/**
 * SQL for the wall clock (TIMESTAMP) of a UTC TIMESTAMP expression. `utcExpr` appears once per CASE level
 * (about log2(segments) + 1 times), so pass a column or a cheap expression; NULL stays NULL.
 */
export function utcToLocalSql(utcExpr: string, segs: readonly ZoneSegment[]): string {
	checkSegments(segs);
	const x = `CAST(${utcExpr} AS TIMESTAMP)`;
	return shiftSql(
		x,
		'+',
		bisectCase(
			x,
			segs.map((s) => s.fromMs),
			segs.map((s) => s.offsetSeconds * 1_000_000)
		)
	);
}

/**
 * SQL for the UTC instant (TIMESTAMP) of a wall-clock TIMESTAMP expression in the zone of `segs`.
 *
 * Wall-clock times that do not exist or exist twice around a change are resolved with the offset in force
 * just before the change (the rule of Temporal's and java.time's default "compatible" disambiguation, and
 * of Python's `fold=0`):
 * - in a gap (spring forward, New York 2025-03-09 02:30) the time moves forward by the gap's length:
 *   02:30 -> 07:30 UTC = 03:30 EDT. In pandas terms `nonexistent=pd.Timedelta(<gap>)`. We do not use
 *   `nonexistent='shift_forward'` (everything to 03:00:00), because that stacks all the events of the
 *   missing hour on one instant and loses their order and spacing, which sessions and funnels rely on.
 * - in an overlap (fall back, New York 2025-11-02 01:30) the earlier instant wins, the first time the clock
 *   showed it: 01:30 -> 05:30 UTC = 01:30 EDT. In pandas terms `ambiguous=True` (DST) on that day.
 * Like `utcToLocalSql`, `localExpr` is repeated once per CASE level.
 */
export function localToUtcSql(localExpr: string, segs: readonly ZoneSegment[]): string {
	checkSegments(segs);
	const x = `CAST(${localExpr} AS TIMESTAMP)`;
	// Segment i starts at wall clock T + max(previous offset, new offset): before that, the previous
	// offset applies, which covers the gap (new > previous) and the repeated hour (new < previous).
	const thresholds: number[] = [-Infinity];
	for (let i = 1; i < segs.length; i++) {
		const local = segs[i].fromMs + 1000 * Math.max(segs[i - 1].offsetSeconds, segs[i].offsetSeconds);
		thresholds.push(Math.max(local, thresholds[i - 1]));
	}
	return shiftSql(
		x,
		'-',
		bisectCase(
			x,
			thresholds,
			segs.map((s) => s.offsetSeconds * 1_000_000)
		)
	);
}
