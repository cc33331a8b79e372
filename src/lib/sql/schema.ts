/**
 * The canonical tables ingest builds and every compiler reads. Original columns of the export keep their
 * names; the canonical columns Footfall adds start with two underscores so they cannot clash with them
 * (ingest renames an original column that does).
 *
 * Derived tables, built once per dataset on first use: `activity` (activity.ts) and `sessions`, `users`,
 * `users_first`, `users_latest` (derived.ts).
 *
 * `events`: one row per kept event.
 *   __row    BIGINT     position of the row among all loaded rows (0-based, file order), for "keep first"
 *   __file   ENUM       the file the row came from (an ENUM of the file names; reads as text)
 *   __user   VARCHAR    resolved user id (identity resolution applied); NULL when the row has no user
 *   __ukey   INTEGER    integer key of __user in id order: 0 to (users - 1) without gaps; NULL when __user is NULL
 *   __time   TIMESTAMP  event time in UTC
 *   __local  TIMESTAMP  wall-clock time in the dataset's time zone (all calendar bucketing uses this); in UTC a
 *                       virtual column equal to __time
 *   __event  VARCHAR    event name (the dataset's eventName when no event column is mapped)
 *   __id     VARCHAR    event id, NULL when not mapped (a virtual column over the id column: not stored)
 *   __anon   VARCHAR    anonymous / device id as exported, NULL when not mapped or a placeholder (virtual:
 *                       not stored)
 *   __uph, __aph VARCHAR  the user / anonymous id as written when it is a placeholder (SEMANTICS §9: `NULL`,
 *                       `undefined`…), else NULL: mostly NULL, so they take almost no memory
 *   __session INTEGER   session number, unique across the dataset; added by derived.ts on first use
 *                       (SEMANTICS §7), NULL for rows without a user or time
 *   ...      original columns, as typed at load. Without an anonymous id column, the user column is a virtual
 *            column over __user (or __uph) cast back to its type (the same values, stored once).
 */
export const EVENTS = 'events';
/** The per-user, per-day activity table (engine/activity.ts documents its columns). */
export const ACTIVITY = 'activity';
export const USERS = 'users';
export const SESSIONS = 'sessions';
/** Each user's first and latest non-empty value of every original column (engine/derived.ts). */
export const USERS_FIRST = 'users_first';
export const USERS_LATEST = 'users_latest';

export const C = {
	row: '__row',
	file: '__file',
	user: '__user',
	ukey: '__ukey',
	time: '__time',
	local: '__local',
	event: '__event',
	id: '__id',
	anon: '__anon',
	userPlaceholder: '__uph',
	anonPlaceholder: '__aph',
	session: '__session'
} as const;

export const CANONICAL_COLUMNS: readonly string[] = Object.values(C);
