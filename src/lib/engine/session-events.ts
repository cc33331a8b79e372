import { CancelledError, type Database } from './duck.ts';
import { ident } from '../sql/quote.ts';
import { C, EVENTS } from '../sql/schema.ts';
import {
	collapsedSql,
	EVENT_NAMES,
	eventNamesSql,
	SESSION_EVENTS,
	sessionEventsSql
} from '../sql/session-events.ts';
import { keyFilter, keyRanges } from './derived-sessions.ts';
import { ROWS_PER_RANGE } from './derived.ts';

/**
 * (Re)builds `event_names` and `session_events` (sql/session-events.ts documents their columns) from `events`
 * and its `__session` (derived.ts, which must have run). Once per dataset, on the first paths query: about
 * 0.5 s of CPU at a million events under WASM, and 12 bytes per event (a code and a time).
 *
 * The lists are aggregated a range of users at a time, each about `rowsPerRange` timed events (default
 * ROWS_PER_RANGE, as sessions are built; one pass up to that many). DuckDB holds a list aggregate's state in
 * memory and cannot spill it, so in one pass the build needs memory in proportion to all events: at 10M
 * events it ran out of memory under native DuckDB's 800 MB limit (and at 50M under 4 GB), where every other
 * step spilled (issue 15). A session is one user's, so ranges of users split no session and the rows are the
 * one pass's. Throws DuckDB's out-of-memory error (worded by core.ts) and CancelledError.
 */
export async function buildSessionEvents(
	duck: Database,
	opts: { isCancelled?: () => boolean; rowsPerRange?: number } = {}
): Promise<void> {
	const [names, lists] = [ident(EVENT_NAMES), ident(SESSION_EVENTS)];
	const check = () => {
		if (opts.isCancelled?.()) throw new CancelledError();
	};
	const run = { isCancelled: opts.isCancelled };
	await duck.exec(`DROP TABLE IF EXISTS ${lists}`);
	await duck.exec(`DROP TABLE IF EXISTS ${names}`);
	await duck.exec(`CREATE TABLE ${names} AS ${eventNamesSql(ident(C.event))}`, run);
	check();
	const ranges = await keyRanges(duck, EVENTS, opts.rowsPerRange ?? ROWS_PER_RANGE, run);
	for (const [i, range] of ranges.entries()) {
		// The collapsed steps are read by every paths query that maps no name: collapsing a million events'
		// lists cost about a quarter of such a query (measured under WASM at a million events).
		const select = `SELECT * EXCLUDE (named), ${collapsedSql('named')} AS steps
		 FROM (SELECT *, list_filter(codes, x -> x IS NOT NULL) AS named
		       FROM (${sessionEventsSql(ident(C.event), names, keyFilter(range))}))`;
		await duck.exec(i === 0 ? `CREATE TABLE ${lists} AS ${select}` : `INSERT INTO ${lists} ${select}`, run);
		check();
	}
}
