import { CancelledError, type Database, type RunOptions } from './duck.ts';
import { ident } from '../sql/quote.ts';
import { C } from '../sql/schema.ts';

/**
 * User keys `after < __ukey <= upTo`; a null end is open. The first range of a split starts open and the last
 * ends open, so together they hold every user key, including users with no timed event.
 */
export interface KeyRange {
	after: number | null;
	upTo: number | null;
}

const [row, ukey, time, local, event, session] = [C.row, C.ukey, C.time, C.local, C.event, C.session].map(
	ident
);
const order = `(${time}, ${row})`;

/** The SQL condition on `__ukey` for `range` (`true` for the whole key line). */
export function keyFilter(range: KeyRange): string {
	const parts = [
		range.after === null ? null : `${ukey} > ${range.after}`,
		range.upTo === null ? null : `${ukey} <= ${range.upTo}`
	].filter((p) => p !== null);
	return parts.length > 0 ? parts.join(' AND ') : 'true';
}

/**
 * Splits the user keys of `events` into consecutive ranges holding about `rowsPerRange` timed events each
 * (a range ends after the user whose events reach the next multiple; one user is never split). One range
 * (the whole key line) when all timed events fit in one. `rowsPerRange` is a positive integer.
 */
export async function keyRanges(
	duck: Database,
	events: string,
	rowsPerRange: number,
	run: RunOptions
): Promise<KeyRange[]> {
	if (!Number.isInteger(rowsPerRange) || rowsPerRange < 1) {
		throw new Error(`Rows per range must be a whole number above 0, got ${rowsPerRange}.`);
	}
	const timed = `FROM ${ident(events)} WHERE ${ukey} IS NOT NULL AND ${time} IS NOT NULL`;
	// The count alone is a fraction of the grouping below, which a file of up to rowsPerRange events skips.
	const [{ n }] = await duck.rows<{ n: number }>(`SELECT count(*)::DOUBLE AS n ${timed}`, run);
	if (n <= rowsPerRange) return [{ after: null, upTo: null }];
	const ends = await duck.rows<{ hi: number }>(
		`SELECT max(${ukey}) AS hi FROM (
		   SELECT ${ukey}, sum(count(*)) OVER (ORDER BY ${ukey})::BIGINT AS cum ${timed} GROUP BY ${ukey})
		 GROUP BY (cum - 1) // ${rowsPerRange} ORDER BY hi`,
		run
	);
	const his = ends.map((e) => Number(e.hi));
	if (his.length <= 1) return [{ after: null, upTo: null }];
	return his.map((hi, i) => ({ after: i === 0 ? null : his[i - 1], upTo: i === his.length - 1 ? null : hi }));
}

/** The tables one range's sessions are built through (derived.ts names them). */
export interface SessionTables {
	events: string;
	/** Scratch: the range's timed events with their gap-session number. Dropped after each range. */
	rows: string;
	/** Scratch: the range's sessions with their number. Dropped after each range. */
	sessions: string;
	/** `(__ukey, __user)` of every user: where a session takes its user id from. */
	users: string;
	/** The `sessions` table being built (derived.ts documents it); created by the first range. */
	out: string;
	/** `(__row, __session)` of every event in a session, for the UPDATE of `events`; created by the first range. */
	map: string;
}

export interface SessionRule {
	gapMicros: number;
	/** The session id column of the export, and its DuckDB type; null: the gap rule only. */
	sessionCol: string | null;
	sessionType: string;
}

/**
 * Sessions (SEMANTICS §7) of the users in `range`, numbered from `first` on by (user key, start, first event's
 * `__row`): appended to `t.out`, and each of their events' `(__row, __session)` to `t.map`. Ranges must come
 * in key order, each `first` the number of sessions before it, so the numbers equal those of one pass over
 * all users. Resolves to the number of sessions of the range.
 */
