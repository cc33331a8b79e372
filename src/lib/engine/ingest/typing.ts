/**
 * Column types of delimited text (CSV, TSV, whitespace), decided from every row (SEMANTICS §1: values are
 * read as written). Files are read with every column as text; afterwards one counting pass over all rows
 * decides each column's type, and the columns that are numbers are converted in place:
 * - BIGINT when every non-empty value is a plain integer that prints back exactly as written (no sign `+`,
 *   no leading zeros as in `0042`, no exponent as in `7e3`, no fraction, within 64 bits);
 * - DOUBLE when every value is a plain decimal number (`-12.5`, `0.07`, no exponent, no leading zeros) of
 *   at most 15 significant digits, which a double holds exactly as the same decimal (IEEE 754's 15-digit
 *   round trip), so `11.77` stays 11.77 and is never rounded to 12;
 * - otherwise VARCHAR, exactly as written. A value later in the file never costs its row: it widens the column.
 * Identity columns (user, anonymous id, event id, session) are always text. The user and anonymous id
 * keep one old rule: when every value is an integer written with `.0` (an export that wrote integer ids as
 * floats, as Online Retail's `17850.0`), the id is the integer (`17850`); the column itself stays as written.
 */
import type { Database } from '../duck.ts';
import { ident } from '../../sql/quote.ts';
import type { DatasetSpec } from '../../spec/types.ts';
import { EVENTS } from '../../sql/schema.ts';
import { STAGE, type LoadedFiles, type TextColumn, type TextType, type Verdict } from './types.ts';

const DECIMAL_RE = `'-?(0|[1-9][0-9]*)(\\.[0-9]+)?'`;
const INT_FLOAT_RE = `'-?(0|[1-9][0-9]*)\\.0'`;
/** A decimal this long (with sign and point) has at most 15 significant digits; longer ones are counted exactly. */
const SHORT_DECIMAL = 16;
/** Columns converted in place at most; more are typed by reading the file again. */
const MAX_ALTERS = 16;

const isInt = (c: string) => `CAST(TRY_CAST(${c} AS BIGINT) AS VARCHAR) = ${c}`;
const isDecimal = (c: string) => `regexp_full_match(${c}, ${DECIMAL_RE})`;
const isIntFloat = (c: string) => `regexp_full_match(${c}, ${INT_FLOAT_RE})`;
const significant = (c: string) => `length(ltrim(replace(replace(${c}, '-', ''), '.', ''), '0'))`;

/** The identity columns of a mapping: always text. */
export function identityColumns(dataset: DatasetSpec): Set<string> {
	const m = dataset.columns;
	return new Set([m.user, m.anonymous, m.id, m.session].filter((c): c is string => Boolean(c)));
}

/** Whether `column`, an id column read from text, is to lose its `.0` (see the rule above). */
export function stripsIntFloat(loaded: LoadedFiles, column: string | null | undefined): boolean {
	const t = column ? loaded.text?.[column] : undefined;
	return Boolean(t && (t.all ?? t.sample).intFloat);
}

/** A user id column whose `.0` rule still rests on the first rows: it is stored so all rows can be counted. */
export function intFloatUnconfirmed(loaded: LoadedFiles, column: string | null | undefined): boolean {
	const t = column ? loaded.text?.[column] : undefined;
	return Boolean(t && !t.all && t.sample.intFloat);
}

/**
 * Whether `events` keeps the user column as a virtual column over `__user` rather than storing it: without
 * an anonymous id `__user` is that column as text (stored once), unless it is also the event id (a virtual
 * column cannot feed another) or its `.0` rule still waits for the count over all rows.
 */
export function userColumnIsVirtual(loaded: LoadedFiles, dataset: DatasetSpec): boolean {
	const m = dataset.columns;
	return !m.anonymous && m.id !== m.user && !intFloatUnconfirmed(loaded, m.user);
}

