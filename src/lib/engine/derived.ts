import { CancelledError, type Database } from './duck.ts';
import { keyRanges, sessionsOfRange, writeSessionColumn } from './derived-sessions.ts';
import { C, EVENTS, SESSIONS, USERS, USERS_FIRST, USERS_LATEST } from '../sql/schema.ts';

export { USERS_FIRST, USERS_LATEST };
import { ident } from '../sql/quote.ts';
import { DATASET_DEFAULTS } from '../spec/defaults.ts';
import type { DatasetSpec } from '../spec/types.ts';

/**
 * The per-dataset tables every analysis reuses, built once after `events` (SEMANTICS §7 sessions, §4
 * `property`).
 *
 * `events.__session INTEGER`: the session of each event (NULL when the row has no user or no time). It is
 * added to `events` in place (ALTER TABLE ADD COLUMN + UPDATE … FROM, derived-sessions.ts): on a 1M-row
 * `events` that costs about 0.3 to 0.7 s under WASM, where rewriting the table with the column (CREATE OR REPLACE … AS SELECT)
 * costs about 5 s and twice the memory, and a side table `(__row, __session)` would make every paths or
 * per-session query join on `__row` (up to 0.1 s each at 1M rows) and every compiler remember to. Paths
 * partition by `__session`; per-user session counts and durations come from `sessions` without touching
 * `events`. The update runs in its own transaction, so call this outside an open one.
 *
 * `sessions`, one row per session, numbered 0..n-1 by (user key, start, first event's `__row`), so the
 * sessions of one user are consecutive numbers:
 *   __session INTEGER, __ukey INTEGER, __user VARCHAR,
 *   nth INTEGER            1 for the user's first session, 2 for the second…
 *   export_id VARCHAR      the export's own session id; NULL for a session made by the gap rule
 *   start_time, end_time TIMESTAMP (UTC)      first and last event time
 *   start_local, end_local TIMESTAMP          `__local` of the first and last event (not min/max of
 *                                             `__local`, which a clock change can reorder)
 *   duration_s DOUBLE      end_time − start_time; 0 for a one-event session
 *   events BIGINT, first_event VARCHAR, last_event VARCHAR
 *
 * `users`, one row per user key:
 *   __ukey INTEGER, __user VARCHAR, first_seen, last_seen, first_seen_local, last_seen_local TIMESTAMP,
 *   events BIGINT, sessions BIGINT, active_days BIGINT (distinct local dates), first_event, last_event VARCHAR
 *
 * `users_first` and `users_latest`: `__ukey` plus the original columns of `events` under their own names and
 * types, holding each user's first and latest value. Keeping the names (rather than `first_<col>` columns in
 * `users`) means no clash is possible (an export may well have a column `seen`, or `first_x` beside `x`), and
 * a compiler reads a property from the same name it would read on `events`. The columns mapped to the user,
 * time, event, event id and session roles are left out: their per-user values are already in `users`
 * (`__user`, `first_seen`, `first_event`…) or are per-event ids, and they are the costliest to aggregate.
 *
 * "First" and "latest" are the first and last NON-NULL values in event order (PostHog's person properties
 * keep the last value set; an event without the property does not unset it). For a column filled on every
 * event this is the value on the first or most recent event (SEMANTICS §4); for a column filled on some
 * events only (price on `product_viewed`), it is the value from the latest event that had one, instead of
 * NULL for nearly everyone.
 *
 * Event order is (`__time`, `__row`) throughout: events at the same instant keep file order.
 */

/** The tables `buildDerived` creates (before the suffix), for callers that stage and rename them. */
export const DERIVED_TABLES: readonly string[] = [SESSIONS, USERS, USERS_FIRST, USERS_LATEST];

export interface DerivedSummary {
	sessions: number;
	users: number;
	medianSessionSeconds: number | null;
	sessionSource: 'gap' | 'column';
}

export interface DerivedOptions {
	isCancelled?: () => boolean;
	/** The events table to read, and to which `__session` is added. */
	events?: string;
	/** Appended to the created tables' names (`sessions__stage`…). */
	suffix?: string;
	/** Timed events per range of users whose sessions are built together (default ROWS_PER_RANGE). */
	rowsPerRange?: number;
}

