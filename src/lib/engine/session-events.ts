import { CancelledError, type Database } from './duck.ts';
import { ident } from '../sql/quote.ts';
import { C } from '../sql/schema.ts';
import {
	collapsedSql,
	EVENT_NAMES,
	eventNamesSql,
	SESSION_EVENTS,
	sessionEventsSql
} from '../sql/session-events.ts';

/**
 * (Re)builds `event_names` and `session_events` (sql/session-events.ts documents their columns) from `events`
 * and its `__session` (derived.ts, which must have run). Once per dataset, on the first paths query: about
 * 0.5 s of CPU at a million events under WASM, and 12 bytes per event (a code and a time).
 */
export async function buildSessionEvents(
	duck: Database,
	opts: { isCancelled?: () => boolean } = {}
): Promise<void> {
	const [names, lists] = [ident(EVENT_NAMES), ident(SESSION_EVENTS)];
	await duck.exec(`DROP TABLE IF EXISTS ${lists}`);
	await duck.exec(`DROP TABLE IF EXISTS ${names}`);
	await duck.exec(`CREATE TABLE ${names} AS ${eventNamesSql(ident(C.event))}`, opts);
	if (opts.isCancelled?.()) throw new CancelledError();
	// The collapsed steps are read by every paths query that maps no name: collapsing a million events'
	// lists cost about a quarter of such a query (measured under WASM at a million events).
	await duck.exec(
		`CREATE TABLE ${lists} AS SELECT * EXCLUDE (named), ${collapsedSql('named')} AS steps
		 FROM (SELECT *, list_filter(codes, x -> x IS NOT NULL) AS named FROM (${sessionEventsSql(ident(C.event), names)}))`,
		opts
	);
}
