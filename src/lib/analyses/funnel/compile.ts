import { calendarBucketSql } from '../../sql/periods.ts';
import type { ScopeContext } from '../../sql/scope.ts';
import type { WeekStart } from '../../spec/types.ts';
import { attemptsSql, nextEventSql, planOf, previousRequired, thresholdSql, type Plan } from './match.ts';
import { durationSeconds, type FunnelSpec } from './spec.ts';
import { ttcBucketSql } from './ttc-buckets.ts';

const MICROS = 1_000_000;

/** The columns of every result row; a row of one kind leaves the others NULL. */
const COLUMNS = {
	kind: 'VARCHAR',
	grp: 'INTEGER',
	bv: 'VARCHAR',
	users: 'BIGINT[]',
	medians: 'DOUBLE[]',
	period: 'VARCHAR',
	n1: 'BIGINT',
	n2: 'BIGINT',
	d1: 'DOUBLE',
	d2: 'DOUBLE',
	d3: 'DOUBLE',
	uid: 'VARCHAR',
	opt: 'INTEGER[]'
} as const;

function row(values: Partial<Record<keyof typeof COLUMNS, string>>): string {
	return Object.entries(COLUMNS)
		.map(([c, type]) => `CAST(${values[c as keyof typeof COLUMNS] ?? 'NULL'} AS ${type}) AS ${c}`)
		.join(', ');
}

const optionalSteps = (plan: Plan) => plan.spec.steps.flatMap((s, i) => (s.optional ? [i] : []));

/** Optional step o of the counted attempt: its first event after the previous non-optional step, kept when within both windows and before the next non-optional step's event. */
function optionalSql(plan: Plan, o: number): string {
	const p = previousRequired(plan, o);
	const n = plan.required.find((j) => j > o);
	const within = plan.spec.steps[o].within;
	const ok = [
		`nt <= s + ${plan.w}`,
		...(n === undefined ? [] : [`(t${n} IS NULL OR nt < t${n})`]),
		...(within ? [`nt - t${p} <= ${durationSeconds(within) * MICROS}`] : [])
	].join(' AND ');
	return `ol${o} AS (SELECT aid, u, s${plan.keys.map((k) => ', ' + k).join('')}, ${thresholdSql(plan, o, 'q')} AS th${n === undefined ? '' : `, t${n}`}, t${p} FROM best q),
${nextEventSql(plan, `on${o}`, `ol${o}`, `f${o}`)},
o${o} AS (SELECT aid, CASE WHEN ${ok} THEN nt END AS t${o}, CASE WHEN ${ok} THEN nbd END AS b${o} FROM on${o})`;
}

/** Exclusion j: the first such event strictly after step `fromStep`; it removes the user when strictly before step `toStep`'s event, or, that step not reached, within the window. */
function exclusionSql(plan: Plan, j: number): { ctes: string; removed: string } {
	const { fromStep: a, toStep: b } = plan.spec.exclusions[j];
	return {
		ctes: `xl${j} AS (SELECT aid, u, s, t${a} + 1 AS th, t${b} AS tb FROM best WHERE t${a} IS NOT NULL),
${nextEventSql(plan, `xn${j}`, `xl${j}`, `x${j}`, false)}`,
		removed: `SELECT aid FROM xn${j} WHERE (tb IS NOT NULL AND nt < tb) OR (tb IS NULL AND nt <= s + ${plan.w})`
	};
}

/** A user's breakdown value by the attribution (SEMANTICS §3). */
function valueSql(plan: Plan): string {
	const at = plan.spec.breakdownAttribution;
	if (!plan.spec.breakdown) return 'CAST(NULL AS VARCHAR)';
	if (at === 'first_touch' || at === 'all_steps') return 'b0';
	if (at === 'last_touch')
		return `CASE reached ${plan.required.map((i) => `WHEN ${i} THEN b${i}`).join(' ')} END`;
	return `b${at.step}`;
}

