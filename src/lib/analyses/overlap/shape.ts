import type { Table } from 'apache-arrow';
import type { OverlapResult, OverlapSpec } from './spec.ts';

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v ?? 0));

/** The pair rows of `compileOverlap` as a full symmetric matrix (0 where two segments share nobody). */
export function shapeOverlap(table: Table, spec: Pick<OverlapSpec, 'segments'>): OverlapResult {
	const n = spec.segments.length;
	const both = Array.from({ length: n }, () => new Array<number>(n).fill(0));
	let total = 0;
	for (const row of table.toArray()) {
		const r = row.toJSON() as { i: number | null; j: number | null; users: unknown; total: unknown };
		total = num(r.total);
		if (r.i === null || r.j === null) continue;
		const users = num(r.users);
		both[r.i][r.j] = users;
		both[r.j][r.i] = users;
	}
	return { total, segments: spec.segments.map((s, i) => ({ name: s.name, users: both[i][i] })), both };
}
