/**
 * A segment rule (SEMANTICS §4) as SQL: one query with a single column `__ukey`, the users the rule keeps.
 * Every condition is a boolean over one row of `users` (all users of the dataset, SEMANTICS §4 "over all
 * users"); counting conditions read a per-user aggregate joined to it, so `not` and `any` are plain NOT and
 * OR and a user without any matching event counts 0.
 */
import { parseValueExpr, valueExprSql } from './value-expr.ts';
import { engagementScoresSql } from './engagement.ts';
import { eventRefSql, filterSql } from './filters.ts';
import { ident, literal, textListSql } from './quote.ts';
import { C, EVENTS, SESSIONS, USERS, USERS_FIRST, USERS_LATEST } from './schema.ts';
import type { Comparison, SegmentRule, Within } from '../spec/segment-rule.ts';
import { addDays } from '../spec/calendar.ts';

export interface RuleContext {
	/**
	 * The instant windows of `last` count back from, UTC ms; null (the default) is the last event time in
	 * the data, read in SQL at full (microsecond) precision so the last event itself is inside.
	 */
	asOfMs: number | null;
	/** Original columns of `events` (value expressions of percentile rules name them). */
	columns: readonly string[];
}

const UNIT_MICROS = { day: 86_400_000_000, week: 7 * 86_400_000_000, month: 30 * 86_400_000_000 } as const;

/** A window as a condition on a UTC time column and its wall-clock twin (SEMANTICS §4 `within`). */
export function windowSql(w: Within | undefined, utc: string, local: string, asOfMs: number | null): string {
	if (!w) return 'TRUE';
	if ('last' in w) {
		// (asOf − D·U, asOf]: exclusive at the start, inclusive at the end, in exact microseconds.
		const asOf = asOfSql(asOfMs);
		const span = Math.round(w.last * UNIT_MICROS[w.unit]);
		return `(${utc} > make_timestamp(epoch_us(${asOf}) - ${span}) AND ${utc} <= ${asOf})`;
	}
	const from = `TIMESTAMP ${literal(`${w.from} 00:00:00`)}`;
	const to = `TIMESTAMP ${literal(`${addDays(w.to, 1)} 00:00:00`)}`;
	return `(${local} >= ${from} AND ${local} < ${to})`;
}

/** The instant of `asOfMs` as a TIMESTAMP, or the last event time of the data. */
export function asOfSql(asOfMs: number | null): string {
	return asOfMs === null
		? `(SELECT max(${ident(C.time)}) FROM ${ident(EVENTS)})`
		: `make_timestamp(${Math.round(asOfMs * 1000)})`;
}

function comparisonSql(x: string, c: Comparison | undefined): string {
	const [op, n] = Object.entries(c ?? { '>=': 1 })[0] as [string, number];
	return `(${x} ${op === '!=' ? '<>' : op} ${literal(n)})`;
}

/**
 * Compiles a rule. `ctx.asOfMs` anchors the `last` windows. Throws when a percentile's value expression
 * is not valid for the data's columns (ValueExprError, with its position).
 */