export async function sessionsOfRange(
	duck: Database,
	t: SessionTables,
	rule: SessionRule,
	range: KeyRange,
	first: number,
	run: RunOptions & { create: boolean }
): Promise<number> {
	const check = () => {
		if (run.isCancelled?.()) throw new CancelledError();
	};
	const [E, ROWS, SESS] = [t.events, t.rows, t.sessions].map(ident);
	const { sessionCol } = rule;
	// One sort per user gives each event its break flag (first event, or more than the gap after the
	// previous one) and then its gap-session number within the user, `g`. With a session id column only
	// the rows without an id are split by the gap, in their own partition.
	const sid = sessionCol ? sessionIdSql(sessionCol, rule.sessionType) : 'NULL::VARCHAR';
	const w = `PARTITION BY ${sessionCol ? `${ukey}, sid IS NULL` : ukey} ORDER BY ${time}, ${row}`;
	const lagTime = `lag(${time}) OVER (${w})`;
	const brk = `(${lagTime} IS NULL OR epoch_us(${time}) - epoch_us(${lagTime}) > ${rule.gapMicros})::INTEGER`;
	const g = `sum(brk) OVER (${w} ROWS UNBOUNDED PRECEDING)`;
	await duck.exec(
		`CREATE TABLE ${ROWS} AS
		 SELECT ${row}, ${ukey}, ${time}, ${local}, ${event}, sid,
		   ${sessionCol ? `CASE WHEN sid IS NULL THEN ${g} END` : g}::INTEGER AS g
		 FROM (
		   SELECT *, ${sessionCol ? `CASE WHEN sid IS NULL THEN ${brk} END` : brk} AS brk
		   FROM (SELECT ${row}, ${ukey}, ${time}, ${local}, ${event}, ${sid} AS sid FROM ${E}
		         WHERE ${ukey} IS NOT NULL AND ${time} IS NOT NULL AND ${keyFilter(range)}))`,
		run
	);
	check();
	await duck.exec(
		`CREATE TABLE ${SESS} AS
		 SELECT (${first} + row_number() OVER (ORDER BY ${ukey}, start_time, first_row) - 1)::INTEGER AS ${session},
		   row_number() OVER (PARTITION BY ${ukey} ORDER BY start_time, first_row)::INTEGER AS nth, *
		 FROM (
		   SELECT ${ukey}, sid, g, min(${time}) AS start_time, max(${time}) AS end_time,
		     arg_min(${local}, ${order}) AS start_local, arg_max(${local}, ${order}) AS end_local,
		     count(*)::BIGINT AS events, arg_min(${event}, ${order}) AS first_event,
		     arg_max(${event}, ${order}) AS last_event, arg_min(${row}, ${order}) AS first_row
		   FROM ${ROWS} GROUP BY ${ukey}, sid, g)`,
		run
	);
	check();
	const into = (table: string, select: string) =>
		run.create ? `CREATE TABLE ${ident(table)} AS ${select}` : `INSERT INTO ${ident(table)} ${select}`;
	const user = ident(C.user);
	await duck.exec(
		into(
			t.out,
			`SELECT s.${session}, s.${ukey}, u.${user}, s.nth, s.sid AS export_id, s.start_time, s.end_time,
			   s.start_local, s.end_local, (epoch_us(s.end_time) - epoch_us(s.start_time)) / 1e6 AS duration_s,
			   s.events, s.first_event, s.last_event
			 FROM ${SESS} s JOIN ${ident(t.users)} u USING (${ukey})
			 ORDER BY s.${session}`
		),
		run
	);
	check();
	await duck.exec(
		into(
			t.map,
			`SELECT r.${row}, s.${session} FROM ${ROWS} r JOIN ${SESS} s
			 ON s.${ukey} = r.${ukey} AND s.sid IS NOT DISTINCT FROM r.sid AND s.g IS NOT DISTINCT FROM r.g`
		),
		run
	);
	const [{ n }] = await duck.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${SESS}`);
	await duck.exec(`DROP TABLE ${ROWS}`);
	await duck.exec(`DROP TABLE ${SESS}`);
	return n;
}

/**
 * The export's session id as text, NULL when it is missing: empty, NULL, or -1 (Amplitude writes -1 for
 * events outside any session). Integral floats lose their `.0` so `17.0` and `17` name one session.
 */
function sessionIdSql(col: string, type: string): string {
	const c = ident(col);
	let text = `trim(CAST(${c} AS VARCHAR))`;
	if (/^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(type)) {
		text = `CASE WHEN ${c} = trunc(${c}) AND abs(${c}) < 9e15 THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`;
	}
	return `CASE WHEN ${text} IN ('', '-1') THEN NULL ELSE ${text} END`;
}

/**
 * Adds `__session` to `events` (dropping an earlier one: no stale number stays on a row that lost its
 * session) from `map`'s `(__row, __session)`, NULL for rows in no session. One transaction, so `events` stays
 * whole if an UPDATE is cancelled or fails; `slices` UPDATEs of a slice of rows each keep every join as
 * small as a range's. Call it outside an open transaction.
 */
export async function writeSessionColumn(
	duck: Database,
	events: string,
	map: string,
	slices: number,
	replace: boolean,
	run: RunOptions
): Promise<void> {
	const [E, M] = [ident(events), ident(map)];
	const parts = await rowSlices(duck, M, slices);
	await duck.exec('BEGIN TRANSACTION');
	try {
		if (replace) await duck.exec(`ALTER TABLE ${E} DROP COLUMN ${session}`);
		await duck.exec(`ALTER TABLE ${E} ADD COLUMN ${session} INTEGER`);
		for (const slice of parts) {
			await duck.exec(
				`UPDATE ${E} SET ${session} = x.${session}
				 FROM (SELECT ${row}, ${session} FROM ${M} WHERE ${rowFilter(`${M}.${row}`, slice)}) x
				 WHERE ${E}.${row} = x.${row} AND ${rowFilter(`${E}.${row}`, slice)}`,
				run
			);
			if (run.isCancelled?.()) throw new CancelledError();
		}
		await duck.exec('COMMIT');
	} catch (e) {
		await duck.exec('ROLLBACK');
		throw e;
	}
}

/** Events `from <= __row < to`; a null end is open. */
interface RowSlice {
	from: number | null;
	to: number | null;
}

/** `n` slices of equal width over the `__row` values of `map`, together holding all of them. */
async function rowSlices(duck: Database, map: string, n: number): Promise<RowSlice[]> {
	const whole = [{ from: null, to: null }];
	if (n <= 1) return whole;
	const [{ lo, hi }] = await duck.rows<{ lo: number | null; hi: number | null }>(
		`SELECT min(${row})::DOUBLE AS lo, max(${row})::DOUBLE AS hi FROM ${map}`
	);
	if (lo === null || hi === null) return whole;
	const width = Math.ceil((hi - lo + 1) / n);
	return Array.from({ length: n }, (_, i) => ({
		from: i === 0 ? null : lo + i * width,
		to: i === n - 1 ? null : lo + (i + 1) * width
	}));
}

function rowFilter(column: string, slice: RowSlice): string {
	const parts = [
		slice.from === null ? null : `${column} >= ${slice.from}`,
		slice.to === null ? null : `${column} < ${slice.to}`
	].filter((p) => p !== null);
	return parts.length > 0 ? parts.join(' AND ') : 'true';
}
