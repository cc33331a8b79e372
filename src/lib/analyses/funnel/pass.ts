/**
 * Sequential funnels without per-step windows, optional steps, exclusions or held properties, as one linear
 * pass in JavaScript over the step events (ClickHouse's windowFunnel, in the worker): the engine only selects
 * and flags the events (no sort: order.ts puts them in user and time order), then each user's attempts follow
 * the same greedy chain as chain.ts and chain-join.ts (SEMANTICS §3; see chain.ts for why the earliest
 * choice is optimal), and the counted attempt, breakdown value, medians, time to convert and trend are taken
 * here as compile.ts takes them in SQL. Every SQL form paid a sort of the step events or per-row list work
 * (docs/PERFORMANCE.md, "Funnels"). Pure (no DuckDB): the columns come from `passSql`'s rows.
 */
import { calendarBucketSql } from '../../sql/periods.ts';
import { ident } from '../../sql/quote.ts';
import { C, EVENTS } from '../../sql/schema.ts';
import { eventRefSql } from '../../sql/filters.ts';
import type { ScopeContext } from '../../sql/scope.ts';
import type { WeekStart } from '../../spec/types.ts';
import { stepEventsWhereSql } from './chain.ts';
import { planOf } from './match.ts';
import { userTimeOrder } from './order.ts';
import type { FunnelParts } from './shape.ts';
import type { FunnelSpec } from './spec.ts';
import { TTC_EDGES } from './ttc-buckets.ts';

const DAY_MS = 86_400_000;
/** Steps of a funnel the pass takes: one bit of a 32-bit integer per step. */
const MAX_STEPS = 30;

/** Whether the pass computes this spec (else compile.ts's SQL does). */
export function passApplies(spec: FunnelSpec): boolean {
	return (
		spec.order === 'sequential' &&
		spec.steps.length <= MAX_STEPS &&
		!spec.hold &&
		spec.breakdownAttribution !== 'all_steps' &&
		spec.exclusions.length === 0 &&
		spec.steps.every((s) => !s.optional && !s.within)
	);
}

/**
 * One row per scoped event of some step: user key `u`, time `t` (µs since 1970 UTC, DOUBLE: exact below
 * 2^53), file position `r`, step mask `m` (bit i: the event is one of step i's), on step-1 events the trend
 * period `p` (days since 1970-01-01 of its first day), and with the spec `bd` (breakdown value as text) and
 * `uid` (user id). In no particular order.
 */
export function passSql(spec: FunnelSpec, ctx: { weekStart: WeekStart } & ScopeContext): string {
	const plan = planOf(spec);
	const mask = spec.steps.map((s, i) => `CASE WHEN ${eventRefSql(s)} THEN ${2 ** i} ELSE 0 END`);
	const period = calendarBucketSql(ident(C.local), spec.trendPeriod, ctx.weekStart);
	const cols = [
		`CAST(${ident(C.ukey)} AS INTEGER) AS u`,
		`CAST(epoch_us(${ident(C.time)}) AS DOUBLE) AS t`,
		`CAST(${ident(C.row)} AS DOUBLE) AS r`,
		`CAST(${mask.join(' + ')} AS INTEGER) AS m`,
		`CAST(CASE WHEN ${eventRefSql(spec.steps[0])} THEN date_diff('day', DATE '1970-01-01', ${period}) END AS INTEGER) AS p`,
		...(spec.breakdown ? [`CAST(${ident(spec.breakdown)} AS VARCHAR) AS bd`] : []),
		...(spec.perUser ? [`CAST(${ident(C.user)} AS VARCHAR) AS uid`] : [])
	];
	return `SELECT ${cols.join(', ')} FROM ${ident(EVENTS)} WHERE ${stepEventsWhereSql(plan, ctx)}`;
}

/** `passSql`'s columns; `bd` and `uid` read one row's text (only the counted attempts' rows are read). */
export interface PassColumns {
	u: ArrayLike<number>;
	t: ArrayLike<number>;
	r: ArrayLike<number>;
	m: ArrayLike<number>;
	p: ArrayLike<number>;
	bd?: (row: number) => string | null;
	uid?: (row: number) => string;
}

/** DuckDB's quantile_cont at 0.5 (numpy's interpolated median) of ascending values; null for none. */
function median(sorted: Float64Array): number | null {
	const n = sorted.length;
	if (!n) return null;
	const pos = (n - 1) / 2;
	const lo = Math.floor(pos);
	return lo === pos ? sorted[lo] : sorted[lo] + (sorted[lo + 1] - sorted[lo]) * (pos - lo);
}

/** Per step, users and median seconds from the previous step, over the users `who` (indexes of counted users). */
function stepsOf(who: number[], reached: Int32Array, times: Float64Array, n: number) {
	const users = new Array<number>(n).fill(0);
	const medians: (number | null)[] = [null];
	for (const k of who) for (let i = 0; i <= reached[k]; i++) users[i]++;
	for (let i = 1; i < n; i++) {
		const d = new Float64Array(users[i]);
		let j = 0;
		for (const k of who) if (reached[k] >= i) d[j++] = (times[k * n + i] - times[k * n + i - 1]) / 1e6;
		medians.push(median(d.sort()));
	}
	return { users, medians };
}

