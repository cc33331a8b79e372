/**
 * Deciding how a time column is written from a count over its values: every value of the column after the
 * read (SEMANTICS §1: the evidence of the whole column decides), the first rows before it. One pass counts,
 * per value, what it could be (a number and its epoch magnitude, a YYYYMMDD date, a day/month date and
 * whether it proves day-first or month-first, other written times); `decideTimeFormat` turns the counts into
 * a `TimeFormat`, and `timeNotes` into sentences for the ingest report.
 */
import type { Database } from '../duck.ts';
import type { TimeUnit } from '../../spec/types.ts';
import { ident, literal } from '../../sql/quote.ts';
import {
	MAGNITUDE,
	MAGNITUDE_WINDOW_US,
	NUMBER_RE,
	YMD_MAX,
	YMD_MIN,
	type DateOrder,
	type EpochUnit,
	type TimeFormat,
	type TimeMix
} from './format.ts';
import { naiveTimeSql } from './parse-sql.ts';

/** Counts over the non-empty values of a time column. */
export interface TimeEvidence {
	values: number;
	/** Finite numbers (numeric columns, or text that is only a number). */
	numbers: number;
	/** Numbers that are whole, valid YYYYMMDD dates from 1900 to 2100. */
	yyyymmdd: number;
	/** The other numbers by the epoch unit their magnitude implies, when that reads as 1900 to 2200 (`MAGNITUDE_WINDOW_US`). */
	units: Record<EpochUnit, number>;
	/** Day/month dates whose first field is over 12 (so day-first), whose second is, and whose neither is. */
	dayFirst: number;
	monthFirst: number;
	eitherOrder: number;
	/** Values other than numbers that read as a time (ISO text, day/month dates, zoned text). */
	dated: number;
	/** A value of each kind, for the report's notes. */
	dayFirstExample: string | null;
	monthFirstExample: string | null;
	eitherExample: string | null;
}

/** What the user or the layout fixed: the epoch unit of numbers and the order of day/month dates. */
export interface TimeGiven {
	unit: TimeUnit;
	dateOrder: DateOrder | 'auto';
}

const NUMERIC_TYPE =
	/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL)/;
const DAY_MONTH_START_RE = String.raw`^\s*\d{1,2}[./-]\d{1,2}[./-]\d`;
/** The first two fields of a day/month date (after leading blanks): all the order evidence needs. */
const DAY_MONTH_PREFIX_RE = String.raw`^(\d{1,2})([./-])(\d{1,2})([./-])`;

/** The DuckDB type of `column` in `table`, upper-case. */
export async function columnType(duck: Database, table: string, column: string): Promise<string> {
	const [desc] = await duck.rows<{ column_type: string }>(
		`DESCRIBE SELECT ${ident(column)} FROM ${ident(table)}`
	);
	if (!desc) throw new Error(`No column ${column} in ${table}`);
	return desc.column_type.toUpperCase();
}

/** A typed time column's format, or null when its values must be counted (numbers, text). */
export function typedFormat(type: string): TimeFormat | null {
	if (type.startsWith('TIMESTAMP WITH TIME ZONE') || type === 'TIMESTAMPTZ') return { kind: 'timestamptz' };
	if (type.startsWith('TIMESTAMP')) return { kind: 'timestamp' };
	if (type === 'DATE') return { kind: 'date' };
	return null;
}

const NO_EVIDENCE: TimeEvidence = {
	values: 0,
	numbers: 0,
	yyyymmdd: 0,
	units: { s: 0, ms: 0, us: 0, ns: 0 },
	dayFirst: 0,
	monthFirst: 0,
	eitherOrder: 0,
	dated: 0,
	dayFirstExample: null,
	monthFirstExample: null,
	eitherExample: null
};

/** Text that starts like an ISO date (`2025-…`): never a number nor a day/month date to the pass below. */
const isoLike = (t: string) => `(${t} LIKE '____-%')`;

/**
 * The common case of the pass below in one cheap scan: when every non-empty value starts like an ISO date
 * and was read by the read (`parsed` non-NULL), each is of the class `dated` and nothing else is counted, so
 * the count of values is the whole evidence. Returns it, or null when the full pass must run. Exact: the
 * same counts the pass gives, without planning the time parser (tens of ms) or classing every value.
 */