/**
 * Sessions are built a range of users at a time, each range about this many timed events: the window sort
 * that numbers sessions holds its rows and their text (event name) at once, which at 10M events in one
 * sort did not fit in DuckDB-WASM's 4 GB beside `events` (issue 14). Up to this many events it is one pass.
 */
export const ROWS_PER_RANGE = 2_000_000;

/**
 * Properties aggregated per statement. One GROUP BY with thousands of aggregates makes rows wider than
 * DuckDB-WASM's hash table can hold, and it traps ("divide by zero") instead of failing: measured with
 * first/latest values of about 3,500 columns. A wide export takes a pass per this many columns instead.
 */
const PROPS_PER_PASS = 200;

/**
 * Builds `sessions`, `users`, `users_first`, `users_latest` and `events.__session` for a loaded `events`
 * table, replacing earlier ones.
 *
 * Sessions (SEMANTICS §7): a user's events in time order split where the time since the previous event is
 * MORE than `sessionGapMinutes`; a gap of exactly that length stays in the session (PostHog: a new session
 * starts after 30 minutes of inactivity). With `columns.session` mapped, a session is a (user, session id)
 * pair instead; rows whose session id is empty, NULL or `-1` (Amplitude's "no session") are split by the gap
 * rule among themselves. Rows with no user or no time belong to no session.
 */
