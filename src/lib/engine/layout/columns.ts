/**
 * What the layout guess knows of a column (name, type, a sample of its values) and what those values look
 * like: times and how they are written, text, identities, ids, unique or much-repeated values. Pure.
 */
import { DAY_MONTH_RE } from '../time/format.ts';

export interface ColumnInfo {
	name: string;
	/** DuckDB type name: VARCHAR, BIGINT, DOUBLE, TIMESTAMP, DATE… */
	type: string;
	/** Up to ~50 non-null values in file order (not de-duplicated, so repeats show). */
	sample: unknown[];
	distinct?: number;
	nulls?: number;
	rows?: number;
}

/** How the mapped time column is written, so ingest knows how to convert it. */
export type TimeFormat = 'timestamp' | 'text' | 'epoch' | 'yyyymmdd';

/** Name lookup: exact first, then ignoring case (warehouse copies upper-case Snowplow's columns). */
export class Columns {
	readonly list: ColumnInfo[];
	private readonly exact = new Map<string, ColumnInfo>();
	private readonly lower = new Map<string, ColumnInfo>();
	constructor(list: ColumnInfo[]) {
		this.list = list;
		for (const c of list) {
			this.exact.set(c.name, c);
			if (!this.lower.has(c.name.toLowerCase())) this.lower.set(c.name.toLowerCase(), c);
		}
	}
	get(name: string): ColumnInfo | undefined {
		return this.exact.get(name) ?? this.lower.get(name.toLowerCase());
	}
	/** The actual name of the first of `names` present. */
	pick(...names: string[]): string | null {
		for (const n of names) {
			const c = this.get(n);
			if (c) return c.name;
		}
		return null;
	}
}

/** Values in at least half the rows (or, with no counts, in some sampled row). */
export function mostlyPresent(c: ColumnInfo): boolean {
	if (c.rows !== undefined && c.nulls !== undefined) return c.rows > 0 && c.nulls <= c.rows / 2;
	return c.sample.some((v) => v !== null && v !== '');
}

/** The first sampled value that is not null or empty, to show in a note. */
export function firstValue(c: ColumnInfo): unknown {
	return c.sample.find((v) => v !== null && v !== undefined && v !== '');
}

function values(c: ColumnInfo): unknown[] {
	return c.sample.filter((v) => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === ''));
}

function asNumber(v: unknown): number | null {
	if (typeof v === 'number') return Number.isFinite(v) ? v : null;
	if (typeof v === 'bigint') return Number(v);
	if (typeof v === 'string' && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v.trim())) return Number(v);
	return null;
}

const TYPED_TIME = /^(TIMESTAMP|DATE|DATETIME)/i;
const DATE_TEXT = [
	/^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)? ?(Z|UTC|[+-]\d{2}(:?\d{2})?)?$/i,
	/^\d{4}\/\d{1,2}\/\d{1,2}( \d{1,2}:\d{2}(:\d{2})?)?$/,
	new RegExp(DAY_MONTH_RE),
	/^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}/
];

function isYyyymmdd(n: number): boolean {
	if (!Number.isInteger(n) || n < 19000101 || n > 21001231) return false;
	const y = Math.floor(n / 10000);
	const m = Math.floor(n / 100) % 100;
	const d = n % 100;
	return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Epoch seconds of 2000-01-01 and 2040-01-01: values outside are more likely counts or ids. */
const EPOCH_MIN = 946_684_800;
const EPOCH_MAX = 2_208_988_800;

/**
 * Whether `n` is an epoch time from 2000 to 2040 in seconds, milliseconds, microseconds or nanoseconds: the
 * units ingest reads (time/detect.ts). Nanoseconds were left out here, so a column of them was not taken for
 * the time column and the load went on without times.
 */
function isEpoch(n: number): boolean {
	return [1, 1e3, 1e6, 1e9].some((scale) => n >= EPOCH_MIN * scale && n < EPOCH_MAX * scale);
}

/** How the column holds times, or null when its values are not times. */
export function timeFormat(c: ColumnInfo): TimeFormat | null {
	if (TYPED_TIME.test(c.type)) return 'timestamp';
	const vals = values(c);
	if (vals.length === 0) return null;
	if (vals.every((v) => v instanceof Date)) return 'timestamp';
	const nums = vals.map(asNumber).filter((n): n is number => n !== null);
	// A stray value (1e300, "n/a") among the first rows does not hide a time column: ingest rejects its row.
	if (nums.length >= vals.length * 0.9) {
		if (nums.filter(isYyyymmdd).length >= vals.length * 0.9) return 'yyyymmdd';
		// Seconds and milliseconds in one column (two SDK versions) are still epochs: ingest reads each by its magnitude.
		if (nums.filter(isEpoch).length >= vals.length * 0.9) return 'epoch';
		return null;
	}
	const texts = vals.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
	if (texts.length < vals.length * 0.9) return null;
	if (texts.filter((t) => DATE_TEXT.some((re) => re.test(t))).length >= vals.length * 0.9) return 'text';
	return null;
}

export function isText(c: ColumnInfo): boolean {
	if (timeFormat(c) !== null) return false;
	const vals = values(c);
	return vals.length > 0 && vals.every((v) => typeof v === 'string' && asNumber(v) === null);
}

/** A column named like an identity is one unless its values are times or fractional measures. */
export function isIdentity(c: ColumnInfo): boolean {
	if (timeFormat(c) !== null || /^BOOL/i.test(c.type)) return false;
	return values(c).every((v) => {
		const n = asNumber(v);
		return n === null || Number.isInteger(n);
	});
}

/** Integers (also written as 17850.0) or single tokens: what user and device ids look like. */
export function isIdLike(c: ColumnInfo): boolean {
	if (timeFormat(c) !== null || /^BOOL/i.test(c.type)) return false;
	const vals = values(c);
	if (vals.length === 0) return /CHAR|STRING|TEXT|INT|UUID/i.test(c.type);
	return vals.every((v) => {
		const n = asNumber(v);
		if (n !== null) return Number.isInteger(n);
		return typeof v === 'string' && v.length <= 128 && !/\s/.test(v.trim());
	});
}

/**
 * Almost every value different. Not "every": exports repeat a few events (that is what dedupe by id is for),
 * and `distinct` may be an approximate count (HyperLogLog, within a few percent).
 */
export function allDistinct(c: ColumnInfo): boolean {
	if (c.distinct !== undefined && c.rows !== undefined) {
		const n = c.rows - (c.nulls ?? 0);
		return n > 0 && c.distinct >= 0.9 * n;
	}
	const vals = values(c).map((v) => (typeof v === 'bigint' ? v.toString() : v));
	return vals.length >= 2 && new Set(vals).size === vals.length;
}

/** Few distinct values for many rows, as event names have. */
export function repeatsALot(c: ColumnInfo): boolean {
	if (c.distinct !== undefined && c.rows !== undefined) {
		const n = c.rows - (c.nulls ?? 0);
		return n >= 4 && c.distinct <= Math.max(1, n / 4);
	}
	const vals = values(c);
	return vals.length >= 4 && new Set(vals).size <= vals.length / 4;
}
