/**
 * The fields every analysis accepts (SEMANTICS §1b) as SQL: the date range as bounds on `__local` (calendar
 * days in the dataset's time zone) and the segment as a set of user keys.
 */
import { addDays, addMonths, localDay } from '../spec/calendar.ts';
import type { DateRange, Scope } from '../spec/scope.ts';
import { segmentRuleOf } from '../spec/scope.ts';
import { ident, literal } from './quote.ts';
import { C } from './schema.ts';
import { segmentUsersSql } from './segment-rule.ts';

export interface ScopeContext {
	/** Time zone of calendar days (the dataset's `timezone`). */
	timezone: string;
	/** The last event time in the data, UTC ms: `last` ranges count back from its day, rules from it. */
	lastEventMs: number | null;
	/** Original columns of `events`. */
	columns: readonly string[];
}

/**
 * The days of a date range, `to` included. `{ last: N, unit }` ends on the day of the last event in the
 * data and starts N days (7N days for weeks; for months, the day after the same date N months earlier)
 * before, so "last 7 days" is the last event's day and the six before it. Null when there is no range, or
 * no event to count back from.
 */
export function resolveDateRange(
	range: DateRange | null,
	ctx: Pick<ScopeContext, 'timezone' | 'lastEventMs'>
): { from: string; to: string } | null {
	if (!range) return null;
	if ('from' in range) return range;
	if (ctx.lastEventMs === null) return null;
	const to = localDay(ctx.lastEventMs, ctx.timezone);
	const from =
		range.unit === 'month'
			? addDays(addMonths(to, -range.last), 1)
			: addDays(to, -(range.last * (range.unit === 'week' ? 7 : 1)) + 1);
	return { from, to };
}

/** `__local` (or another wall-clock column) within the range's days, as SQL; TRUE without a range. */
export function dateRangeSql(days: { from: string; to: string } | null, column = ident(C.local)): string {
	if (!days) return 'TRUE';
	const from = `TIMESTAMP ${literal(`${days.from} 00:00:00`)}`;
	const to = `TIMESTAMP ${literal(`${addDays(days.to, 1)} 00:00:00`)}`;
	return `(${column} >= ${from} AND ${column} < ${to})`;
}

/** The users of the scope's segment as a query of `__ukey`, or null when every user counts. */
export function segmentUsers(scope: Scope, ctx: ScopeContext): string | null {
	if (!scope.segment) return null;
	return segmentUsersSql(segmentRuleOf(scope.segment), { asOfMs: null, columns: ctx.columns });
}

/**
 * Conditions on `events` rows for a scope: the date range on `__local` and the segment's users on
 * `__ukey`, ANDed; `alias` prefixes the columns (`e.`). TRUE for an empty scope.
 */
export function scopeWhereSql(scope: Scope, ctx: ScopeContext, alias = ''): string {
	const parts: string[] = [];
	const days = resolveDateRange(scope.dateRange, ctx);
	if (days) parts.push(dateRangeSql(days, alias + ident(C.local)));
	const users = segmentUsers(scope, ctx);
	if (users) parts.push(`${alias}${ident(C.ukey)} IN (${users})`);
	return parts.length ? parts.join(' AND ') : 'TRUE';
}