export async function buildDerived(
	duck: Database,
	dataset: Pick<DatasetSpec, 'columns' | 'sessionGapMinutes'>,
	opts: DerivedOptions = {}
): Promise<DerivedSummary> {
	const events = opts.events ?? EVENTS;
	const suffix = opts.suffix ?? '';
	const run = { isCancelled: opts.isCancelled };
	const check = () => {
		if (opts.isCancelled?.()) throw new CancelledError();
	};
	const gapMinutes = dataset.sessionGapMinutes ?? DATASET_DEFAULTS.sessionGapMinutes;
	if (!Number.isFinite(gapMinutes) || gapMinutes <= 0) {
		throw new Error(`The session gap must be a number of minutes above 0, got ${gapMinutes}.`);
	}
	const gapMicros = Math.round(gapMinutes * 60_000_000);
	const types = new Map(
		(
			await duck.rows<{ name: string; type: string }>(
				`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${ident(events)})`
			)
		).map((r) => [r.name, r.type])
	);
	const m = dataset.columns;
	const sessionCol = m.session || null;
	if (sessionCol && !types.has(sessionCol)) {
		throw new Error(`The session column "${sessionCol}" is not in the data.`);
	}

	const E = ident(events);
	const T = (name: string) => ident(name + suffix);
	const tables = {
		events,
		rows: `__derived_rows${suffix}`,
		sessions: `__derived_sessions${suffix}`,
		users: `__derived_users${suffix}`,
		out: SESSIONS + suffix,
		map: `__derived_map${suffix}`
	};
	const AGG = ident(tables.users);
	const temps = [tables.rows, tables.sessions, tables.users, tables.map].map(ident);
	const [row, ukey, user, time, local, event] = [C.row, C.ukey, C.user, C.time, C.local, C.event].map(ident);
	const order = `(${time}, ${row})`;

	try {
		for (const t of temps) await duck.exec(`DROP TABLE IF EXISTS ${t}`);

		// Every per-user figure and property in one pass over `events`. arg_min / arg_max skip rows whose
		// value is NULL (https://duckdb.org/docs/stable/sql/functions/aggregates#arg_maxarg-val), which is
		// exactly the "first / latest non-null value" rule.
		const roles = new Set([m.user, m.time, m.event, m.id, m.session].filter((c): c is string => !!c));
		const props = [...types.keys()].filter((n) => !n.startsWith('__') && !roles.has(n));
		const propAggs = (from: number) =>
			props
				.slice(from, from + PROPS_PER_PASS)
				.flatMap((p, k) => [
					`arg_min(${ident(p)}, ${order}) AS ${ident(`__f${from + k}`)}`,
					`arg_max(${ident(p)}, ${order}) AS ${ident(`__l${from + k}`)}`
				]);
		// Every pass groups the same rows, so in user-key order their rows line up one to one.
		const wide = props.length > PROPS_PER_PASS;
		await duck.exec(
			`CREATE TABLE ${AGG} AS
			 SELECT ${ukey}, any_value(${user}) AS ${user}, min(${time}) AS first_seen, max(${time}) AS last_seen,
			   arg_min(${local}, ${order}) AS first_seen_local, arg_max(${local}, ${order}) AS last_seen_local,
			   count(*)::BIGINT AS events, count(DISTINCT CAST(${local} AS DATE))::BIGINT AS active_days,
			   arg_min(${event}, ${order}) AS first_event, arg_max(${event}, ${order}) AS last_event
			   ${propAggs(0)
						.map((a) => ', ' + a)
						.join('')}
			 FROM ${E} WHERE ${ukey} IS NOT NULL GROUP BY ${ukey} ${wide ? `ORDER BY ${ukey}` : ''}`,
			run
		);
		check();
		// The rest of a wide export's properties, a pass each (see PROPS_PER_PASS).
		const more: string[] = [];
		for (let from = PROPS_PER_PASS; from < props.length; from += PROPS_PER_PASS) {
			const table = T(`__derived_props${more.length}`);
			temps.push(table);
			more.push(table);
			await duck.exec(`DROP TABLE IF EXISTS ${table}`);
			await duck.exec(
				`CREATE TABLE ${table} AS SELECT ${propAggs(from).join(', ')}
				 FROM ${E} WHERE ${ukey} IS NOT NULL GROUP BY ${ukey} ORDER BY ${ukey}`,
				run
			);
			check();
		}
		// A positional join: a keyed join of two dozen tables takes DuckDB longer to plan than to run.
		const propsFrom = [AGG, ...more.map((t) => `POSITIONAL JOIN ${t}`)].join(' ');

		const usersT = T(USERS);
		const sessionsT = T(SESSIONS);
		for (const t of DERIVED_TABLES) await duck.exec(`DROP TABLE IF EXISTS ${T(t)}`);

		// Sessions a range of users at a time (see ROWS_PER_RANGE), numbered as one pass would number them.
		const ranges = await keyRanges(duck, events, opts.rowsPerRange ?? ROWS_PER_RANGE, run);
		const rule = { gapMicros, sessionCol, sessionType: types.get(sessionCol ?? '') ?? 'VARCHAR' };
		let sessions = 0;
		for (const [i, range] of ranges.entries()) {
			sessions += await sessionsOfRange(duck, tables, rule, range, sessions, { ...run, create: i === 0 });
			check();
		}

		await duck.exec(
			`CREATE TABLE ${usersT} AS
			 SELECT a.${ukey}, a.${user}, a.first_seen, a.last_seen, a.first_seen_local, a.last_seen_local,
			   a.events, coalesce(s.n, 0)::BIGINT AS sessions, a.active_days, a.first_event, a.last_event
			 FROM ${AGG} a LEFT JOIN (SELECT ${ukey}, count(*) AS n FROM ${sessionsT} GROUP BY ${ukey}) s USING (${ukey})
			 ORDER BY a.${ukey}`
		);
		const projected = (prefix: string) =>
			[ukey, ...props.map((p, i) => `${ident(`${prefix}${i}`)} AS ${ident(p)}`)].join(', ');
		await duck.exec(
			`CREATE TABLE ${T(USERS_FIRST)} AS SELECT ${projected('__f')} FROM ${propsFrom} ORDER BY ${ukey}`
		);
		await duck.exec(
			`CREATE TABLE ${T(USERS_LATEST)} AS SELECT ${projected('__l')} FROM ${propsFrom} ORDER BY ${ukey}`
		);
		for (const t of [AGG, ...more]) await duck.exec(`DROP TABLE ${t}`);
		check();

		await writeSessionColumn(duck, events, tables.map, ranges.length, types.has(C.session), run);

		const summary = (
			await duck.rows<{ sessions: number; users: number; median: number | null }>(
				`SELECT (SELECT count(*) FROM ${sessionsT})::BIGINT AS sessions,
			   (SELECT count(*) FROM ${usersT})::BIGINT AS users,
			   (SELECT median(duration_s) FROM ${sessionsT})::DOUBLE AS median`
			)
		)[0];
		return {
			sessions: summary.sessions,
			users: summary.users,
			medianSessionSeconds: summary.median,
			sessionSource: sessionCol ? 'column' : 'gap'
		};
	} finally {
		for (const t of temps) await duck.exec(`DROP TABLE IF EXISTS ${t}`);
	}
}
