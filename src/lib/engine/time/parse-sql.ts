/**
 * SQL that reads a time column into a UTC `TIMESTAMP`, value by value, in the one read of every row. Never
 * raises an error: a value that fits no reading gives NULL (ingest then rejects that row, with the reason
 * from reasons.ts).
 *
 * DuckDB does not share a repeated subexpression inside a CASE, so a value used several times there (a
 * parsed wall clock shifted by a CASE over zone segments, the fields of a day/month date) is bound once
 * with a one-element lambda (`bindSql`): about four times faster than repeating it.
 */
import { literal } from '../../sql/quote.ts';
import {
	DAY_MONTH_GROUPS,
	DAY_MONTH_RE,
	MAGNITUDE,
	MAGNITUDE_WINDOW_US,
	NUMBER_RE,
	TWO_DIGIT_PIVOT,
	numberReading,
	YMD_MAX,
	YMD_MIN,
	type EpochUnit,
	type TimeFormat
} from './format.ts';
import { localToUtcSql } from './zone-sql.ts';
import { checkSegments, type ZoneSegment } from './zones.ts';

/** DuckDB TIMESTAMP values beyond year 9999 print oddly and are never real event times. */
const MAX_MICROS = '253402300799999999';

/** `body(name)` with `name` bound to the value of `valueSql`, evaluated once per row. */
export function bindSql(valueSql: string, name: string, body: (name: string) => string): string {
	return `list_transform([${valueSql}], lambda ${name}: ${body(name)})[1]`;
}

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
 * past 9999, and by magnitude (no unit) outside `MAGNITUDE_WINDOW_US`. Seconds and milliseconds go through DOUBLE and are rounded to the microsecond (a decimal
 * fraction such as .123456 s is not exact in binary); nanoseconds are truncated in integer arithmetic,
 * since a DOUBLE cannot hold 19 digits.
 */
function epochSql(col: string, fmt: TimeFormat, inCase: boolean): string {
	const { unit, window } = numberReading(fmt);
	// Outside a CASE DuckDB computes the repeated cast once by itself; inside, it is bound (bindSql).
	const let_ = (value: string, name: string, body: (v: string) => string) =>
		inCase ? bindSql(value, name, body) : body(value);
	const double = `TRY_CAST(${col} AS DOUBLE)`;
	if (unit === 'ns' && !window) {
		return let_(double, '__ff_v', (v) => {
			const micros = `COALESCE(TRY_CAST(${col} AS HUGEINT) // 1000, round(${v} / 1000))`;
			return `CASE WHEN abs(${v}) <= ${MAX_MICROS}e3 THEN make_timestamp(CAST(${micros} AS BIGINT)) END`;
		});
	}
	const [lo, hi] = MAGNITUDE_WINDOW_US;
	return let_(double, '__ff_v', (v) =>
		let_(`(${epochMicrosSql(v, unit)})`, '__ff_us', (us) => {
			const plausible = window ? `${us} >= ${lo} AND ${us} < ${hi}` : `abs(${us}) <= ${MAX_MICROS}`;
			return `CASE WHEN ${plausible} THEN make_timestamp(CAST(round(${us}) AS BIGINT)) END`;
		})
	);
}

/** YYYYMMDD as a date at midnight (wall clock); NULL unless a valid date from 1900-01-01 to 2100-12-31. */
function yyyymmddSql(col: string): string {
	return bindSql(
		`TRY_CAST(${col} AS DOUBLE)`,
		'__ff_v',
		(n) =>
			`CASE WHEN ${n} BETWEEN ${YMD_MIN} AND ${YMD_MAX} AND ${n} = floor(${n}) ` +
			`THEN TRY_STRPTIME(CAST(CAST(${n} AS BIGINT) AS VARCHAR), '%Y%m%d') END`
	);
}

/**
 * The end of a zoned time: `Z`, `UTC`, `GMT` or an offset `+02`, `+0200`, `+02:00`. Only tested on text
 * with a `:`, so the `-01` that ends a bare date is not taken for an offset.
 */
