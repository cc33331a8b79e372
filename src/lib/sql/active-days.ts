/**
 * Which users were active on which local days: the (user, day) pairs that stickiness and the KPIs count,
 * read from the `activity` table (engine/activity.ts, one row per user, event and local day) when it can
 * answer, else from `events`. Both give the same pairs; the activity table is several times smaller.
 */
import type { EventRef } from '../spec/types.ts';
import { addDays } from '../spec/calendar.ts';
import { eventRefSql } from './filters.ts';
import { ident, literal } from './quote.ts';
import { ACTIVITY, C, EVENTS } from './schema.ts';
import { dateRangeSql } from './scope.ts';

export interface ActiveDaysOptions {
	/** True when the dataset's `activity` table exists and is current. */
	activity: boolean;
	/** Local calendar days to keep, both included; null for all. */
	days: { from: string; to: string } | null;
	/** A further condition on the user key column `__ukey` (a segment), or TRUE. */
	users: string;
}

/** True when the activity table answers a reference: it exists and the reference has no `where` filters. */
export function activityAnswers(ref: EventRef | null, activity: boolean): boolean {
	return activity && (ref === null || !ref.where || ref.where.length === 0);
}

/**
 * `SELECT u, day`: the distinct users (`__ukey`) and local days (DATE) with an event matching `ref` (null:
 * any event), within `days`, meeting `users`. Rows without a user or a time never count.
 */
export function activeDaysSql(ref: EventRef | null, opts: ActiveDaysOptions): string {
	const ukey = ident(C.ukey);
	if (activityAnswers(ref, opts.activity)) {
		const which =
			ref?.event != null ? `NOT any_event AND ${ident(C.event)} = ${literal(ref.event)}` : 'any_event';
		const range = opts.days
			? `day >= DATE ${literal(opts.days.from)} AND day <= DATE ${literal(opts.days.to)}`
			: 'TRUE';
		return `SELECT DISTINCT ${ukey} AS u, day FROM ${ident(ACTIVITY)} WHERE ${which} AND ${range} AND ${opts.users}`;
	}
	const local = ident(C.local);
	return `SELECT DISTINCT ${ukey} AS u, CAST(${local} AS DATE) AS day FROM ${ident(EVENTS)}
	WHERE ${ukey} IS NOT NULL AND ${local} IS NOT NULL AND coalesce(${eventRefSql(ref)}, FALSE)
	AND ${dateRangeSql(opts.days)} AND ${opts.users}`;
}

/** The days `days` widened by `lookback` days before their first (for windows ending on the first days). */
export function withLookback(days: { from: string; to: string } | null, lookback: number) {
	return days ? { from: addDays(days.from, -lookback), to: days.to } : null;
}