export function segmentUsersSql(rule: SegmentRule, ctx: RuleContext): string {
	const ctes: string[] = [];
	const joins: string[] = [];
	const joined = new Set<string>();
	const E = ident(EVENTS);
	const [ukey, time, local, user] = [C.ukey, C.time, C.local, C.user].map(ident);
	const leaf = (sql: string): string => {
		const name = `l${ctes.length}`;
		ctes.push(`${name} AS (${sql})`);
		joins.push(`LEFT JOIN ${name} ON ${name}.u = u.${ukey}`);
		return name;
	};
	const table = (t: string, alias: string) => {
		if (joined.has(alias)) return alias;
		joined.add(alias);
		joins.push(`LEFT JOIN ${ident(t)} ${alias} ON ${alias}.${ukey} = u.${ukey}`);
		return alias;
	};

	const expr = (r: SegmentRule): string => {
		if ('all' in r) return `(${r.all.map(expr).join(' AND ')})`;
		if ('any' in r) return `(${r.any.map(expr).join(' OR ')})`;
		if ('not' in r) return `(NOT ${expr(r.not)})`;
		if ('did' in r) {
			const l = leaf(
				`SELECT ${ukey} AS u, count(*) AS n FROM ${E}
				 WHERE ${ukey} IS NOT NULL AND coalesce(${eventRefSql({ event: r.did, where: r.where })}, FALSE)
				   AND ${windowSql(r.within, time, local, ctx.asOfMs)} GROUP BY 1`
			);
			return comparisonSql(`coalesce(${l}.n, 0)`, r.count);
		}
		if ('sessions' in r) {
			const l = leaf(
				`SELECT ${ukey} AS u, count(*) AS n FROM ${ident(SESSIONS)}
				 WHERE ${windowSql(r.within, 'start_time', 'start_local', ctx.asOfMs)} GROUP BY 1`
			);
			return comparisonSql(`coalesce(${l}.n, 0)`, r.sessions);
		}
		if ('firstSeen' in r) return windowSql(r.within, 'u.first_seen', 'u.first_seen_local', ctx.asOfMs);
		if ('lastSeen' in r) return windowSql(r.within, 'u.last_seen', 'u.last_seen_local', ctx.asOfMs);
		if ('property' in r) {
			const alias = table(
				r.touch === 'first' ? USERS_FIRST : USERS_LATEST,
				r.touch === 'first' ? 'pf' : 'pl'
			);
			const f = { column: r.property, op: r.op, ...(r.value !== undefined ? { value: r.value } : {}) };
			return `coalesce(${filterSql([f], (n) => `${alias}.${ident(n)}`)}, FALSE)`;
		}
		if ('percentile' in r) {
			const p = r.percentile;
			const w = windowSql(p.within, time, local, ctx.asOfMs);
			let l: string;
			if (p.of === 'sessions') {
				l = leaf(
					`SELECT ${ukey} AS u, count(*) AS m FROM ${ident(SESSIONS)}
					 WHERE ${windowSql(p.within, 'start_time', 'start_local', ctx.asOfMs)} GROUP BY 1`
				);
			} else if (p.of === 'engagement') {
				l = leaf(`SELECT u, score AS m FROM (${engagementScoresSql(p.weights ?? [], w)})`);
			} else if (p.of === 'events' || p.of === 'active_days') {
				const m = p.of === 'events' ? 'count(*)' : `count(DISTINCT CAST(${local} AS DATE))`;
				l = leaf(`SELECT ${ukey} AS u, ${m} AS m FROM ${E} WHERE ${ukey} IS NOT NULL AND ${w} GROUP BY 1`);
			} else {
				const value = valueExprSql(parseValueExpr(p.of, ctx.columns));
				l = leaf(
					`SELECT ${ukey} AS u, sum(${value}) AS m FROM ${E} WHERE ${ukey} IS NOT NULL AND ${w} GROUP BY 1`
				);
			}
			const measure = `coalesce(CAST(${l}.m AS DOUBLE), 0)`;
			// The threshold is the measure's quantile at 1 − top/100 over every user (0 for users without
			// events), interpolated linearly (numpy's default); users at or above it are in, ties together.
			const q = 1 - p.top / 100;
			return `(${measure} >= (SELECT quantile_cont(coalesce(CAST(${l}.m AS DOUBLE), 0), ${literal(q)})
				FROM ${ident(USERS)} u LEFT JOIN ${l} ON ${l}.u = u.${ukey}))`;
		}
		if ('users' in r) {
			return r.users.length === 0 ? 'FALSE' : `(u.${user} IN (SELECT unnest(${textListSql(r.users)})))`;
		}
		throw new Error(`Unknown rule ${JSON.stringify(r)}`);
	};

	const where = expr(rule);
	return `${ctes.length ? `WITH ${ctes.join(',\n')}\n` : ''}SELECT u.${ukey} FROM ${ident(USERS)} u
${joins.join('\n')}
WHERE coalesce(${where}, FALSE)`;
}
