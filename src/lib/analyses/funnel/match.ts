/**
 * Step matching of a funnel (SEMANTICS §3) as SQL common table expressions, one formulation per order. Each
 * leaves `att`: one row per attempt (a step-1 event, or in `any` order any step's event) with its user `u`,
 * attempt id `aid` (the event's `__row`), start `s` (µs), wall clock `lt` of the start, `reached` (index of
 * the last non-optional step reached), and per non-optional step i the first time it was reached `t{i}`
 * (µs), that event's row `r{i}` and breakdown value `b{i}` (NULL when not reached), plus hold keys `k{j}`.
 */
import { C, EVENTS } from '../../sql/schema.ts';
import { eventRefSql } from '../../sql/filters.ts';
import { ident } from '../../sql/quote.ts';
import type { ScopeContext } from '../../sql/scope.ts';
import { scopeWhereSql } from '../../sql/scope.ts';
import { durationSeconds, type FunnelSpec } from './spec.ts';
import { listChainSql } from './chain.ts';
import { joinChainApplies, joinChainSql } from './chain-join.ts';

const MICROS = 1_000_000;

/** What every formulation shares: step indexes, the window in µs, the hold keys' equality. */
export interface Plan {
	spec: FunnelSpec;
	/** Indexes of the non-optional steps, in order. */
	required: number[];
	/** The conversion window, µs. */
	w: number;
	/** Names of hold key columns (`k0`, `k1`), compared for equality between a step and the attempt. */
	keys: string[];
}

export function planOf(spec: FunnelSpec): Plan {
	const required = spec.steps.flatMap((s, i) => (s.optional ? [] : [i]));
	const keys: string[] = [];
	if (spec.hold) keys.push('k0');
	if (spec.breakdownAttribution === 'all_steps' && spec.breakdown) keys.push('k1');
	return { spec, required, w: durationSeconds(spec.window) * MICROS, keys };
}

/** A text key that tells an empty value from every value (NULL is a value of its own, as in breakdowns). */
const keySql = (column: string) =>
	`CASE WHEN ${ident(column)} IS NULL THEN 'n' ELSE 'v' || CAST(${ident(column)} AS VARCHAR) END`;

/** The previous non-optional step of step i. */
export function previousRequired(plan: Plan, i: number): number {
	return plan.required.filter((j) => j < i).at(-1)!;
}

/**
 * The lowest time (µs, SQL over alias `a`) the event of step i may have after the attempt's earlier steps:
 * at or after the previous non-optional step, strictly after it, and after every earlier non-optional step,
 * of the same event name (a repeated event must happen again; SEMANTICS §3).
 */
export function thresholdSql(plan: Plan, i: number, a = 'a'): string {
	const p = previousRequired(plan, i);
	const name = plan.spec.steps[i].event;
	const parts = [`${a}.t${p}${plan.spec.steps[p].event === name ? ' + 1' : ''}`];
	for (const j of plan.required) if (j < p && plan.spec.steps[j].event === name) parts.push(`${a}.t${j} + 1`);
	// greatest() skips NULLs: a previous step not reached must leave no threshold at all.
	return parts.length === 1
		? parts[0]
		: `CASE WHEN ${a}.t${p} IS NOT NULL THEN greatest(${parts.join(', ')}) END`;
}

/** `a.k0 = e.k0 AND …` for the hold keys, or nothing. */
export function keysEqual(plan: Plan, a: string, e: string): string {
	return plan.keys.map((k) => ` AND ${a}.${k} = ${e}.${k}`).join('');
}

/**
 * CTEs `${name}_ev` and `${name}`: each row of CTE `left` (a unique `aid`, user `u`, hold keys, threshold `th`
 * in µs) with the first event of `base` where `flag` holds at or after `th`, by time then file position
 * (`nt`, `nr`, `nbd`: its time, row and breakdown value; NULL when there is none). With `hold`, only events
 * with the attempt's hold keys count. A running minimum of event ranks over the attempts and events sorted
 * together (a window, O(n log n)); DuckDB's ASOF join gave inconsistent rows on Online Retail's many equal
 * times, so it is not used.
 */