const ZONE_SUFFIX_RE = String.raw`(?i)(z|utc|gmt|[+-]\d\d(:?\d\d(:?\d\d)?)?)\s*$`;
/** The start of a day/month date; ISO dates (`2025-…`) are told apart by `LIKE '____-%'` first, cheaply. */
const DAY_MONTH_START_RE = String.raw`^\s*\d{1,2}[./-]\d{1,2}[./-]\d`;

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
 * A day/month date as a wall-clock TIMESTAMP, NULL when it makes no date. `p`: the struct of
 * `DAY_MONTH_RE`'s groups (all empty when the text does not match). Each value is read by its own evidence:
 * a first field over 12 can only be the day, a second over 12 only the day; when both are 12 or less,
 * `order` decides. With `orderFixed` every value is read in `order`, and one that cannot be (a month over
 * 12) gives NULL.
 *
 * The fields are put back together as ISO text for DuckDB's TIMESTAMP cast, which checks the calendar and
 * the clock: string compares and one cast cost a fifth of casting each field to an integer. Nothing here can
 * raise an error (an error inside DuckDB's TRY() re-runs the whole vector row by row, forty times slower).
 */
function dayMonthSql(p: string, fmt: Extract<TimeFormat, { kind: 'text' }>): string {
	const over12 = (f: string) => `(length(${p}.${f}) = 2 AND ${p}.${f} > '12')`;
	const dmy = (fmt.order ?? 'dmy') === 'dmy';
	const df = fmt.orderFixed ? String(dmy) : `(${over12('a')} OR (NOT ${over12('b')} AND ${dmy}))`;
	const [day, month] = [
		`CASE WHEN ${df} THEN ${p}.a ELSE ${p}.b END`,
		`CASE WHEN ${df} THEN ${p}.b ELSE ${p}.a END`
	];
	const pivot = String(TWO_DIGIT_PIVOT).padStart(2, '0');
	const year = `CASE WHEN length(${p}.y) = 2 THEN CASE WHEN ${p}.y < '${pivot}' THEN '20' ELSE '19' END || ${p}.y ELSE ${p}.y END`;
	const iso = `concat(${year}, '-', ${month}, '-', ${day}, CASE WHEN ${p}.t = '' THEN '' ELSE ' ' || ${p}.t END)`;
	const wall = `TRY_CAST(${iso} AS TIMESTAMP)`;
	const wellFormed = `${p}.a <> '' AND ${p}.s1 = ${p}.s2 AND (length(${p}.y) = 4 OR ${p}.s1 <> '-')`;
	// A 12-hour clock reads hours 1 to 12; 12 AM is midnight, 12 PM noon.
	const twelve = bindSql(
		wall,
		'__ff_w',
		(w) =>
			`CASE WHEN hour(${w}) BETWEEN 1 AND 12 THEN ${w} + to_hours(CASE WHEN lower(${p}.ap) = 'p' THEN 12 ELSE 0 END ` +
			`- CASE WHEN hour(${w}) = 12 THEN 12 ELSE 0 END) END`
	);
	return `CASE WHEN NOT (${wellFormed}) THEN NULL WHEN ${p}.ap = '' THEN ${wall} ELSE ${twelve} END`;
}

/**
 * Text parsed value by value. `toUtc` turns a wall-clock TIMESTAMP SQL into the result: the identity for
 * the naive time, `localToUtcSql` for the UTC time. The cheap tests come first: a failing TRY_CAST costs
 * about twenty times a successful one, and `trim` copies every string. With `fast`, ISO text ending in `Z`
 * is read by one cast ahead of the full parser.
 */
function textSql(
	col: string,
	fmt: Extract<TimeFormat, { kind: 'text' }>,
	toUtc: ToUtc,
	fast: boolean
): string {
	const s = `CAST(${col} AS VARCHAR)`;
	const full = fullTextSql(s, fmt, toUtc);
	if (!fast) return full;
	// ISO text ending in `Z` (PostHog's and most JavaScript exports'): read by the cast alone, behind a test
	// that costs a third of the full parser's (test/bench/ingest-read.ts). Exact for every value: the test
	// implies the full parser's zoned branch (`LIKE '____-%:%Z'`: a `:` at position 14, the `Z` after it),
	// whose first try is this very cast; where the cast fails, COALESCE hands the value to the full parser.
	const isoZ = `suffix(${s}, 'Z') AND ${s} LIKE '____-__-_____:%'`;
	return `COALESCE(CASE WHEN ${isoZ} THEN CAST(TRY_CAST(${s} AS TIMESTAMPTZ) AS TIMESTAMP) END, ${full})`;
}

/** The full text parser of `textSql`, value by value, over `s` (the value as VARCHAR SQL). */
function fullTextSql(s: string, fmt: Extract<TimeFormat, { kind: 'text' }>, toUtc: ToUtc): string {
	const ymd = `TRY_STRPTIME(trim(${s}), '%Y%m%d')`;
	const dayMonth = bindSql(
		`regexp_extract(${s}, ${literal(DAY_MONTH_RE)}, [${DAY_MONTH_GROUPS.map((g) => literal(g)).join(', ')}])`,
		'__ff_p',
		(p) => toUtc(dayMonthSql(p, fmt), true, true)
	);
	// Day/month dates first: they never carry a zone here, and ISO text is told apart by a cheap LIKE. ISO
	// text ending in `Z` (PostHog's and most JavaScript exports') has a `:` and a zone suffix: one LIKE
	// finds it without the regular expression (OR tries its right side only where the left fails).
	return (
		`CASE WHEN NOT (${s} LIKE '____-%') AND regexp_matches(${s}, ${literal(DAY_MONTH_START_RE)}) THEN ${dayMonth} ` +
		`WHEN ${s} LIKE '____-%:%Z' OR (contains(${s}, ':') AND regexp_matches(${s}, ${literal(ZONE_SUFFIX_RE)})) ` +
		`THEN ${zonedTextSql(s)} ` +
		`WHEN contains(${s}, ':') THEN ${toUtc(`TRY_CAST(${s} AS TIMESTAMP)`, true)} ` +
		`WHEN regexp_full_match(${s}, '\\s*\\d{8}\\s*') AND ${ymd} IS NOT NULL THEN ${toUtc(ymd, true, true)} ` +
		`WHEN regexp_full_match(${s}, ${literal(NUMBER_RE)}) THEN ${epochSql(s, fmt, true)} ` +
		`ELSE ${toUtc(`TRY_CAST(${s} AS TIMESTAMP)`, true)} END`
	);
}

/**
 * Wall clock (TIMESTAMP SQL) -> the result. `inCase`: the wall clock is computed inside a CASE branch, where
 * DuckDB would compute it again for every use, so it is bound once; elsewhere DuckDB shares it by itself.
 * `bounded`: the wall clock is always within years 1 to 9999 (day/month and YYYYMMDD dates).
 */
type ToUtc = (wall: string, inCase: boolean, bounded?: boolean) => string;

function timeSql(col: string, fmt: TimeFormat, toUtc: ToUtc, fast = true): string {
	const c = `(${col})`;
	switch (fmt.kind) {
		case 'timestamp':
		case 'date':
			return toUtc(`TRY_CAST(${c} AS TIMESTAMP)`, false);
		case 'timestamptz':
			// Without ICU the cast is a plain reinterpretation of the UTC instant.
			return `TRY_CAST(${c} AS TIMESTAMP)`;
		case 'epoch':
			return epochSql(c, fmt, false);
		case 'yyyymmdd':
			return toUtc(yyyymmddSql(c), false, true);
		case 'text':
			return textSql(c, fmt, toUtc, fast);
	}
}

/**
 * A TIMESTAMP for finding the data's time range: UTC for zoned and epoch values, wall clock for zoneless
 * ones; NULL when unparseable. Never raises an error. `opts` as for `utcTimeSql`.
 */
export function naiveTimeSql(colExpr: string, fmt: TimeFormat, opts: { isoFastPath?: boolean } = {}): string {
	return timeSql(colExpr, fmt, (wall) => wall, opts.isoFastPath ?? true);
}

/**
 * The UTC instant as TIMESTAMP: zoned values by their own offset, epochs by unit (microseconds kept),
 * zoneless values (TIMESTAMP and DATE columns, zoneless text, day/month dates, YYYYMMDD) as wall clock in
 * the zone of `sourceSegs` (the dataset's `sourceTimezone`, SEMANTICS §1). NULL when unparseable
 * (`2025-13-45`, `hello`, `1e300`); never raises an error. `opts.isoFastPath: false` leaves out the
 * cast that reads ISO text ending in `Z` ahead of the full text parser: the same results, only slower (the
 * tests compare the two).
 */
export function utcTimeSql(
	colExpr: string,
	fmt: TimeFormat,
	sourceSegs: readonly ZoneSegment[],
	opts: { isoFastPath?: boolean } = {}
): string {
	checkSegments(sourceSegs);
	const utc = sourceSegs.length === 1 && sourceSegs[0].offsetSeconds === 0;
	return timeSql(
		colExpr,
		fmt,
		(wall, inCase, bounded) => {
			// A day/month or YYYYMMDD date is always within years 1 to 9999: in UTC it is its own instant.
			if (utc && bounded) return wall;
			return inCase
				? bindSql(wall, '__ff_w', (w) => localToUtcSql(w, sourceSegs))
				: localToUtcSql(wall, sourceSegs);
		},
		opts.isoFastPath ?? true
	);
}
