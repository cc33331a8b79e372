import type { Table } from 'apache-arrow';
import type { EngagementResult, EngagementSpec, EngagementUser } from './spec.ts';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The long table of `compileEngagement` as SEMANTICS §6's result. */
export function shapeEngagement(
	table: Table,
	spec: Pick<EngagementSpec, 'scale' | 'list'>
): EngagementResult {
	const rows = table.toArray().map((r) => r.toJSON() as Record<string, unknown>);
	const of = (part: string) => rows.filter((r) => r.part === part).sort((x, y) => Number(x.k) - Number(y.k));
	const summary = of('summary')[0] ?? {};
	const quantiles = of('quantiles')[0] ?? {};
	const user = (r: Record<string, unknown>): EngagementUser => {
		const u: EngagementUser = { user: String(r.user), score: Number(r.a) };
		if (spec.scale === 'percentile') u.rank = Number(r.b);
		return u;
	};
	const users = num(summary.a) ?? 0;
	const out: EngagementResult = {
		scale: spec.scale,
		users,
		zero: num(summary.b) ?? 0,
		mean: users ? num(summary.c) : null,
		median: users ? num(quantiles.a) : null,
		p90: users ? num(quantiles.b) : null,
		max: users ? num(quantiles.c) : null,
		histogram: users
			? of('bin').map((r) => ({ from: Number(r.a), to: Number(r.b), users: Number(r.c) }))
			: [],
		topUsers: of('top').map(user)
	};
	if (spec.list) out.scores = of('all').map(user);
	return out;
}