/** The type a column of `events` is created with: text columns are text until counted, then their verdict. */
export function columnType(loaded: LoadedFiles, identity: Set<string>, name: string, type: string): string {
	const t = loaded.text?.[name];
	if (!t) return type;
	return identity.has(name) ? 'VARCHAR' : (t.all?.type ?? 'VARCHAR');
}

function verdict(n: number, ints: number, decimals: number, intFloats: number): Verdict {
	const type: TextType = n > 0 && ints === n ? 'BIGINT' : n > 0 && decimals === n ? 'DOUBLE' : 'VARCHAR';
	return { type, intFloat: n > 0 && intFloats === n };
}

/** The rule above for one value, in JavaScript: for the first rows and for short tables. */
const DECIMAL_TEXT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const INT64_MAX = 2n ** 63n - 1n;

/** Significant digits of a plain decimal: every digit after the leading zeros (of `0.000123`: 3). */
function significantDigits(v: string): number {
	let n = 0;
	let leading = true;
	for (let i = 0; i < v.length; i++) {
		const c = v.charCodeAt(i);
		if (c < 48 || c > 57) continue;
		if (leading && c === 48) continue;
		leading = false;
		n++;
	}
	return n;
}

class Tally {
	n = 0;
	ints = 0;
	decimals = 0;
	intFloats = 0;

	add(v: string) {
		this.n++;
		if (!DECIMAL_TEXT.test(v)) return;
		const dot = v.indexOf('.');
		if (dot < 0) {
			const digits = v.length - (v.charCodeAt(0) === 45 ? 1 : 0);
			// 19 digits may or may not fit in 64 bits (-9223372036854775808 to 9223372036854775807); `-0`
			// prints back as `0`.
			const fits = digits < 19 || (v[0] === '-' ? -BigInt(v) - 1n : BigInt(v)) <= INT64_MAX;
			if (fits && digits < 20 && v !== '-0') this.ints++;
		} else if (dot === v.length - 2 && v.charCodeAt(dot + 1) === 48) {
			this.intFloats++;
		}
		if (significantDigits(v) <= 15) this.decimals++;
	}

	verdict(): Verdict {
		return verdict(this.n, this.ints, this.decimals, this.intFloats);
	}
}

/**
 * Values counted in JavaScript at most. Each costs about a microsecond there (copied out of DuckDB, decoded,
 * tested) against a quarter of that in SQL, where each column's statement costs tens of milliseconds to
 * plan: JavaScript wins for short tables, however wide, and for the first rows.
 */
const JS_CELLS = 200_000;
/** Rows counted in JavaScript at most, whatever the width. */
const JS_ROWS = 20_000;

/** Tallies of `names` over the first `limit` rows of `table`, read column by column from Arrow. */
async function tallies(duck: Database, table: string, names: string[], limit?: number): Promise<Tally[]> {
	const t = await duck.query(
		`SELECT ${names.map((n) => ident(n)).join(', ')} FROM ${table}${limit ? ` LIMIT ${limit}` : ''}`
	);
	return names.map((_, k) => {
		const tally = new Tally();
		// The iterator walks the record batches in order; get(r) would look its batch up for every value.
		for (const v of t.getChildAt(k)!) if (v != null) tally.add(v as string);
		return tally;
	});
}

/**
 * Verdicts from the first rows of each file (the sample table): what the layout is guessed with, and which
 * columns may be numbers at all (only those are counted over every row).
 */
export async function sampleVerdicts(
	duck: Database,
	table: string,
	names: string[]
): Promise<Record<string, TextColumn>> {
	const out: Record<string, TextColumn> = {};
	const limit = Math.max(1000, Math.min(JS_ROWS, Math.floor(JS_CELLS / Math.max(1, names.length))));
	const counted = await tallies(duck, ident(table), names, limit);
	names.forEach((name, k) => (out[name] = { sample: counted[k].verdict() }));
	return out;
}