async function isoOnlyCount(duck: Database, table: string, col: string, parsed: string) {
	const [r] = await duck.rows<{ n: number; other: number; read: number }>(
		`SELECT count(*)::BIGINT AS n, count(*) FILTER (WHERE NOT ${isoLike(`CAST(${col} AS VARCHAR)`)})::BIGINT AS other,
		   count(${ident(parsed)})::BIGINT AS read
		 FROM ${ident(table)} WHERE ${col} IS NOT NULL`
	);
	return Number(r.other) === 0 && Number(r.read) === Number(r.n) ? Number(r.n) : null;
}

/** What one value of a time column is, as the counting pass classes it. */
const CLASS = {
	unread: 0,
	dated: 1,
	yyyymmdd: 2,
	s: 3,
	ms: 4,
	us: 5,
	ns: 6,
	/** A number that is no time by its magnitude (outside `MAGNITUDE_WINDOW_US`). */
	farNumber: 7,
	dayFirst: 8,
	monthFirst: 9,
	eitherOrder: 10
} as const;

/**
 * One pass over the non-empty values of `column` in `table` (a DuckDB column of any type but the typed
 * times), each value put in one class (`CLASS`) and the classes counted: a single hash aggregate over a
 * small integer, which costs a fraction of the read. `parsed`: a column of `table` that is non-NULL where
 * the value was read as a time (the read's `__time`); without it, values other than numbers are parsed here.
 * `allParsed`: `parsed` is non-NULL wherever `column` is, so no value is left to parse again (the parser's
 * SQL, long to plan, is then left out).
 */
