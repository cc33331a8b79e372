/**
 * Time parsing and time zones without ICU. DuckDB-WASM here has no ICU extension, so every zone rule is
 * looked up with `Intl` in JavaScript and written into SQL as plain arithmetic on `TIMESTAMP` values:
 * a zone becomes a short list of UTC offset segments, and UTC <-> wall clock becomes a CASE over them.
 *
 * Ingest uses it in three steps: `detectTimeFormat` on the loaded table, `naiveTimeSql` to find the data's
 * time range, `zoneSegments` over that range, then `utcTimeSql` (-> `__time`) and `utcToLocalSql`
 * (-> `__local`) in one CREATE TABLE ... AS SELECT.
 */
import type { Duck } from './duck.ts';
import type { TimeUnit } from '../spec/types.ts';
import { ident, literal } from '../sql/quote.ts';

export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

/**
 * How a time column is written. `epoch.unit` may be `ns` (only ever chosen by `auto` on nanosecond
 * magnitudes; the spec's `timeUnit` has no `ns`). `text.unit` fixes the unit of numeric-looking values in
 * a text column; without it each such value's magnitude decides.
 */
export type TimeFormat =
	| { kind: 'timestamp' }
	| { kind: 'timestamptz' }
	| { kind: 'epoch'; unit: EpochUnit }
	| { kind: 'yyyymmdd' }
	| { kind: 'date' }
	| { kind: 'text'; unit?: EpochUnit };

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
/** DuckDB TIMESTAMP values beyond year 9999 print oddly and are never real event times. */
const MAX_MICROS = '253402300799999999';
const MIN_TIMESTAMP = "TIMESTAMP '0001-01-01 00:00:00'";
const MAX_TIMESTAMP = "TIMESTAMP '9999-12-31 23:59:59.999999'";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
	let f = formatters.get(tz);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: tz,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		formatters.set(tz, f);
	}
	return f;
}

export function isValidTimeZone(tz: string): boolean {
	if (typeof tz !== 'string' || tz.trim() === '') return false;
	try {
		formatterFor(tz);
		return true;
	} catch {
		return false;
	}
}

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
	if (!isValidTimeZone(tz)) throw new Error(`Unknown time zone: ${tz}`);
	if (!Number.isFinite(fromUtcMs) || !Number.isFinite(toUtcMs))
		throw new Error('The time range must be finite');
	const f = formatterFor(tz);
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

function checkSegments(segs: readonly ZoneSegment[]): void {
	if (segs.length === 0) throw new Error('At least one zone segment is needed');
	for (let i = 0; i < segs.length; i++) {
		if (!Number.isInteger(segs[i].offsetSeconds)) throw new Error('Zone offsets must be whole seconds');
		if (i > 0 && !(Number.isFinite(segs[i].fromMs) && segs[i].fromMs > segs[i - 1].fromMs)) {
			throw new Error('Zone segments must be in increasing time order');
		}
	}
}

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

/** Upper bounds (exclusive) of |value| per unit: 1e11 s is the year 5138, and so on by factors of 1000. */
const MAGNITUDE = { s: '1e11', ms: '1e14', us: '1e17' } as const;

const SCALE: Record<EpochUnit, string> = { s: ' * 1000000', ms: ' * 1000', us: '', ns: ' / 1000' };

/** Microseconds since the epoch (DOUBLE SQL) for a numeric value, by unit or, without one, by magnitude. */
function epochMicrosSql(v: string, unit: EpochUnit | undefined): string {
	if (unit) return `${v}${SCALE[unit]}`;
	return (
		`CASE WHEN abs(${v}) < ${MAGNITUDE.s} THEN ${v}${SCALE.s} WHEN abs(${v}) < ${MAGNITUDE.ms} ` +
		`THEN ${v}${SCALE.ms} WHEN abs(${v}) < ${MAGNITUDE.us} THEN ${v} ELSE ${v}${SCALE.ns} END`
	);
}

/**
 * TIMESTAMP from a numeric (or numeric text) SQL value in epoch units; NULL for NaN, infinities and years
 * past 9999. Seconds and milliseconds go through DOUBLE and are rounded to the microsecond (a decimal
 * fraction such as .123456 s is not exact in binary); nanoseconds are truncated in integer arithmetic,
 * since a DOUBLE cannot hold 19 digits.
 */
function epochSql(col: string, unit: EpochUnit | undefined): string {
	const v = `TRY_CAST(${col} AS DOUBLE)`;
	if (unit === 'ns') {
		const micros = `COALESCE(TRY_CAST(${col} AS HUGEINT) // 1000, round(${v} / 1000))`;
		return `CASE WHEN abs(${v}) <= ${MAX_MICROS}e3 THEN make_timestamp(CAST(${micros} AS BIGINT)) END`;
	}
	const us = `(${epochMicrosSql(v, unit)})`;
	return `CASE WHEN abs(${us}) <= ${MAX_MICROS} THEN make_timestamp(CAST(round(${us}) AS BIGINT)) END`;
}