export function nextEventSql(plan: Plan, name: string, left: string, flag: string, hold = true): string {
	const keys = hold ? plan.keys.map((k) => ', ' + k).join('') : '';
	return `${name}_ev AS (SELECT u${keys}, t, r, bd, row_number() OVER (ORDER BY t, r) AS seq FROM base WHERE ${flag}),
${name}_nx AS (SELECT aid, kind, min(seq) OVER (PARTITION BY u${keys} ORDER BY key, kind ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS ns
	FROM (SELECT u${keys}, th AS key, 0 AS kind, aid, NULL::BIGINT AS seq FROM ${left} WHERE th IS NOT NULL
		UNION ALL SELECT u${keys}, t, 1, NULL, seq FROM ${name}_ev)),
${name} AS (SELECT l.*, e.t AS nt, e.r AS nr, e.bd AS nbd FROM ${left} l
	LEFT JOIN (SELECT aid, ns FROM ${name}_nx WHERE kind = 0) n USING (aid) LEFT JOIN ${name}_ev e ON e.seq = n.ns)`;
}

/** The scoped events with a flag per step (`f{i}`) and exclusion (`x{j}`): CTE `base`. */
export function baseSql(plan: Plan, ctx: ScopeContext): string {
	const { spec } = plan;
	const strict = spec.order === 'strict';
	const flags = spec.steps.map(
		(s, i) => `coalesce(${eventRefSql({ event: s.event, where: s.where })}, FALSE) AS f${i}`
	);
	const xs = spec.exclusions.map(
		(x, j) => `coalesce(${eventRefSql({ event: x.event, where: x.where })}, FALSE) AS x${j}`
	);
	const any = [...flags, ...xs].map((f) => f.replace(/ AS [fx]\d+$/, ''));
	const cols = [
		`${ident(C.ukey)} AS u`,
		`epoch_us(${ident(C.time)}) AS t`,
		`${ident(C.row)} AS r`,
		`${ident(C.local)} AS lt`,
		`${spec.breakdown ? `CAST(${ident(spec.breakdown)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)'} AS bd`,
		...(spec.hold ? [`${keySql(spec.hold)} AS k0`] : []),
		...(plan.keys.includes('k1') ? [`${keySql(spec.breakdown!)} AS k1`] : []),
		...(spec.perUser ? [`${ident(C.user)} AS uid`] : []),
		...(strict
			? [
					`row_number() OVER (PARTITION BY ${ident(C.ukey)} ORDER BY ${ident(C.time)}, ${ident(C.row)}) AS pos`
				]
			: []),
		...flags,
		...xs
	];
	const where = [`${ident(C.ukey)} IS NOT NULL`, `${ident(C.time)} IS NOT NULL`, scopeWhereSql(spec, ctx)];
	// Strict order needs every event (any event between two steps breaks the sequence); the others only theirs.
	if (!strict) where.push(`(${any.join(' OR ')})`);
	return `base AS MATERIALIZED (SELECT ${cols.join(', ')} FROM ${ident(EVENTS)} WHERE ${where.join(' AND ')})`;
}

const carried = (plan: Plan) => ['u', 'aid', 's', 'lt', ...plan.keys, ...(plan.spec.perUser ? ['uid'] : [])];

function startSql(plan: Plan): string {
	const extra = [
		...plan.keys,
		...(plan.spec.perUser ? ['uid'] : []),
		...(plan.spec.order === 'strict' ? ['pos AS pos0'] : [])
	];
	return `a0 AS (SELECT u, r AS aid, t AS s, lt, t AS t0, r AS r0, bd AS b0${extra.map((c) => ', ' + c).join('')} FROM base WHERE f0)`;
}

/** `reached`: the index of the last non-optional step with a time. */
function reachedSql(plan: Plan): string {
	const [, ...rest] = plan.required;
	if (rest.length === 0) return '0';
	return `CASE ${rest
		.reverse()
		.map((i) => `WHEN t${i} IS NOT NULL THEN ${i}`)
		.join(' ')} ELSE 0 END`;
}

/**
 * Sequential order with per-step windows: the earliest choice is no longer optimal (a later event of step
 * i-1 may be the one within reach of step i), so each step keeps the set of its events reachable in the
 * attempt: those with some reachable event of the previous step before them, within both windows. Costs a
 * join per step over (attempt × events in the window); used only when a step has `within`.
 */
function setsSql(plan: Plan): string[] {
	const { spec } = plan;
	// Earlier steps whose time a later step of the same name must exceed: their times ride along the sets.
	const needed = plan.required.filter((j) =>
		plan.required.some((k) => k > j && spec.steps[k].event === spec.steps[j].event)
	);
	const keep = carried(plan);
	const out = [
		`s0 AS (SELECT u, r AS aid, t AS s, lt, t AS t, r, bd AS b${[...plan.keys, ...(spec.perUser ? ['uid'] : [])].map((c) => ', ' + c).join('')}${needed.includes(0) ? ', t AS t0' : ''} FROM base WHERE f0)`
	];
	for (const i of plan.required.slice(1)) {
		const p = previousRequired(plan, i);
		const within = spec.steps[i].within;
		const conds = [
			`e.u = a.u${keysEqual(plan, 'a', 'e')}`,
			`e.t >= ${thresholdSql(plan, i, 'a').replace(new RegExp(`a\\.t${p}(?!\\d)`, 'g'), 'a.t')}`,
			`e.t <= a.s + ${plan.w}`,
			...(within ? [`e.t - a.t <= ${durationSeconds(within) * MICROS}`] : [])
		];
		const ts = needed
			.filter((j) => j < i)
			.map((j) => (j === p ? `min(a.t) AS t${j}` : `min(a.t${j}) AS t${j}`));
		out.push(`s${i} AS (SELECT ${keep.map((c) => 'a.' + c).join(', ')}, e.t, e.r, e.bd AS b${ts.map((c) => ', ' + c).join('')}
	FROM s${p} a JOIN (SELECT * FROM base WHERE f${i}) e ON ${conds.join(' AND ')}
	GROUP BY ALL)`);
	}
	const firsts = plan.required.map(
		(i) =>
			`m${i} AS (SELECT aid, min(t) AS t${i}, arg_min(r, (t, r)) AS r${i}, arg_min(b, (t, r)) AS b${i} FROM s${i} GROUP BY aid)`
	);
	const joins = plan.required
		.slice(1)
		.map((i) => ` LEFT JOIN m${i} USING (aid)`)
		.join('');
	const cols = plan.required.map((i) => `t${i}, r${i}, b${i}`).join(', ');
	const start = `(SELECT DISTINCT ${keep.join(', ')} FROM s0)`;
	return [
		...out,
		...firsts,
		`alast AS (SELECT a.*, ${cols} FROM ${start} a LEFT JOIN m0 USING (aid)${joins})`
	];
}

/** Strict order: the next event of the user (by time, then file position) must be the next step. */
function strictSql(plan: Plan): string[] {
	const out = [startSql(plan)];
	for (const i of plan.required.slice(1)) {
		const p = previousRequired(plan, i);
		const within = plan.spec.steps[i].within;
		const ok = [
			`e.t <= a.s + ${plan.w}`,
			...(within ? [`e.t - a.t${p} <= ${durationSeconds(within) * MICROS}`] : [])
		].join(' AND ');
		const pick = (c: string, as: string) => `CASE WHEN ${ok} THEN e.${c} END AS ${as}`;
		out.push(`a${i} AS (SELECT a.*, ${pick('t', `t${i}`)}, ${pick('r', `r${i}`)}, ${pick('bd', `b${i}`)}, ${pick('pos', `pos${i}`)}
	FROM a${p} a LEFT JOIN (SELECT * FROM base WHERE f${i}) e ON e.u = a.u AND e.pos = a.pos${p} + 1${keysEqual(plan, 'a', 'e')})`);
	}
	return out;
}

/**
 * Any order (PostHog's unordered funnel): from each event of any step, the steps done within the window
 * after it (that event included); a step definition used n times needs n events. `reached` is the number of
 * steps done, minus one. No step times (there is no previous step).
 */
function anySql(plan: Plan): string[] {
	const { spec } = plan;
	const defs = new Map<string, number[]>();
	spec.steps.forEach((s, i) => {
		const key = JSON.stringify([s.event, s.where]);
		defs.set(key, [...(defs.get(key) ?? []), i]);
	});
	const groups = [...defs.values()];
	const win = `(PARTITION BY u ORDER BY t RANGE BETWEEN CURRENT ROW AND ${plan.w} FOLLOWING)`;
	const counts = groups.map((g, d) => `sum(CAST(f${g[0]} AS INTEGER)) OVER ${win} AS c${d}`);
	const done = groups.map((g, d) => `least(c${d}, ${g.length})`).join(' + ');
	const startFlags = spec.steps.map((_, i) => `f${i}`).join(' OR ');
	const nulls = plan.required
		.slice(1)
		.map((i) => `, NULL::BIGINT AS t${i}, NULL::BIGINT AS r${i}, NULL::VARCHAR AS b${i}`)
		.join('');
	return [
		`w AS (SELECT u, r AS aid, t AS s, lt, bd${spec.perUser ? ', uid' : ''}, ${startFlags.length ? `(${startFlags})` : 'FALSE'} AS st, ${counts.join(', ')} FROM base)`,
		`alast AS (SELECT u, aid, s, lt${spec.perUser ? ', uid' : ''}, s AS t0, aid AS r0, bd AS b0${nulls}, ${done} - 1 AS reached FROM w WHERE st)`
	];
}

/**
 * The CTEs that leave, for the spec's order, `best` (the counted attempt of each user: one row of `att`'s
 * columns) and `trr` (per user and trend period of a step-1 event, a DATE: `conv`, some attempt of that
 * period reached the last step). `bucket` turns a wall-clock SQL expression into its trend period.
 */
export function attemptsSql(plan: Plan, ctx: ScopeContext, bucket: (x: string) => string): string {
	const { spec } = plan;
	const last = plan.required.at(-1)!;
	if (spec.order === 'sequential' && !spec.steps.some((s) => s.within)) {
		// Optional steps and exclusions look their events up in `base`; the chain reads the events itself.
		const needsBase = spec.steps.some((s) => s.optional) || spec.exclusions.length > 0;
		const chain = joinChainApplies(plan) ? joinChainSql : listChainSql;
		return [...(needsBase ? [baseSql(plan, ctx)] : []), ...chain(plan, ctx, bucket)].join(',\n');
	}
	let ctes: string[];
	let att: string;
	if (spec.order === 'any') [ctes, att] = [anySql(plan), 'att AS (SELECT * FROM alast)'];
	else {
		const from = spec.order === 'strict' ? `a${last}` : 'alast';
		ctes = spec.order === 'strict' ? strictSql(plan) : setsSql(plan);
		att = `att AS MATERIALIZED (SELECT *, ${reachedSql(plan)} AS reached FROM ${from})`;
	}
	return [
		baseSql(plan, ctx),
		...ctes,
		att,
		`best AS MATERIALIZED (SELECT * FROM att QUALIFY row_number() OVER (PARTITION BY u ORDER BY reached DESC, s, aid) = 1)`,
		`trr AS (SELECT u, ${bucket('lt')} AS period, max(reached) = ${last} AS conv FROM att GROUP BY u, period)`
	].join(',\n');
}
