import type { Table } from 'apache-arrow';
import { addDays, addPeriods } from '../../spec/calendar.ts';
import type { StickinessResult, StickinessSpec } from './spec.ts';

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v ?? 0));

/**
 * The rows of `compileStickiness` as SEMANTICS §6's result. An interval is partial when the range starts
 * after its first day or ends before its last.
 */
export function shapeStickiness(table: Table, spec: Pick<StickinessSpec, 'interval'>): StickinessResult {
	const counts: StickinessResult['counts'] = [];
	let last: Record<string, unknown> = {};
	for (const row of table) {
		last = row.toJSON();
		counts.push({ days: num(last.days), users: num(last.users) });
	}
	const from = (last.lo as string | null) ?? null;
	const to = (last.hi as string | null) ?? null;
	const firstIv = (last.first_iv as string | null) ?? null;
	const lastIv = (last.last_iv as string | null) ?? null;
	const partial: string[] = [];
	if (firstIv && firstIv !== from) partial.push(firstIv);
	if (lastIv && to && addDays(addPeriods(lastIv, 1, spec.interval), -1) !== to && !partial.includes(lastIv))
		partial.push(lastIv);
	return {
		interval: spec.interval,
		counts,
		total: counts.reduce((s, c) => s + c.users, 0),
		users: num(last.active_users),
		from,
		to,
		intervals: from ? num(last.intervals) : 0,
		partial
	};
}
