// The ingest report's sentences about what a load kept: duplicates (checked or not) and rows without a user
// id, for the page and the command line alike. Part of messages.ts (re-exported there).

import type { DedupeMode } from '../spec/types.ts';
import { secondsText } from '../analyses/format.ts';

/** What counted as a duplicate, for "0 dropped (repeated event ids)"; null when nothing was checked. */
export function duplicatesRule(mode: DedupeMode): string | null {
	return mode === 'id' ? 'repeated event ids' : mode === 'row' ? 'identical rows' : null;
}

/**
 * With `dedupe: "none"` (the default without an event id column) the load did not look for duplicates, so
 * it cannot say there were none: how to turn the check on, on the page (the mapping panel's Duplicates
 * choice) or on the command line (`--dedupe`).
 */
export function duplicatesNotCheckedMessage(where: 'page' | 'cli'): string {
	return where === 'page'
		? 'Duplicates not checked: every row was kept. To drop repeats, choose "drop identical rows" (or, with an event id column, "drop repeated event ids") under Duplicates in the column mapping.'
		: 'not checked, every row kept (--dedupe row drops identical rows; --dedupe id repeated event ids)';
}

/**
 * Rows without a user id (SEMANTICS §9: placeholders count as missing) are kept and counted as events, and
 * take no part in per-user analyses (README: "Rows without a user id are kept and counted"): said beside
 * the rows kept, so "N of N kept" does not read as N rows of users.
 */
export function noUserMessage(rows: number): string {
	return `${rows.toLocaleString('en')} of the events kept ${rows === 1 ? 'has' : 'have'} no user id and ${rows === 1 ? 'is' : 'are'} left out of per-user analyses`;
}

/**
 * Said in place of a session's median length when the file has dates only (format.ts `datesOnly`): every
 * event of a day is then at midnight, so a session has no length to show (it would read "0 s").
 */
export const DATES_ONLY_NOTE = 'the file has dates only, no time of day';

/**
 * The session median as the report's Sessions card puts it: "53 s", "2 min" (format.ts `secondsText`); "—"
 * when unknown; with `onlyDates` "— (the file has dates only, …)". A median of 0 s on data with times of day
 * is true but reads like a fault (Online Retail: an invoice's lines share one time, so most sessions are one
 * instant), so it says why.
 */
export function sessionMedianText(seconds: number | null, onlyDates: boolean): string {
	if (onlyDates) return `— (${DATES_ONLY_NOTE})`;
	if (seconds == null) return '—';
	return seconds === 0 ? '0 s (half or more of the sessions are one instant)' : secondsText(seconds);
}