export async function timeEvidence(
	duck: Database,
	table: string,
	column: string,
	parsed: string | null = null,
	sampleRows: number | null = null,
	allParsed = false
): Promise<TimeEvidence> {
	const col = ident(column);
	const numeric = NUMERIC_TYPE.test(await columnType(duck, table, column));
	if (!numeric && parsed && !sampleRows) {
		const counted = await isoOnlyCount(duck, table, col, parsed);
		if (counted !== null) return { ...NO_EVIDENCE, values: counted, dated: counted };
	}
	const t = 'CAST(c AS VARCHAR)';
	const iso = isoLike(t);
	// Numbers as the parser takes them (parse-sql.ts: NUMBER_RE before the cast, which is costly when it fails).
	const x = numeric
		? 'CAST(c AS DOUBLE)'
		: `CASE WHEN NOT ${iso} AND regexp_full_match(${t}, ${literal(NUMBER_RE)}) THEN TRY_CAST(${t} AS DOUBLE) END`;
	const dm = numeric
		? 'NULL::STRUCT(a VARCHAR, s1 VARCHAR, b VARCHAR, s2 VARCHAR)'
		: `CASE WHEN NOT ${iso} AND regexp_matches(${t}, ${literal(DAY_MONTH_START_RE)})
		   THEN regexp_extract(ltrim(${t}), ${literal(DAY_MONTH_PREFIX_RE)}, ['a', 's1', 'b', 's2']) END`;
	// A value the read left unread may still be a time to the text parser (epochs in the first rows, ISO
	// later). Nested WHENs, not OR: DuckDB evaluates both sides of an OR, and the parse is the costly one.
	const textRead = `${naiveTimeSql('c', { kind: 'text' })} IS NOT NULL`;
	const read = numeric
		? 'NULL'
		: parsed
			? `CASE WHEN x IS NULL THEN CASE WHEN ${ident(parsed)} IS NOT NULL THEN 1${allParsed ? '' : ` WHEN ${textRead} THEN 1`} END END`
			: `CASE WHEN x IS NULL AND ${textRead} THEN 1 END`;
	const [lo, hi] = MAGNITUDE_WINDOW_US;
	const unit = (scale: string, code: number) =>
		`CASE WHEN x * ${scale} >= ${lo} AND x * ${scale} < ${hi} THEN ${code} ELSE ${CLASS.farNumber} END`;
	const numberClass =
		`CASE WHEN x = floor(x) AND x BETWEEN ${YMD_MIN} AND ${YMD_MAX} ` +
		`AND TRY_STRPTIME(CAST(CAST(x AS BIGINT) AS VARCHAR), '%Y%m%d') IS NOT NULL THEN ${CLASS.yyyymmdd} ` +
		`WHEN abs(x) < ${MAGNITUDE.s} THEN ${unit('1e6', CLASS.s)} ` +
		`WHEN abs(x) < ${MAGNITUDE.ms} THEN ${unit('1e3', CLASS.ms)} ` +
		`WHEN abs(x) < ${MAGNITUDE.us} THEN ${unit('1', CLASS.us)} ELSE ${unit('1e-3', CLASS.ns)} END`;
	// Only dates that were read count as evidence (`10.0.0.1` is no date, `31/31/2025` proves nothing).
	const over12 = (f: string) => `(length(dm.${f}) = 2 AND dm.${f} > '12')`;
	const dayMonthClass =
		`CASE WHEN read IS NULL OR dm.s1 <> dm.s2 THEN ${CLASS.unread} ` +
		`WHEN ${over12('a')} THEN CASE WHEN ${over12('b')} THEN ${CLASS.unread} ELSE ${CLASS.dayFirst} END ` +
		`WHEN ${over12('b')} THEN ${CLASS.monthFirst} ELSE ${CLASS.eitherOrder} END`;
	const rows = await duck.rows<{ cls: number; n: number; example: string | null }>(`
		SELECT cls, count(*)::BIGINT AS n, any_value(t) AS example FROM (
		  SELECT CASE WHEN x IS NOT NULL AND isfinite(x) THEN ${numberClass}
		    WHEN dm IS NOT NULL AND dm.a <> '' THEN ${dayMonthClass}
		    WHEN read IS NOT NULL THEN ${CLASS.dated} ELSE ${CLASS.unread} END AS cls, t
		  FROM (
		    SELECT t, x, dm, ${read} AS read FROM (
		      SELECT ${numeric ? 'NULL' : t} AS t, ${x} AS x, ${dm} AS dm, *
		      FROM (SELECT ${col} AS c${parsed ? `, ${ident(parsed)}` : ''} FROM ${ident(table)} WHERE ${col} IS NOT NULL
		        ${sampleRows ? `USING SAMPLE reservoir(${Math.floor(sampleRows)} ROWS) REPEATABLE (7)` : ''})))
		) GROUP BY cls`);
	const count = new Map(rows.map((r) => [Number(r.cls), Number(r.n)]));
	const example = new Map(rows.map((r) => [Number(r.cls), r.example == null ? null : String(r.example)]));
	const n = (cls: number) => count.get(cls) ?? 0;
	const units = { s: n(CLASS.s), ms: n(CLASS.ms), us: n(CLASS.us), ns: n(CLASS.ns) };
	const epochs = units.s + units.ms + units.us + units.ns;
	return {
		values: rows.reduce((sum, r) => sum + Number(r.n), 0),
		numbers: n(CLASS.yyyymmdd) + epochs + n(CLASS.farNumber),
		yyyymmdd: n(CLASS.yyyymmdd),
		units,
		dayFirst: n(CLASS.dayFirst),
		monthFirst: n(CLASS.monthFirst),
		eitherOrder: n(CLASS.eitherOrder),
		dated: n(CLASS.dated) + n(CLASS.dayFirst) + n(CLASS.monthFirst) + n(CLASS.eitherOrder),
		dayFirstExample: example.get(CLASS.dayFirst) ?? null,
		monthFirstExample: example.get(CLASS.monthFirst) ?? null,
		eitherExample: example.get(CLASS.eitherOrder) ?? null
	};
}

const UNITS: EpochUnit[] = ['s', 'ms', 'us', 'ns'];

/** The units that occur, most frequent first. */
function unitsFound(units: Record<EpochUnit, number>): EpochUnit[] {
	return UNITS.filter((u) => units[u] > 0).sort((a, b) => units[b] - units[a]);
}