export function unitForMagnitude(absValue: number): EpochUnit {
	if (absValue < 1e11) return 's';
	if (absValue < 1e14) return 'ms';
	if (absValue < 1e17) return 'us';
	return 'ns';
}

function yyyymmddSql(col: string): string {
	const n = `TRY_CAST(${col} AS BIGINT)`;
	return `CASE WHEN ${n} BETWEEN 10000101 AND 99991231 THEN TRY_STRPTIME(CAST(${n} AS VARCHAR), '%Y%m%d') END`;
}

/**
 * The end of a zoned time: `Z`, `UTC`, `GMT` or an offset `+02`, `+0200`, `+02:00`. Only tested on text
 * with a `:`, so the `-01` that ends a bare date is not taken for an offset.
 */
const ZONE_SUFFIX_RE = String.raw`(?i)(z|utc|gmt|[+-]\d\d(:?\d\d(:?\d\d)?)?)\s*$`;
const NUMBER_RE = String.raw`\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*`;

/** Zoned text as UTC: DuckDB's own parser first, then a normalised spelling for what it refuses. */
function zonedTextSql(s: string): string {
	let n = `upper(trim(${s}))`;
	n = `regexp_replace(${n}, '\\s*(Z|UTC|GMT)$', '+00:00')`;
	n = `regexp_replace(${n}, '\\s*(UTC|GMT)\\s*([+-])', '\\2')`;
	n = `regexp_replace(${n}, '([T ]\\d{1,2}:\\d\\d)\\s*([+-]\\d)', '\\1:00\\2')`;
	n = `regexp_replace(${n}, '(\\d)\\s+([+-]\\d)', '\\1\\2')`;
	return `CAST(COALESCE(TRY_CAST(${s} AS TIMESTAMPTZ), TRY_CAST(${n} AS TIMESTAMPTZ)) AS TIMESTAMP)`;
}

/**
 * Text parsed value by value. `toUtc` turns a wall-clock TIMESTAMP SQL into the result: the identity for
 * the naive time, `localToUtcSql` for the UTC time. The cheap tests come first: a failing
 * `TRY_CAST(... AS DOUBLE)` costs more than parsing a timestamp, and `trim` copies every string.
 */
function textSql(col: string, unit: EpochUnit | undefined, toUtc: (wall: string) => string): string {
	const s = `CAST(${col} AS VARCHAR)`;
	const ymd = `TRY_STRPTIME(trim(${s}), '%Y%m%d')`;
	return (
		`CASE WHEN contains(${s}, ':') THEN ` +
		`CASE WHEN regexp_matches(${s}, ${literal(ZONE_SUFFIX_RE)}) THEN ${zonedTextSql(s)} ` +
		`ELSE ${toUtc(`TRY_CAST(${s} AS TIMESTAMP)`)} END ` +
		`WHEN regexp_full_match(${s}, '\\s*\\d{8}\\s*') AND ${ymd} IS NOT NULL THEN ${toUtc(ymd)} ` +
		`WHEN regexp_full_match(${s}, ${literal(NUMBER_RE)}) THEN ${epochSql(s, unit)} ` +
		`ELSE ${toUtc(`TRY_CAST(${s} AS TIMESTAMP)`)} END`
	);
}

function timeSql(col: string, fmt: TimeFormat, toUtc: (wall: string) => string): string {
	const c = `(${col})`;
	switch (fmt.kind) {
		case 'timestamp':
		case 'date':
			return toUtc(`TRY_CAST(${c} AS TIMESTAMP)`);
		case 'timestamptz':
			// Without ICU the cast is a plain reinterpretation of the UTC instant; text goes through TIMESTAMPTZ
			// first, since text cast straight to TIMESTAMP drops its offset.
			return `TRY_CAST(TRY_CAST(${c} AS TIMESTAMPTZ) AS TIMESTAMP)`;
		case 'epoch':
			return epochSql(c, fmt.unit);
		case 'yyyymmdd':
			return toUtc(yyyymmddSql(c));
		case 'text':
			return textSql(c, fmt.unit, toUtc);
	}
}

/**
 * A TIMESTAMP for finding the data's time range: UTC for zoned and epoch values, wall clock for zoneless
 * ones; NULL when unparseable. Never raises an error.
 */
export function naiveTimeSql(colExpr: string, fmt: TimeFormat): string {
	return timeSql(colExpr, fmt, (wall) => wall);
}

