import type { Table } from 'apache-arrow';
import type { SegmentResult, SegmentSpec } from './spec.ts';

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v ?? 0));
const strings = (v: unknown): string[] => (v == null ? [] : Array.from(v as Iterable<string>));

/** The one row of `compileSegment` as SEMANTICS §4's result. */
export function shapeSegment(table: Table, spec: Pick<SegmentSpec, 'list'>): SegmentResult {
	const row = table.get(0)?.toJSON() ?? {};
	const users = num(row.users);
	const total = num(row.total);
	const out: SegmentResult = { users, share: total === 0 ? 0 : users / total, sample: strings(row.sample) };
	if (spec.list) out.userIds = strings(row.ids);
	return out;
}
