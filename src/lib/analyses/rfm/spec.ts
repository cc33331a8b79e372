/** The RFM spec (SEMANTICS §5): recency, frequency and monetary scores by quantile bins; types and checks. */
import {
	boolean,
	filterList,
	knownKeys,
	object,
	show,
	SpecError,
	text,
	textOrNull,
	wholeNumber
} from '../../spec/check.ts';
import type { RowFilter } from '../../spec/types.ts';
import { SCOPE_KEYS, scopeColumns, scopeOf, type Scope } from '../../spec/scope.ts';
import type { ColumnReference } from '../types.ts';

/** `events` counts a user's rows; `distinct:COLUMN` counts the distinct non-empty values of a column. */
export type RfmFrequency = 'events' | `distinct:${string}`;

export interface RfmSpec extends Scope {
	kind: 'rfm';
	/**
	 * A value expression (SEMANTICS §1: column names, numbers, + - * / and parentheses), summed per user:
	 * `"Quantity * UnitPrice"`. Checked against the data's columns when it runs.
	 */
	monetary: string;
	frequency: RfmFrequency;
	/** Bins per score, 2 to 10: scores run 1..bins. */
	bins: number;
	/**
	 * The instant recency is measured to, ISO-8601 (UTC when no zone is written); events after it are left
	 * out. Null: the last event time (in the date range) plus one day.
	 */
	asOf: string | null;
	/** Only these events count (null: every row), with optional row filters: the purchases. */
	event: string | null;
	where: RowFilter[];
	/** Also return one row per user (the screen's table and "save as segment"; the CLI's list). */
	perUser: boolean;
}

export type RfmSpecInput = { kind: 'rfm'; monetary: string } & Partial<Omit<RfmSpec, 'kind' | 'monetary'>>;

/** One user's measures and scores. Recency in whole days; scores 1..bins, higher is better. */
export interface RfmUserRow {
	user: string;
	recency: number;
	frequency: number;
	monetary: number;
	r: number;
	f: number;
	m: number;
}

/** One cell of the R × F grid: its users and their average measures. */
export interface RfmGridCell {
	r: number;
	f: number;
	users: number;
	avgMonetary: number;
	avgRecency: number;
	avgFrequency: number;
}

/** One named segment (champions, at risk…; rfm/classes.ts) and its users. */
export interface RfmClassSize {
	key: string;
	users: number;
	avgMonetary: number | null;
}

export interface RfmResult {
	bins: number;
	/** The instant recency was measured to, ISO-8601 UTC with microseconds. */
	asOf: string;
	/** Users scored: those with at least one counted event. */
	users: number;
	/** Edges at the 0, 1/b, …, 1 quantiles (linear interpolation); empty when no user is scored. */
	edges: { recency: number[]; frequency: number[]; monetary: number[] };
	/** Users per score code "RFM" (e.g. "414"; with 10 bins "10" is one score), codes with users only. */
	segments: Record<string, number>;
	/** Users per total score R + F + M (3..3·bins), totals with users only. */
	scoreCounts: Record<string, number>;
	/** The R × F grid, cells with users only, by r then f. */
	grid: RfmGridCell[];
	/** The named segments of rfm/classes.ts in their order, empty ones included. */
	classes: RfmClassSize[];
	/** With `perUser`: every scored user, by user id. */
	rows?: RfmUserRow[];
}

export const RFM_DEFAULTS = {
	frequency: 'events',
	// SEMANTICS §5's example. The screen starts at 5, the classic quintiles its named segments are made for.
	bins: 4,
	asOf: null,
	event: null,
	where: [] as RowFilter[],
	perUser: false
} as const;

const KEYS = ['kind', 'monetary', 'frequency', 'bins', 'asOf', 'event', 'where', 'perUser', ...SCOPE_KEYS];

const ZONED = /[zZ]|[+-]\d\d:?\d\d$/;

/** An `asOf` text as UTC ms (a time without a zone is UTC), or NaN when it is not a time. */
export function parseInstant(s: string): number {
	return Date.parse(ZONED.test(s) ? s : `${s}Z`);
}

/** Checks an RFM spec at `path` and returns it with defaults applied. Throws `SpecError` naming the field. */
export function parseRfm(input: unknown, path = 'analysis'): RfmSpec {
	const a = object(input, path, 'an RFM spec');
	knownKeys(a, KEYS, path, 'an RFM spec');
	if (a.kind !== 'rfm') throw new SpecError(`${path}.kind`, `${path}.kind must be "rfm"`);
	if (a.monetary === undefined || a.monetary === null)
		throw new SpecError(
			`${path}.monetary`,
			`${path}.monetary is required: a value expression summed per user, such as "Quantity * UnitPrice"`
		);
	const monetary = text(a.monetary, `${path}.monetary`).trim();
	if (!monetary) throw new SpecError(`${path}.monetary`, `${path}.monetary must not be empty`);
	return {
		kind: 'rfm',
		monetary,
		frequency:
			a.frequency === undefined ? RFM_DEFAULTS.frequency : frequency(a.frequency, `${path}.frequency`),
		bins: a.bins === undefined ? RFM_DEFAULTS.bins : wholeNumber(a.bins, `${path}.bins`, 2, 10),
		asOf: a.asOf === undefined || a.asOf === null ? null : asOf(a.asOf, `${path}.asOf`),
		event: a.event === undefined ? RFM_DEFAULTS.event : textOrNull(a.event, `${path}.event`),
		where: a.where === undefined || a.where === null ? [] : filterList(a.where, `${path}.where`),
		perUser: a.perUser === undefined ? RFM_DEFAULTS.perUser : boolean(a.perUser, `${path}.perUser`),
		...scopeOf(a, path)
	};
}

function frequency(x: unknown, path: string): RfmFrequency {
	const s = text(x, path);
	if (s === 'events') return s;
	if (s.startsWith('distinct:') && s.length > 'distinct:'.length) return s as RfmFrequency;
	throw new SpecError(path, `${path} must be "events" or "distinct:COLUMN", got ${show(x)}`);
}

function asOf(x: unknown, path: string): string {
	const s = text(x, path).trim();
	if (!Number.isFinite(parseInstant(s)))
		throw new SpecError(path, `${path} must be a time such as "2011-12-10T00:00:00Z", got ${show(x)}`);
	return s;
}

/** The column of a `distinct:COLUMN` frequency, or null for `events`. */
export function frequencyColumn(f: RfmFrequency): string | null {
	return f === 'events' ? null : f.slice('distinct:'.length);
}

/** The data columns an RFM spec names (the monetary expression's are checked when it compiles). */
export function rfmColumns(spec: RfmSpec): ColumnReference[] {
	const out: ColumnReference[] = spec.where.map((f, i) => ({
		path: `analysis.where[${i}].column`,
		column: f.column
	}));
	const col = frequencyColumn(spec.frequency);
	if (col) out.push({ path: 'analysis.frequency', column: col });
	return [...out, ...scopeColumns(spec, 'analysis')];
}