/**
 * The UTC instant as TIMESTAMP: zoned values by their own offset, epochs by unit (microseconds kept),
 * zoneless values (TIMESTAMP and DATE columns, zoneless text, YYYYMMDD) as wall clock in the zone of
 * `segs`. NULL when unparseable (`2025-13-45`, `hello`); never raises an error.
 */
export function utcTimeSql(colExpr: string, fmt: TimeFormat, segs: readonly ZoneSegment[]): string {
	checkSegments(segs);
	return timeSql(colExpr, fmt, (wall) => localToUtcSql(wall, segs));
}

const NUMERIC_TYPE =
	/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL)/;
const SAMPLE_ROWS = 10_000;

interface SampleStats {
	total: number;
	zoned: number;
	numeric: number;
	ymd: number;
	dated: number;
	medianAbs: number | null;
}

/**
 * Decides how a column's times are written from its DuckDB type and a sample of its non-null values.
 * Numbers (and text that is only numbers): with an explicit `unit`, epochs in that unit; with `auto`,
 * YYYYMMDD when every sampled value is a valid date from 1900-01-01 to 2100-12-31, else epochs whose
 * unit the median magnitude decides (s ~ 1e9, ms ~ 1e12, us ~ 1e15, ns ~ 1e18). Other text is parsed
 * value by value.
 */
export function detectTimeFormat(duck: Duck, table: string, column: string, unit: TimeUnit): TimeFormat {
	const col = ident(column);
	const [desc] = duck.rows<{ column_type: string }>(`DESCRIBE SELECT ${col} FROM ${ident(table)}`);
	if (!desc) throw new Error(`No column ${column} in ${table}`);
	const type = desc.column_type.toUpperCase();
	if (type.startsWith('TIMESTAMP WITH TIME ZONE') || type === 'TIMESTAMPTZ') return { kind: 'timestamptz' };
	if (type.startsWith('TIMESTAMP')) return { kind: 'timestamp' };
	if (type === 'DATE') return { kind: 'date' };
	const numericType = NUMERIC_TYPE.test(type);
	if (!numericType && type !== 'VARCHAR') return { kind: 'text', ...(unit === 'auto' ? {} : { unit }) };

	const t = `trim(CAST(${col} AS VARCHAR))`;
	const v = `CASE WHEN isfinite(TRY_CAST(${t} AS DOUBLE)) THEN TRY_CAST(${t} AS DOUBLE) END`;
	const [stats] = duck.rows<SampleStats>(`
		WITH sample AS (
			SELECT ${t} AS t, ${v} AS v
			FROM (SELECT ${col} FROM ${ident(table)} WHERE ${col} IS NOT NULL)
			USING SAMPLE reservoir(${SAMPLE_ROWS} ROWS) REPEATABLE (7)
		)
		SELECT
			count(*)::INTEGER AS total,
			count(*) FILTER (WHERE v IS NULL AND TRY_CAST(t AS TIMESTAMPTZ) IS NOT NULL
				AND contains(t, ':') AND regexp_matches(t, ${literal(ZONE_SUFFIX_RE)}))::INTEGER AS zoned,
			count(v)::INTEGER AS numeric,
			count(*) FILTER (WHERE v = floor(v) AND v BETWEEN 19000101 AND 21001231
				AND TRY_STRPTIME(CAST(CAST(v AS BIGINT) AS VARCHAR), '%Y%m%d') IS NOT NULL)::INTEGER AS ymd,
			count(*) FILTER (WHERE v IS NULL AND (TRY_CAST(t AS TIMESTAMP) IS NOT NULL
				OR TRY_CAST(t AS TIMESTAMPTZ) IS NOT NULL))::INTEGER AS dated,
			median(abs(v))::DOUBLE AS "medianAbs"
		FROM sample`);

	const numbers = numericType || (stats.numeric > 0 && stats.dated === 0);
	if (!numbers) {
		// Delimited text arrives as VARCHAR: ISO times all with a zone, or all without, are cast whole (about
		// ten times faster than parsing value by value).
		if (unit === 'auto' && stats.total > 0 && stats.dated === stats.total) {
			if (stats.zoned === stats.total) return { kind: 'timestamptz' };
			if (stats.zoned === 0) return { kind: 'timestamp' };
		}
		return { kind: 'text', ...(unit === 'auto' ? {} : { unit }) };
	}
	if (unit !== 'auto') return { kind: 'epoch', unit };
	if (stats.numeric > 0 && stats.ymd === stats.numeric) return { kind: 'yyyymmdd' };
	return { kind: 'epoch', unit: unitForMagnitude(stats.medianAbs ?? 0) };
}
