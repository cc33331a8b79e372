/**
 * The dashboard's own date range and segment (issue 13), pure: the form they are kept in (a workspace's
 * `dashboardScope`, db.ts) and carried in the address (`/dashboard?dates=…&segment=…&compare=1`), and which
 * one a dashboard opens on. Both sources are untrusted (a link anyone sends, a record an older or newer
 * Footfall wrote): whatever does not check out is ignored as if absent, never thrown at the page.
 */
import { dateRange as checkRange, type DateRange, type Scope } from '../spec/scope.ts';

/**
 * The scope every tile of a dashboard runs with (SEMANTICS §1b): its date range (null: every day), the saved
 * segment by id (null: all users; a segment's rule may be a list of thousands of users, so the id is what is
 * kept, as analyses keep theirs) and whether that segment is drawn beside all users on the full analyses.
 */
export interface DashboardScope {
	dateRange: DateRange | null;
	segmentId: string | null;
	compare: boolean;
}

export const ALL_TIME: DashboardScope = { dateRange: null, segmentId: null, compare: false };

/** A saved segment's id as the address and the record may carry it. */
const SEGMENT_ID = /^[\w-]{1,64}$/;

/** A date range as checked by the spec (SEMANTICS §1b), or undefined when it does not check out. */
function range(x: unknown): DateRange | null | undefined {
	try {
		return checkRange(x, 'dateRange');
	} catch {
		return undefined;
	}
}

/** A kept dashboard scope (a workspace record's `dashboardScope`), or null when absent or malformed. */
export function readStoredScope(x: unknown): DashboardScope | null {
	if (!x || typeof x !== 'object') return null;
	const o = x as Record<string, unknown>;
	const dateRange = range(o.dateRange);
	if (dateRange === undefined) return null;
	const segmentId = typeof o.segmentId === 'string' && SEGMENT_ID.test(o.segmentId) ? o.segmentId : null;
	return { dateRange, segmentId, compare: segmentId !== null && o.compare === true };
}

/**
 * The dashboard scope of the workbench's current scope and the saved segment it came from. A segment not
 * picked from the saved ones (none today) is not kept: the dashboard then keeps all users.
 */
export function scopeOfWorkbench(scope: Scope, segmentId: string | null): DashboardScope {
	const id = scope.segment && segmentId ? segmentId : null;
	return { dateRange: scope.dateRange, segmentId: id, compare: Boolean(id && scope.segment?.compare) };
}

/** The date range as the `dates` parameter writes it: `all`, `last-30-day`, `2022-06-01..2022-06-15`. */
export function writeDates(r: DateRange | null): string {
	if (!r) return 'all';
	return 'last' in r ? `last-${r.last}-${r.unit}` : `${r.from}..${r.to}`;
}

/** Reads a `dates` parameter (see writeDates); undefined when it is not one. */
export function readDates(text: string): DateRange | null | undefined {
	if (text === 'all') return null;
	const last = /^last-(\d{1,6})-(day|week|month)$/.exec(text);
	if (last) return range({ last: Number(last[1]), unit: last[2] }) ?? undefined;
	const days = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text);
	if (days) return range({ from: days[1], to: days[2] }) ?? undefined;
	return undefined;
}

/**
 * The dashboard scope an address names (`?dates=…`, with `segment` and `compare`), or null when it names
 * none: `dates` decides (an address without it, or with one that does not read, says nothing).
 */
export function readUrlScope(search: string | URLSearchParams): DashboardScope | null {
	const params = new URLSearchParams(search);
	const dates = params.get('dates');
	const dateRange = dates === null ? undefined : readDates(dates);
	if (dateRange === undefined) return null;
	const id = params.get('segment');
	const segmentId = id && SEGMENT_ID.test(id) ? id : null;
	return { dateRange, segmentId, compare: segmentId !== null && params.get('compare') === '1' };
}

/** The query `search` with the dashboard scope `s` written into it, other parameters kept. Returns `?…`. */
export function writeUrlScope(search: string, s: DashboardScope): string {
	const out = new URLSearchParams(search);
	out.set('dates', writeDates(s.dateRange));
	if (s.segmentId) out.set('segment', s.segmentId);
	else out.delete('segment');
	if (s.segmentId && s.compare) out.set('compare', '1');
	else out.delete('compare');
	return `?${out}`;
}

/**
 * The scope a dashboard opens on: the address's (a link or a reload of this tab), else the one kept with the
 * workspace (the last one chosen on its dashboard), else the one the workbench has now (nothing chosen on
 * this dashboard yet).
 */
export function openingScope(
	fromAddress: DashboardScope | null,
	stored: DashboardScope | null,
	current: DashboardScope
): DashboardScope {
	return fromAddress ?? stored ?? current;
}

/** True when two dashboard scopes say the same. */
export function sameScope(a: DashboardScope, b: DashboardScope): boolean {
	return (
		writeDates(a.dateRange) === writeDates(b.dateRange) &&
		a.segmentId === b.segmentId &&
		a.compare === b.compare
	);
}