function mix(ev: TimeEvidence, units: EpochUnit[], withNumbers: boolean): TimeMix | undefined {
	const out: TimeMix = {};
	if (units.length > 1) out.units = Object.fromEntries(units.map((u) => [u, ev.units[u]]));
	if (ev.dayFirst > 0 && ev.monthFirst > 0) {
		out.dayFirst = ev.dayFirst;
		out.monthFirst = ev.monthFirst;
	}
	const epochs = UNITS.reduce((sum, u) => sum + ev.units[u], 0);
	if (withNumbers && epochs > 0 && ev.dated > 0) out.numbers = epochs;
	return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The format of a column of DuckDB type `type` from the counts over its values:
 * - TIMESTAMP, TIMESTAMPTZ and DATE columns are what they say.
 * - Numbers (a numeric column, or text where no value other than numbers reads as a time): epochs in the
 *   `given` unit; with `auto`, YYYYMMDD when most numbers are valid dates from 1900 to 2100 (CDNOW), else
 *   epochs each read by its own magnitude (seconds and milliseconds of real event dates never overlap).
 * - Other text: read value by value (parse-sql.ts). Day/month dates that could be either order follow the
 *   order the column's dates prove most often (day-first without any proof, and `given.dateOrder` when set).
 */
export function decideTimeFormat(type: string, ev: TimeEvidence, given: TimeGiven): TimeFormat {
	const typed = typedFormat(type);
	if (typed) return typed;
	const unit = given.unit === 'auto' ? undefined : given.unit;
	const numeric = NUMERIC_TYPE.test(type);
	if (numeric || (ev.numbers > 0 && ev.dated === 0)) {
		if (unit) return { kind: 'epoch', unit };
		if (ev.yyyymmdd > 0 && ev.yyyymmdd * 2 > ev.numbers) return { kind: 'yyyymmdd' };
		// Read as epochs, the YYYYMMDD-looking minority are seconds (in August 1970).
		const units = unitsFound({ ...ev.units, s: ev.units.s + ev.yyyymmdd });
		const mixed = mix(ev, units, false);
		return { kind: 'epoch', ...(units.length ? { units } : {}), ...(mixed ? { mixed } : {}) };
	}
	const dayMonth = ev.dayFirst + ev.monthFirst + ev.eitherOrder > 0;
	const fixed = given.dateOrder !== 'auto';
	const order: DateOrder = fixed
		? (given.dateOrder as DateOrder)
		: ev.monthFirst > ev.dayFirst
			? 'mdy'
			: 'dmy';
	const units = unit ? [] : unitsFound(ev.units);
	const mixed = mix(ev, units, true);
	return {
		kind: 'text',
		...(unit ? { unit } : {}),
		...(dayMonth || fixed ? { order } : {}),
		...(fixed ? { orderFixed: true } : {}),
		...(units.length ? { units } : {}),
		...(mixed ? { mixed } : {})
	};
}

/** Values the first guess counts: it only has to be right for most files, settleTimes corrects the rest. */
const SAMPLE_ROWS = 10_000;

/**
 * Decides a column's format from a sample of the first rows in `table` (before the read of every row).
 */
export async function detectTimeFormat(
	duck: Database,
	table: string,
	column: string,
	unit: TimeUnit,
	dateOrder: TimeGiven['dateOrder'] = 'auto'
): Promise<TimeFormat> {
	const type = await columnType(duck, table, column);
	if (typedFormat(type)) return typedFormat(type)!;
	const given = { unit, dateOrder };
	// Values that all start like ISO dates are no numbers and no day/month dates: whatever parses, the
	// decision is text (decideTimeFormat), so the full pass, long to plan with the parser inside, is skipped.
	if (!NUMERIC_TYPE.test(type)) {
		const [{ other }] = await duck.rows<{ other: number }>(
			`SELECT count(*) FILTER (WHERE NOT ${isoLike(`CAST(${ident(column)} AS VARCHAR)`)})::BIGINT AS other
			 FROM ${ident(table)}`
		);
		if (Number(other) === 0) return decideTimeFormat(type, NO_EVIDENCE, given);
	}
	return decideTimeFormat(type, await timeEvidence(duck, table, column, null, SAMPLE_ROWS), given);
}