/**
 * SEMANTICS §3 as one query over `events` (see match.ts for the step matching of each order). Per user, the
 * counted attempt is the one that reached furthest, the earliest start of equals; exclusions are checked on
 * it and remove the user. Events outside the date range are ignored; only the segment's users count.
 *
 * Result rows by `kind`: `steps` (grp 1: all users; grp 0: one per breakdown value `bv`) with `users` (per
 * step) and `medians` (seconds from the previous non-optional step); `ttc` (n1 users, d1 median, d2 shortest,
 * d3 longest seconds between the chosen steps) and `bin` (n1 = bucket index of ttc-buckets.ts, n2 users); `trend` (period
 * YYYY-MM-DD, n1 entered, n2 converted); with `perUser`, `user` rows (uid, n1 reached index, opt: optional
 * steps done, bv).
 */
export function compileFunnel(spec: FunnelSpec, ctx: { weekStart: WeekStart } & ScopeContext): string {
	const plan = planOf(spec);
	const last = plan.required.at(-1)!;
	const opts = spec.order === 'sequential' ? optionalSteps(plan) : [];
	const ctes = [
		attemptsSql(plan, ctx, (x) => calendarBucketSql(x, spec.trendPeriod, ctx.weekStart)),
		...opts.map((o) => optionalSql(plan, o))
	];
	const ex = spec.exclusions.map((_, j) => exclusionSql(plan, j));
	ctes.push(...ex.map((x) => x.ctes));
	const joins = opts.map((o) => ` LEFT JOIN o${o} USING (aid)`).join('');
	const anti = ex.length ? ` WHERE aid NOT IN (${ex.map((x) => x.removed).join(' UNION ')})` : '';
	ctes.push(`kept AS MATERIALIZED (SELECT *, ${valueSql(plan)} AS bv FROM best${joins}${anti})`);

	const users = spec.steps.map((s, i) =>
		s.optional ? `count(*) FILTER (WHERE t${i} IS NOT NULL)` : `count(*) FILTER (WHERE reached >= ${i})`
	);
	const medians = spec.steps.map((_, i) =>
		i === 0 || spec.order === 'any'
			? 'NULL::DOUBLE'
			: `quantile_cont((t${i} - t${previousRequired(plan, i)}) / ${MICROS}, 0.5) FILTER (WHERE t${i} IS NOT NULL)`
	);
	const sets = spec.breakdown ? 'GROUPING SETS ((), (bv))' : '()';
	const steps = `SELECT ${row({ kind: "'steps'", grp: spec.breakdown ? 'grouping(bv)' : '1', bv: spec.breakdown ? 'bv' : 'NULL', users: `[${users.join(', ')}]`, medians: `[${medians.join(', ')}]` })} FROM kept GROUP BY ${sets}`;

	const { fromStep } = spec.timeToConvert;
	const toStep = spec.timeToConvert.toStep ?? last;
	ctes.push(
		`ttc AS (SELECT (t${toStep} - t${fromStep}) / ${MICROS} AS d FROM kept WHERE t${toStep} IS NOT NULL AND t${fromStep} IS NOT NULL)`,
		`tstat AS (SELECT count(*) AS n, quantile_cont(d, 0.5) AS med, min(d) AS lo, max(d) AS hi FROM ttc)`
	);
	const ttc = `SELECT ${row({ kind: "'ttc'", n1: 'n', d1: 'med', d2: 'lo', d3: 'hi' })} FROM tstat`;
	const hist = `SELECT ${row({ kind: "'bin'", n1: 'bin', n2: 'count(*)' })} FROM (SELECT ${ttcBucketSql('d')} AS bin FROM ttc) GROUP BY bin`;

	const trend = `SELECT ${row({ kind: "'trend'", period: "strftime(period, '%Y-%m-%d')", n1: 'count(*)', n2: 'count(*) FILTER (WHERE conv)' })} FROM trr SEMI JOIN kept USING (u) GROUP BY period`;

	const parts = [steps, ttc, hist, trend];
	if (spec.perUser) {
		const opt = opts.length
			? `list_filter([${opts.map((o) => `CASE WHEN t${o} IS NOT NULL THEN ${o} END`).join(', ')}], x -> x IS NOT NULL)`
			: '[]';
		parts.push(`SELECT ${row({ kind: "'user'", uid: 'uid', n1: 'reached', opt, bv: 'bv' })} FROM kept`);
	}
	return `WITH ${ctes.join(',\n')}\n${parts.join('\nUNION ALL\n')}`;
}
