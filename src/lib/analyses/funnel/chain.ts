/**
 * Sequential order without per-step windows as one pass per user (like ClickHouse's windowFunnel): the step
 * events are read once and sorted once, each user's events of each non-optional step become a list, every
 * attempt follows its chain by list index (no join per step), and the counted attempt and the trend are
 * taken from the user's list of attempts (no sort of the attempts).
 *
 * From each step-1 event the chain takes the earliest event of each next step at or after the threshold
 * (match.ts `thresholdSql`: at or after the previous step, strictly after when it is the same event name,
 * and strictly after every earlier step of that name); a step is reached when its event is within the window
 * of the start. The earliest choice is optimal here: every later constraint is a lower bound, so the
 * earliest times leave the most room; and a later start never has an earlier chain, so a user's attempts
 * stay in time order with their chains.
 *
 * Index arithmetic: on every event, `c{j}_{m}` counts the user's events of step m strictly before it in time
 * (or at or before it, when step m must be strictly later); the first event of step m past that threshold is
 * then element `c + 1` of step m's list, sorted by time then file position. With hold keys the user is split
 * by key first, so the chain only sees events with the attempt's keys.
 */
import { C, EVENTS } from '../../sql/schema.ts';
import { eventRefSql } from '../../sql/filters.ts';
import { ident, literal } from '../../sql/quote.ts';
import { scopeWhereSql, type ScopeContext } from '../../sql/scope.ts';
import type { Plan } from './match.ts';

/** Earlier non-optional steps whose event bounds step m's threshold, and whether strictly (same name). */
function bounds(plan: Plan, m: number): { j: number; strict: boolean }[] {
	const steps = plan.spec.steps;
	const p = plan.required.filter((j) => j < m).at(-1)!;
	const out = [{ j: p, strict: steps[p].event === steps[m].event }];
	for (const j of plan.required)
		if (j < p && steps[j].event === steps[m].event) out.push({ j, strict: true });
	return out;
}

/**
 * The scoped events of the non-optional steps, with a flag per step `f{i}` (or, with `stepIndex`, for steps
 * that no event can match twice, the position `st` of its step among the non-optional ones) and, on step-1
 * events, the trend period `p` of their wall-clock time: CTE `ev` (not materialized).
 */
export function eventsSql(
	plan: Plan,
	ctx: ScopeContext,
	bucket: (x: string) => string,
	stepIndex = false
): string {
	const { spec, keys } = plan;
	const key = (c: string) =>
		`CASE WHEN ${ident(c)} IS NULL THEN 'n' ELSE 'v' || CAST(${ident(c)} AS VARCHAR) END`;
	const cols = [
		`${ident(C.ukey)} AS u`,
		`epoch_us(${ident(C.time)}) AS t`,
		`${ident(C.row)} AS r`,
		`CASE WHEN ${eventRefSql(spec.steps[0])} THEN ${bucket(ident(C.local))} END AS p`,
		...(spec.breakdown ? [`CAST(${ident(spec.breakdown)} AS VARCHAR) AS bd`] : []),
		...(keys.includes('k0') ? [`${key(spec.hold!)} AS k0`] : []),
		...(keys.includes('k1') ? [`${key(spec.breakdown!)} AS k1`] : []),
		...(spec.perUser ? [`${ident(C.user)} AS uid`] : []),
		...(stepIndex
			? [
					`CASE ${plan.required.map((i, q) => `WHEN ${eventRefSql(spec.steps[i])} THEN ${q}`).join(' ')} END AS st`
				]
			: plan.required.map((i) => `${eventRefSql(spec.steps[i])} AS f${i}`))
	];
	return `ev AS (SELECT ${cols.join(', ')} FROM ${ident(EVENTS)} WHERE ${stepEventsWhereSql(plan, ctx)})`;
}

/** The conditions on `events` rows of the non-optional steps' events in the scope, ANDed. */
export function stepEventsWhereSql(plan: Plan, ctx: ScopeContext): string {
	const { spec } = plan;
	const names = [...new Set(plan.required.map((i) => spec.steps[i].event))];
	const where = [
		`${ident(C.ukey)} IS NOT NULL`,
		`${ident(C.time)} IS NOT NULL`,
		// OR of equalities, not IN: DuckDB plans this IN as a hash join over every row (measured slower).
		`(${names.map((n) => `${ident(C.event)} = ${literal(n)}`).join(' OR ')})`,
		scopeWhereSql(spec, ctx)
	];
	if (plan.required.some((i) => spec.steps[i].where.length))
		where.push(`(${plan.required.map((i) => eventRefSql(spec.steps[i])).join(' OR ')})`);
	return where.join(' AND ');
}

/**
 * The chain's index lists: `i{m}` holds, per attempt (element k of `l0`), the 1-based index in `l{m}` of the
 * attempt's step-m event (past the list's end, or NULL, when there is none). Plain integer lists, each one
 * list_transform over the previous step's: carrying every step's event in a growing struct per attempt
 * (struct_insert) cost more (measured in the README's funnel figures).
 */
