/**
 * Event references as the pickers edit them (SEMANTICS §2: an event name or any event, with `where` filters).
 * A filter row being typed is a draft: it runs only once complete.
 */
import type { EventRef, RowFilter } from '../../spec/types.ts';

/** True when a filter row can run: a column, and a value unless the operator takes none. */
export function isCompleteFilter(f: RowFilter): boolean {
	if (!f.column) return false;
	if (f.op === 'is_null' || f.op === 'not_null') return true;
	if (Array.isArray(f.value)) return f.value.length > 0;
	return f.value !== undefined && f.value !== '';
}

/**
 * The picker's reference for a spec's `event` and `where` (the inverse of `runnableRef`): null for any event
 * without filters. Used to set a screen's controls back from a spec (the page address, the last settings).
 */
export function refOfSpec(s: { event: string | null; where: RowFilter[] }): EventRef | null {
	return s.event === null && s.where.length === 0 ? null : { event: s.event, where: s.where };
}

/**
 * The reference to run: null for any event without filters, the reference itself when every filter row is
 * complete, and undefined while a row is still a draft (the caller then does not run).
 */
export function runnableRef(ref: EventRef | null): EventRef | null | undefined {
	if (!ref) return null;
	const where = ref.where ?? [];
	if (!where.every(isCompleteFilter)) return undefined;
	return where.length > 0 ? { event: ref.event, where } : ref.event === null ? null : { event: ref.event };
}