/** First index in `list[0..len)` whose row's time is at or after `th` (len when none). */
function firstAtOrAfter(list: Int32Array, len: number, t: ArrayLike<number>, th: number): number {
	let [lo, hi] = [0, len];
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (t[list[mid]] < th) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * The funnel's numbers (SEMANTICS §3) from the step events, for a spec where passApplies. Per user, each
 * step-1 event (by time, then file position) is an attempt: step i's event is the first at or after the
 * threshold of match.ts `thresholdSql` (the previous step's time, plus 1 µs when it is the same event name,
 * and past every earlier step of that name); a step counts when within the window of the start. The counted
 * attempt reached furthest, the earliest of equals.
 */
export function passParts(spec: FunnelSpec, cols: PassColumns): FunnelParts {
	const n = spec.steps.length;
	const names = spec.steps.map((s) => s.event);
	const w = planOf(spec).w;
	const rows = cols.u.length;
	let users = 0;
	for (let i = 0; i < rows; i++) users = Math.max(users, cols.u[i] + 1);
	const { order, start, t, carried } = userTimeOrder(cols.u, cols.t, cols.r, users, [cols.m, cols.p]);
	const [m, p] = carried;
	// Per step, 1 when its event must be strictly after the previous step's (the same name), and the earlier
	// steps before that of the same name, whose times it must also exceed (match.ts thresholdSql).
	const same = names.map((e, q) => (q > 0 && names[q - 1] === e ? 1 : 0));
	const earlier = names.map((e, q) => names.flatMap((f, j) => (j < q - 1 && f === e ? [j] : [])));
	let most = 0;
	for (let x = 0; x < users; x++) most = Math.max(most, start[x + 1] - start[x]);
	const lists = names.map(() => new Int32Array(most));
	const len = new Int32Array(n);
	const chain = new Int32Array(n);
	const reached = new Int32Array(users);
	const best = new Int32Array(users * n);
	const times = new Float64Array(users * n);
	const counted: number[] = [];
	const trend = new Map<number, { entered: number; converted: number }>();
	const periods: number[] = [];
	const converted: boolean[] = [];
	for (let u = 0; u < users; u++) {
		len.fill(0);
		for (let k = start[u]; k < start[u + 1]; k++)
			for (let q = 0; q < n; q++) if (m[k] & (1 << q)) lists[q][len[q]++] = k;
		if (!len[0]) continue;
		let top = -1;
		periods.length = converted.length = 0;
		for (let a = 0; a < len[0]; a++) {
			chain[0] = lists[0][a];
			const s = t[chain[0]];
			let got = 0;
			for (let q = 1; q < n; q++) {
				let th = t[chain[q - 1]] + same[q];
				const more = earlier[q];
				for (let i = 0; i < more.length; i++) th = Math.max(th, t[chain[more[i]]] + 1);
				const x = firstAtOrAfter(lists[q], len[q], t, th);
				if (x === len[q] || t[lists[q][x]] > s + w) break;
				chain[q] = lists[q][x];
				got = q;
			}
			if (got > top) {
				top = got;
				for (let q = 0; q <= got; q++) {
					best[u * n + q] = order[chain[q]];
					times[u * n + q] = t[chain[q]];
				}
			}
			// A user's periods come in time order (but for a clock turned back): the last one first.
			const period = p[chain[0]];
			let at = periods.length - 1;
			if (at < 0 || periods[at] !== period) at = periods.indexOf(period);
			if (at < 0) {
				periods.push(period);
				converted.push(got === n - 1);
			} else if (got === n - 1) converted[at] = true;
		}
		reached[u] = top;
		counted.push(u);
		for (let i = 0; i < periods.length; i++) {
			const e = trend.get(periods[i]) ?? { entered: 0, converted: 0 };
			e.entered++;
			if (converted[i]) e.converted++;
			trend.set(periods[i], e);
		}
	}
	return partsOf(spec, cols, { counted, reached, best, times, trend });
}

/** The counted users' numbers as FunnelParts (the aggregates of compile.ts). */
function partsOf(
	spec: FunnelSpec,
	cols: PassColumns,
	x: {
		counted: number[];
		reached: Int32Array;
		best: Int32Array;
		times: Float64Array;
		trend: Map<number, { entered: number; converted: number }>;
	}
): FunnelParts {
	const n = spec.steps.length;
	const { counted, reached, best, times } = x;
	const at = spec.breakdownAttribution;
	const valueOf = (u: number): string | null => {
		if (!cols.bd) return null;
		const step = at === 'first_touch' ? 0 : at === 'last_touch' ? reached[u] : (at as { step: number }).step;
		return step <= reached[u] ? cols.bd(best[u * n + step]) : null;
	};
	const value = counted.map(valueOf);
	const groups = new Map<string | null, number[]>();
	if (spec.breakdown)
		counted.forEach((u, i) => {
			const g = groups.get(value[i]);
			if (g) g.push(u);
			else groups.set(value[i], [u]);
		});
	const from = spec.timeToConvert.fromStep;
	const to = spec.timeToConvert.toStep ?? n - 1;
	const d = new Float64Array(counted.filter((u) => reached[u] >= to).length);
	let j = 0;
	for (const u of counted) if (reached[u] >= to) d[j++] = (times[u * n + to] - times[u * n + from]) / 1e6;
	d.sort();
	const bins = new Map<number, number>();
	for (const s of d) {
		let b = TTC_EDGES.findIndex((e, i) => i > 0 && s < e) - 1;
		if (b < 0) b = TTC_EDGES.length - 1;
		bins.set(b, (bins.get(b) ?? 0) + 1);
	}
	const day = (p: number) => new Date(p * DAY_MS).toISOString().slice(0, 10);
	return {
		all: stepsOf(counted, reached, times, n),
		values: [...groups].map(([v, who]) => ({ value: v, ...stepsOf(who, reached, times, n) })),
		ttc: { n: d.length, med: median(d), lo: d.length ? d[0] : 0, hi: d.length ? d[d.length - 1] : 0 },
		bins,
		trend: new Map([...x.trend].map(([p, e]) => [day(p), e])),
		people: spec.perUser
			? counted.map((u, i) => ({
					user: cols.uid!(best[u * n]),
					reached: reached[u],
					optional: [],
					breakdown: value[i]
				}))
			: []
	};
}