function indexSql(plan: Plan): string[] {
	return plan.required.slice(1).map((m) => {
		const [prev, ...more] = bounds(plan, m);
		const own = (j: number) => (j === 0 ? `x.c0_${m}` : `l${j}[x].c${j}_${m}`);
		const over = prev.j === 0 ? 'l0' : `i${prev.j}`;
		if (!more.length) return `list_transform(${over}, x -> ${own(prev.j)} + 1) AS i${m}`;
		// Earlier steps of the same name: element k of their index lists belongs to the same attempt.
		const others = more.map(({ j }) => (j === 0 ? `l0[k].c0_${m}` : `l${j}[i${j}[k]].c${j}_${m}`));
		// greatest() skips NULLs: no event of the previous step must leave no next event at all.
		const exists = prev.j === 0 ? '' : `CASE WHEN x <= len(l${prev.j}) THEN `;
		const value = `greatest(${[own(prev.j), ...others].join(', ')}) + 1`;
		return `list_transform(${over}, (x, k) -> ${exists ? `${exists}${value} END` : value}) AS i${m}`;
	});
}

/**
 * CTEs leaving `best` (the counted attempt of each user: `u`, hold keys, `aid`, start `s` µs, `uid`,
 * per non-optional step i `t{i}` µs, `r{i}`, `b{i}` (NULL when not reached), `reached`) and `trr` (per user
 * and period of a step-1 event: `conv`, some attempt of that period reached the last step). `bucket` turns a
 * wall-clock SQL expression into its trend period (a DATE).
 */
export function listChainSql(plan: Plan, ctx: ScopeContext, bucket: (x: string) => string): string[] {
	const { spec, keys } = plan;
	const part = ['u', ...keys].join(', ');
	const rest = plan.required.slice(1);
	const last = plan.required.at(-1)!;
	const counts: string[] = [];
	const fields = new Map<number, string[]>(plan.required.map((j) => [j, []]));
	for (const m of rest)
		for (const { j, strict } of bounds(plan, m)) {
			const c = `c${j}_${m}`;
			counts.push(
				`count(*) FILTER (WHERE f${m}) OVER (PARTITION BY ${part} ORDER BY t RANGE BETWEEN UNBOUNDED PRECEDING AND ${strict ? 'CURRENT ROW' : '1 PRECEDING'}) AS ${c}`
			);
			fields.get(j)!.push(c);
		}
	const element = (j: number) => {
		const cols = [
			't',
			'r',
			...(spec.breakdown ? ['bd'] : []),
			...(j === 0 ? ['p', ...(spec.perUser ? ['uid'] : [])] : []),
			...fields.get(j)!
		];
		// list_sort orders the structs by time, then file position (their first fields): an ordered aggregate
		// (list(… ORDER BY t, r)) cost ten times more.
		return `list_sort(list({${cols.map((c) => `'${c}': ${c}`).join(', ')}}) FILTER (WHERE f${j})) AS l${j}`;
	};
	// The last non-optional step reached from each attempt, by its events' times (NULL past a list's end).
	const reached = rest.length
		? `CASE ${[...rest]
				.reverse()
				.map((m) => `WHEN l${m}[i${m}[k]].t <= x.t + ${plan.w} THEN ${m}`)
				.join(' ')} ELSE 0 END`
		: '0';
	const at = (m: number, c: string) =>
		m === 0 ? `l0[k].${c}` : `CASE WHEN reached >= ${m} THEN l${m}[i${m}[k]].${c} END`;
	const cols = [
		'u',
		...keys,
		'l0[k].r AS aid',
		'l0[k].t AS s',
		...(spec.perUser ? ['l0[k].uid AS uid'] : []),
		...plan.required.flatMap((m) => [
			`${at(m, 't')} AS t${m}`,
			`${at(m, 'r')} AS r${m}`,
			`${spec.breakdown ? at(m, 'bd') : 'NULL::VARCHAR'} AS b${m}`
		]),
		'reached'
	];
	const indexes = indexSql(plan);
	const from = (i: number) => (i === 0 ? 'lists' : `ix${i - 1}`);
	return [
		eventsSql(plan, ctx, bucket),
		`cnt AS (SELECT *${counts.map((c) => ', ' + c).join('')} FROM ev)`,
		// Users without a step-1 event are dropped in the aggregate: a filter on the sorted list after it would
		// sort that list twice (DuckDB pushes the filter's copy of the expression down).
		`lists AS (SELECT ${part}, ${plan.required.map(element).join(', ')} FROM cnt GROUP BY ${part} HAVING bool_or(f0))`,
		// A lambda reads only columns of its FROM: each index list, made from the previous one, is a CTE.
		...indexes.map((ix, i) => `ix${i} AS (SELECT *, ${ix} FROM ${from(i)})`),
		`ranked AS (SELECT *, list_transform(l0, (x, k) -> ${reached}) AS rs FROM ${from(indexes.length)})`,
		`pick AS (SELECT *, list_position(rs, list_max(rs)) AS k, list_max(rs) AS reached FROM ranked)`,
		`per AS MATERIALIZED (SELECT ${cols.join(', ')},
	list_distinct(list_transform(l0, x -> x.p)) AS entered,
	list_distinct(list_transform(l0, (x, k) -> CASE WHEN rs[k] = ${last} THEN x.p END)) AS converted FROM pick)`,
		`best AS MATERIALIZED (SELECT * EXCLUDE (entered, converted) FROM per${keys.length ? ` QUALIFY row_number() OVER (PARTITION BY u ORDER BY reached DESC, s, aid) = 1` : ''})`,
		keys.length
			? `trr AS (SELECT u, p AS period, bool_or(list_contains(converted, p)) AS conv FROM (SELECT u, converted, unnest(entered) AS p FROM per) GROUP BY u, p)`
			: `trr AS (SELECT u, p AS period, list_contains(converted, p) AS conv FROM (SELECT u, converted, unnest(entered) AS p FROM per))`
	];
}
