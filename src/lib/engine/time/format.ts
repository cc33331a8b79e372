/**
 * How a time column is written (`TimeFormat`), and the patterns shared by the parser (parse-sql.ts), the
 * counting pass that decides the format from every value (detect.ts) and the reasons a value is rejected
 * (reasons.ts).
 */

export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

/** Day-first (`03/02/2025` is 3 February) or month-first (2 March). */
export type DateOrder = 'dmy' | 'mdy';

/** What a column mixes, counted over every value: reported, never needed to read a value. */
export interface TimeMix {
	/** Numbers read as epochs by their own magnitude, per unit, when more than one unit occurs. */
	units?: Partial<Record<EpochUnit, number>>;
	/** Day/month dates proving day-first (first field over 12) and month-first (second over 12). */
	dayFirst?: number;
	monthFirst?: number;
	/** Epoch numbers in a column of written dates. */
	numbers?: number;
}

/**
 * How a time column is written. Fields that change how a value is read:
 * - `unit` fixes the epoch unit of numbers, given by the user or a vendor layout: any time up to 9999.
 * - `units` are the units found by magnitude, most frequent first. With one, every number is read in it;
 *   with several (two SDK versions in one table), each number in the unit its magnitude implies (s below
 *   1e11, ms below 1e14, µs below 1e17, else ns). Either way only times from 1900 to 2200 are read
 *   (`MAGNITUDE_WINDOW_US`). `ns` is only ever found by magnitude; the spec's `timeUnit` has no `ns`.
 * - `order` reads day/month dates whose fields are both 12 or less; other such dates are read by their own
 *   evidence (a field over 12 is the day) unless `orderFixed`, when a date that contradicts `order` is
 *   rejected.
 * `mixed` only reports.
 */
export type TimeFormat =
	| { kind: 'timestamp' }
	| { kind: 'timestamptz' }
	| { kind: 'date' }
	| { kind: 'yyyymmdd' }
	| { kind: 'epoch'; unit?: EpochUnit; units?: EpochUnit[]; mixed?: TimeMix }
	| {
			kind: 'text';
			unit?: EpochUnit;
			units?: EpochUnit[];
			order?: DateOrder;
			orderFixed?: boolean;
			mixed?: TimeMix;
	  };

/** How numbers are read: a unit given (`window` false), one found (`window` true), or by magnitude. */
export function numberReading(f: TimeFormat): { unit?: EpochUnit; window: boolean } {
	if (f.kind !== 'epoch' && f.kind !== 'text') return { window: true };
	if (f.unit) return { unit: f.unit, window: false };
	return f.units?.length === 1 ? { unit: f.units[0], window: true } : { window: true };
}

/** The fields of a format that change how values are read: two formats read alike when these are equal. */
export function readingOf(f: TimeFormat): unknown {
	switch (f.kind) {
		case 'epoch':
			return { kind: f.kind, ...numberReading(f) };
		case 'text':
			return {
				kind: f.kind,
				...numberReading(f),
				order: f.order ?? 'dmy',
				orderFixed: f.orderFixed ?? false
			};
		default:
			return { kind: f.kind };
	}
}

/** Upper bounds (exclusive) of |value| per unit: 1e11 s is the year 5138, and so on by factors of 1000. */
export const MAGNITUDE = { s: 1e11, ms: 1e14, us: 1e17 } as const;

/**
 * An epoch read by its magnitude (no unit given) is a time only from 1900 up to 2200, in microseconds since
 * 1970. `99999999999999999999` would be 5138 in nanoseconds: no event time, and a range that long would make
 * every period series span three thousand years. With a unit given, any time up to the year 9999 is read.
 */
export const MAGNITUDE_WINDOW_US = [Date.UTC(1900, 0, 1) * 1000, Date.UTC(2200, 0, 1) * 1000] as const;

/** The epoch unit a number's magnitude implies (s ~ 1e9, ms ~ 1e12, µs ~ 1e15, ns ~ 1e18 for 2001-2286). */
export function unitForMagnitude(absValue: number): EpochUnit {
	if (absValue < MAGNITUDE.s) return 's';
	if (absValue < MAGNITUDE.ms) return 'ms';
	if (absValue < MAGNITUDE.us) return 'us';
	return 'ns';
}

/**
 * A day/month date, RE2 (DuckDB) and JavaScript alike: day or month, a separator (`/`, `.` or `-`), month
 * or day, the same separator, a 4- or 2-digit year (2-digit only after `/` or `.`: `25-01-06` may be
 * year-first), then optionally a time of day `H:MM`, `H:MM:SS` or `H:MM:SS.ffffff` on a 24- or 12-hour
 * clock (`AM`, `pm`, `a.m.`) after spaces, `T` or a comma. Groups, named for `regexp_extract` in
 * `DAY_MONTH_GROUPS`: first field, separator, second field, separator, year, time of day, `a` or `p`.
 * Written so that RE2 can match it in one pass (no two ways to read a character).
 */
export const DAY_MONTH_RE = String.raw`^\s*(\d{1,2})([./-])(\d{1,2})([./-])(\d\d(?:\d\d)?)(?:(?: +|[T,] *)(\d{1,2}:\d\d(?::\d\d(?:\.\d{1,9})?)?) *(?:([AaPp])\.?[Mm]\.?)?)? *$`;
export const DAY_MONTH_GROUPS = ['a', 's1', 'b', 's2', 'y', 't', 'ap'];

/**
 * Two-digit years: 69 to 99 are 1969 to 1999, 00 to 68 are 2000 to 2068 (the POSIX `%y` rule, which
 * DuckDB's and Python's strptime follow).
 */
export const TWO_DIGIT_PIVOT = 69;

/** A number as text: sign, digits, decimals, exponent, blanks around. */
export const NUMBER_RE = String.raw`\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*`;

/** YYYYMMDD integers are read as dates only within these bounds (CDNOW's 19970101). */
export const YMD_MIN = 19000101;
export const YMD_MAX = 21001231;
