/**
 * Sequential order without per-step windows, when the non-optional steps name distinct events and no
 * property is held constant: the same greedy chain as chain.ts (from each step-1 event, the earliest event of
 * each next step at or after the previous one, by time then file position; SEMANTICS §3), found with one sort
 * and hash joins instead of per-user lists.
 *
 * With distinct names every event is of at most one step. A user's events are sorted once by time, step,
 * file position: a step's events at the same time as an event of the previous step come after it, so a
 * running count over that order gives each event its index `k` among its step's events (by time, then file
 * position) and the index `nk` of the first event of the next step at or after it. The chain is then
 * followed backwards from the last step, one equality join on (user, index) per step; each step-1 event is an
 * attempt carrying its whole chain. Measured on the 1M-event benchmark file (five steps, native DuckDB on one
 * thread, CPU time, median of 5) against the lists of chain.ts: the same result, about 15 % less time (one
 * sort and joins instead of building, sorting and indexing per-user lists).
 */
import type { ScopeContext } from '../../sql/scope.ts';
import { eventsSql } from './chain.ts';
import type { Plan } from './match.ts';

/** Whether joinChainSql applies: distinct, named non-optional steps and no hold keys. */
export function joinChainApplies(plan: Plan): boolean {
	const names = plan.required.map((i) => plan.spec.steps[i].event);
	return !plan.keys.length && names.every((n) => n !== null) && new Set(names).size === names.length;
}

/** The same CTEs as listChainSql (`best`, `trr`) for a plan where joinChainApplies. */
export function joinChainSql(plan: Plan, ctx: ScopeContext, bucket: (x: string) => string): string[] {
	const { spec, required } = plan;
	const last = required.at(-1)!;
	const order = `(PARTITION BY u ORDER BY t, st, r ROWS UNBOUNDED PRECEDING)`;
	const counts = required.map((_, q) => `count(*) FILTER (WHERE st = ${q}) OVER ${order} AS c${q}`);
	const pick = (shift: number) =>
		`CASE st ${required.flatMap((_, q) => (q + shift < required.length ? [`WHEN ${q} THEN c${q + shift}`] : [])).join(' ')} END`;
	const out = [
		// The step's position straight from the event, not from a flag per step: 10 % less CPU under WASM at
		// 1M events (five steps, median of 10 alternating runs 1.33 s with flags, 1.19 s without).
		eventsSql(plan, ctx, bucket, true),
		`idx AS MATERIALIZED (SELECT u, t, r, p${spec.breakdown ? ', bd' : ''}${spec.perUser ? ', uid' : ''}, st, ${pick(0)} AS k, ${pick(1)} + 1 AS nk FROM (SELECT *, ${counts.join(', ')} FROM ev))`
	];
	// Backwards: the events of step m with the chain of their next step's event (NULL where there is none).
	let carried: string[] = [];
	for (let q = required.length - 1; q >= 1; q--) {
		const m = required[q];
		const own = `a.t AS t${m}, a.r AS r${m}${spec.breakdown ? `, a.bd AS b${m}` : ''}`;
		const rest = carried.map((c) => `, b.${c}`).join('');
		const join =
			q === required.length - 1 ? '' : ` LEFT JOIN j${required[q + 1]} b ON b.u = a.u AND b.k = a.nk`;
		// The last step reads `idx` whole, its other rows keyed NULL (they join nothing): when every reader of
		// a materialized CTE filters it, DuckDB 1.4 pushes the OR of their filters into the CTE, which cost
		// 14 % of the query's CPU time (five steps, 1M events, DuckDB-WASM under Node: median of 15 runs
		// 1.33 s with the filter, 1.14 s without).
		const from =
			q === required.length - 1
				? `(SELECT u, CASE WHEN st = ${q} THEN k END AS k, t, r${spec.breakdown ? ', bd' : ''} FROM idx)`
				: `(SELECT * FROM idx WHERE st = ${q})`;
		out.push(`j${m} AS (SELECT a.u, a.k, ${own}${rest} FROM ${from} a${join})`);
		carried = [`t${m}`, `r${m}`, ...(spec.breakdown ? [`b${m}`] : []), ...carried];
	}
	const w = plan.w;
	const reached =
		required.length > 1
			? `CASE ${required
					.slice(1)
					.reverse()
					.map((m) => `WHEN t${m} <= s + ${w} THEN ${m}`)
					.join(' ')} ELSE 0 END`
			: '0';
	const next = required.length > 1 ? ` LEFT JOIN j${required[1]} b ON b.u = a.u AND b.k = a.nk` : '';
	out.push(
		`att AS MATERIALIZED (SELECT *, ${reached} AS reached FROM (SELECT a.u, a.r AS aid, a.t AS s, a.p${spec.perUser ? ', a.uid' : ''}, a.t AS t0, a.r AS r0${spec.breakdown ? ', a.bd AS b0' : ''}${carried.map((c) => `, b.${c}`).join('')} FROM (SELECT * FROM idx WHERE st = 0) a${next}))`
	);
	const at = (m: number, c: string) =>
		c === 'b' && !spec.breakdown
			? `NULL::VARCHAR AS b${m}`
			: m === 0
				? `${c}${m}`
				: `CASE WHEN reached >= ${m} THEN ${c}${m} END AS ${c}${m}`;
	const cols = [
		'u',
		'aid',
		's',
		...(spec.perUser ? ['uid'] : []),
		...required.flatMap((m) => [at(m, 't'), at(m, 'r'), at(m, 'b')]),
		'reached'
	];
	// The counted attempt: furthest reached, then earliest start, then first in the file (as chain.ts).
	out.push(
		`best AS MATERIALIZED (SELECT ${cols.join(', ')} FROM (SELECT unnest(arg_min(att, (-reached, s, aid))) FROM att GROUP BY u))`,
		`trr AS (SELECT u, p AS period, bool_or(reached = ${last}) AS conv FROM att GROUP BY u, p)`
	);
	return out;
}
