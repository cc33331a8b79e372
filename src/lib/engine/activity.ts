import { CancelledError, type Database } from './duck.ts';
import { ACTIVITY, C, EVENTS } from '../sql/schema.ts';
import { ident } from '../sql/quote.ts';

/**
 * `activity`: what every per-user analysis needs from `events`, built once per dataset. One row per user,
 * event name, local day and UTC offset, then one row per user, local day and UTC offset over all events
 * (`any_event` true, `__event` NULL). Only rows with a user key, a time and a local time take part, as in
 * every analysis.
 *
 *   __ukey     INTEGER    the user (`events.__ukey`)
 *   __event    VARCHAR    the event name; NULL on the any-event rows
 *   any_event  BOOLEAN    true on the rows that count every event of the user that day
 *   day        DATE       the local calendar day (`CAST(__local AS DATE)`)
 *   first_t    TIMESTAMP  the row's earliest `__time`
 *   last_t     TIMESTAMP  the row's latest `__time`
 *   n          INTEGER    events in the row
 *
 * Splitting a local day by its UTC offset (which changes only at a daylight-saving change) keeps each row's
 * events within less than 24 hours of UTC time, so a rolling period of 24 h or more holds a row's events in
 * at most two periods, those of `first_t` and `last_t`: rolling retention can be answered from this table
 * exactly. One instant has one local day and one offset, so two rows of the same user and event (or two
 * any-event rows of a user) never share an instant: the earliest row by `first_t` holds the earliest event.
 * Which event row that is, when several share that instant, is left to the events table (by `__row`), so
 * the build needs only cheap min and max aggregates.
 *
 * The any-event rows come first, so a query over them reads one contiguous stretch of the table.
 */
export { ACTIVITY };

export interface BuildActivityOptions {
	/** The events table to read; `events` by default (ingest builds into a staging name first). */
	events?: string;
	/** Appended to the activity table's name, e.g. the staging suffix of ingest. */
	suffix?: string;
	isCancelled?: () => boolean;
}

/** (Re)builds the activity table from the events table: about half a second for a million events. */
export async function buildActivity(duck: Database, opts: BuildActivityOptions = {}): Promise<void> {
	const events = ident(opts.events ?? EVENTS);
	const table = ident(ACTIVITY + (opts.suffix ?? ''));
	const u = ident(C.ukey);
	const t = ident(C.time);
	const l = ident(C.local);
	const ev = ident(C.event);
	await duck.exec(`DROP TABLE IF EXISTS ${table}`);
	if (opts.isCancelled?.()) throw new CancelledError();
	// The any-event rows are aggregated from the per-event rows, under half as many as the events. The first
	// GROUP BY is by position: by name, `day` and `off` would bind to a user's own columns of those names.
	await duck.exec(
		`CREATE TABLE ${table} AS
		 WITH per_event AS MATERIALIZED (
		   SELECT ${u}, ${ev}, CAST(${l} AS DATE) AS day, epoch_us(${l}) - epoch_us(${t}) AS off,
		     min(${t}) AS first_t, max(${t}) AS last_t, count(*)::INTEGER AS n
		   FROM ${events}
		   WHERE ${u} IS NOT NULL AND ${t} IS NOT NULL AND ${l} IS NOT NULL
		   GROUP BY 1, 2, 3, 4
		 )
		 SELECT ${u}, CAST(NULL AS VARCHAR) AS ${ev}, TRUE AS any_event, day, min(first_t) AS first_t,
		   max(last_t) AS last_t, sum(n)::INTEGER AS n
		 FROM per_event GROUP BY ${u}, day, off
		 UNION ALL
		 SELECT ${u}, ${ev}, FALSE, day, first_t, last_t, n FROM per_event`,
		opts
	);
}