/**
 * After a read into the staged `events`: counts, over every row, the text columns whose first rows looked
 * like numbers (or, for ids, like `17850.0`), records the verdicts in `loaded.text`, converts the columns
 * that are numbers, and sets every text column's type in `loaded.columns`. Returns false when `events`
 * must be built again: an id was read without its `.0` on the evidence of the first rows and later rows
 * disprove it (the id is then read as written), or many columns turned out to be numbers (the new read
 * types them as it goes). Short tables are counted in JavaScript, long ones in SQL, by the same rule.
 */
export async function settleTypes(
	duck: Database,
	loaded: LoadedFiles,
	dataset: DatasetSpec
): Promise<boolean> {
	const text = loaded.text;
	if (!text) return true;
	const E = ident(EVENTS + STAGE);
	const identity = identityColumns(dataset);
	const m = dataset.columns;
	// The user column may be a virtual column over `__user` (build.ts): its text is not there to count.
	const virtualUser = userColumnIsVirtual(loaded, dataset) ? m.user : null;
	const provisional = [m.user, m.anonymous].filter((c): c is string => intFloatUnconfirmed(loaded, c));
	const todo = Object.keys(text).filter((name) => {
		const t = text[name];
		if (t.all || name === virtualUser) return false;
		if (t.sample.type === 'VARCHAR' && !t.sample.intFloat) {
			t.all = t.sample;
			return false;
		}
		return true;
	});
	if (todo.length > 0) {
		const rows = (await duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${E}`))[0].n;
		if (rows <= JS_ROWS && rows * todo.length <= 10 * JS_CELLS) {
			const counted = await tallies(duck, E, todo);
			todo.forEach((name, k) => (text[name].all = counted[k].verdict()));
		} else {
			for (const name of todo) await countAll(duck, E, name, text);
		}
	}
	const convert = todo.filter((name) => text[name].all!.type !== 'VARCHAR' && !identity.has(name));
	// Each ALTER costs a statement of its own; past a few columns, reading the file again typed is cheaper.
	if (convert.length > MAX_ALTERS) return false;
	for (const name of convert) {
		const type = text[name].all!.type;
		const c = ident(name);
		await duck.exec(`ALTER TABLE ${E} ALTER COLUMN ${c} TYPE ${type} USING CAST(${c} AS ${type})`);
	}
	loaded.columns = loaded.columns.map((c) =>
		text[c.name] ? { ...c, type: columnType(loaded, identity, c.name, c.type) } : c
	);
	return provisional.every((c) => text[c].all?.intFloat !== false);
}

/**
 * Counts over all rows for one column, decided into `text[name].all`: one statement per column over its
 * non-empty values only, so a sparse column (most exports' numeric properties) costs little.
 */
async function countAll(duck: Database, E: string, name: string, text: Record<string, TextColumn>) {
	const c = ident(name);
	const s = text[name].sample;
	const [r] = await duck.rows<{ n: number; i: number; d: number; l: number; f: number }>(
		`SELECT count(*)::BIGINT AS n,
		   ${s.type === 'BIGINT' ? `count(*) FILTER (WHERE ${isInt(c)})::BIGINT` : '0'} AS i,
		   count(*) FILTER (WHERE ${isDecimal(c)})::BIGINT AS d, coalesce(max(length(${c})), 0)::BIGINT AS l,
		   ${s.intFloat ? `count(*) FILTER (WHERE ${isIntFloat(c)})::BIGINT` : '0'} AS f
		 FROM ${E} WHERE ${c} IS NOT NULL`
	);
	let decimals = r.d;
	// Long decimals may have more than 15 significant digits: those are counted exactly (rare, a second scan).
	if (decimals === r.n && r.l > SHORT_DECIMAL) decimals = await decimalsOf(duck, E, name);
	text[name].all = verdict(r.n, r.i, decimals, r.f);
}

async function decimalsOf(duck: Database, E: string, name: string): Promise<number> {
	const c = ident(name);
	return (
		await duck.rows<{ d: number }>(
			`SELECT count(*) FILTER (WHERE ${isDecimal(c)} AND ${significant(c)} <= 15)::BIGINT AS d FROM ${E}`
		)
	)[0].d;
}
