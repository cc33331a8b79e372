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

/** The scoped events of the non-optional steps, with a flag per step: CTE `ev` (not materialized). */
function eventsSql(plan: Plan, ctx: ScopeContext): string {
	const { spec, keys } = plan;
	const key = (c: string) =>
		`CASE WHEN ${ident(c)} IS NULL THEN 'n' ELSE 'v' || CAST(${ident(c)} AS VARCHAR) END`;
	const cols = [
		`${ident(C.ukey)} AS u`,
		`epoch_us(${ident(C.time)}) AS t`,
		`${ident(C.row)} AS r`,
		`${ident(C.local)} AS lt`,
		...(spec.breakdown ? [`CAST(${ident(spec.breakdown)} AS VARCHAR) AS bd`] : []),
		...(keys.includes('k0') ? [`${key(spec.hold!)} AS k0`] : []),
		...(keys.includes('k1') ? [`${key(spec.breakdown!)} AS k1`] : []),
		...(spec.perUser ? [`${ident(C.user)} AS uid`] : []),
		...plan.required.map((i) => `${eventRefSql(spec.steps[i])} AS f${i}`)
	];
	const names = [...new Set(plan.required.map((i) => spec.steps[i].event))];
	const where = [
		`${ident(C.ukey)} IS NOT NULL`,
		`${ident(C.time)} IS NOT NULL`,
		`${ident(C.event)} IN (${names.map(literal).join(', ')})`,
		scopeWhereSql(spec, ctx)
	];
	if (plan.required.some((i) => spec.steps[i].where.length))
		where.push(`(${plan.required.map((i) => eventRefSql(spec.steps[i])).join(' OR ')})`);
	return `ev AS (SELECT ${cols.join(', ')} FROM ${ident(EVENTS)} WHERE ${where.join(' AND ')})`;
}

/** Each attempt's chain as a list expression over the step lists `l{i}`: structs `{e0, e1, …}`. */
function chainExpr(plan: Plan): string {
	let chain = `list_transform(l0, x -> {'e0': x})`;
	for (const m of plan.required.slice(1)) {
		const [prev, ...more] = bounds(plan, m);
		const idx = [prev, ...more].map(({ j }) => `a.e${j}.c${j}_${m}`);
		const at = more.length ? `greatest(${idx.join(', ')})` : idx[0];
		// greatest() skips NULLs: no event of the previous step must leave no next event at all.
		chain = `list_transform(${chain}, a -> struct_insert(a, e${m} := CASE WHEN a.e${prev.j} IS NOT NULL THEN l${m}[${at} + 1] END))`;
	}
	return chain;
}

/**
 * CTEs leaving `best` (the counted attempt of each user: `u`, hold keys, `aid`, start `s` µs, `lt`, `uid`,
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
			...(j === 0 ? ['lt', ...(spec.perUser ? ['uid'] : [])] : []),
			...fields.get(j)!
		];
		// list_sort orders the structs by time, then file position (their first fields): an ordered aggregate
		// (list(… ORDER BY t, r)) cost ten times more.
		return `list_sort(list({${cols.map((c) => `'${c}': ${c}`).join(', ')}}) FILTER (WHERE f${j})) AS l${j}`;
	};
	const reached = rest.length
		? `CASE ${[...rest]
				.reverse()
				.map((m) => `WHEN a.e${m}.t <= a.e0.t + ${plan.w} THEN ${m}`)
				.join(' ')} ELSE 0 END`
		: '0';
	const at = (m: number, c: string) =>
		m === 0 ? `b.e0.${c}` : `CASE WHEN b.reached >= ${m} THEN b.e${m}.${c} END`;
	const cols = [
		'u',
		...keys,
		'b.e0.r AS aid',
		'b.e0.t AS s',
		'b.e0.lt AS lt',
		...(spec.perUser ? ['b.e0.uid AS uid'] : []),
		...plan.required.flatMap((m) => [
			`${at(m, 't')} AS t${m}`,
			`${at(m, 'r')} AS r${m}`,
			`${spec.breakdown ? at(m, 'bd') : 'NULL::VARCHAR'} AS b${m}`
		]),
		'b.reached AS reached'
	];
	const period = bucket('a.e0.lt');
	return [
		eventsSql(plan, ctx),
		`cnt AS (SELECT *${counts.map((c) => ', ' + c).join('')} FROM ev)`,
		`lists AS (SELECT ${part}, ${plan.required.map(element).join(', ')} FROM cnt GROUP BY ${part})`,
		`chains AS (SELECT ${part}, list_transform(${chainExpr(plan)}, a -> struct_insert(a, reached := ${reached})) AS atts FROM lists WHERE l0 IS NOT NULL)`,
		`ranked AS (SELECT *, list_transform(atts, a -> a.reached) AS rs FROM chains)`,
		`per AS MATERIALIZED (SELECT ${part}, atts[list_position(rs, list_max(rs))] AS b,
	list_distinct(list_transform(atts, a -> ${period})) AS entered,
	list_distinct(list_transform(list_filter(atts, a -> a.reached = ${last}), a -> ${period})) AS converted FROM ranked)`,
		`best AS MATERIALIZED (SELECT ${cols.join(', ')} FROM per${keys.length ? ` QUALIFY row_number() OVER (PARTITION BY u ORDER BY b.reached DESC, b.e0.t, b.e0.r) = 1` : ''})`,
		keys.length
			? `trr AS (SELECT u, p AS period, bool_or(list_contains(converted, p)) AS conv FROM (SELECT u, converted, unnest(entered) AS p FROM per) GROUP BY u, p)`
			: `trr AS (SELECT u, p AS period, list_contains(converted, p) AS conv FROM (SELECT u, converted, unnest(entered) AS p FROM per))`
	];
}
