import type { Table } from 'apache-arrow';
import type { Period } from '../../spec/types.ts';
import { FUNNEL_MAX_BREAKDOWNS, type FunnelResult, type FunnelSpec, type FunnelStepResult } from './spec.ts';
import { TTC_EDGES, TTC_MAX_SECONDS } from './ttc-buckets.ts';

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));
const list = (v: unknown): unknown[] => (v == null ? [] : Array.from(v as ArrayLike<unknown>));

/** Per-step counts and medians as SEMANTICS §3's step results; shares are 0 where the base is 0. */
export function stepResults(
	spec: Pick<FunnelSpec, 'steps'>,
	users: number[],
	medians: (number | null)[]
): FunnelStepResult[] {
	let prev = 0;
	return spec.steps.map((s, i) => {
		const base = i === 0 ? users[0] : users[prev];
		const out: FunnelStepResult = {
			event: s.event,
			optional: s.optional,
			users: users[i],
			conversionFromStart: users[0] > 0 ? users[i] / users[0] : 0,
			conversionFromPrevious: base > 0 ? users[i] / base : 0,
			dropped: i === 0 ? 0 : base - users[i],
			medianSecondsFromPrevious: medians[i] ?? null
		};
		if (!s.optional) prev = i;
		return out;
	});
}

/** Every period from `lo` to `hi` (first days, YYYY-MM-DD) of a calendar period. */
function periodsBetween(lo: string, hi: string, period: Period): string[] {
	const out: string[] = [];
	const d = new Date(lo + 'T00:00:00Z');
	for (let p = lo; p <= hi; p = d.toISOString().slice(0, 10)) {
		out.push(p);
		if (period === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
		else d.setUTCDate(d.getUTCDate() + (period === 'day' ? 1 : 7));
	}
	return out;
}

/** What a funnel run computes before the result is assembled: the numbers of compileFunnel's rows. */
export interface FunnelParts {
	/** All users: per step, users and median seconds from the previous non-optional step. */
	all: { users: number[]; medians: (number | null)[] };
	/** The same per breakdown value, in any order. */
	values: { value: string | null; users: number[]; medians: (number | null)[] }[];
	/** Time to convert: users, median, shortest and longest seconds (0 without users). */
	ttc: { n: number; med: number | null; lo: number; hi: number };
	/** Users per time-to-convert bucket index (ttc-buckets.ts); empty buckets may be left out. */
	bins: Map<number, number>;
	/** Per trend period (YYYY-MM-DD): users who entered, and who went on to the last step. */
	trend: Map<string, { entered: number; converted: number }>;
	/** With `perUser`: the counted users. */
	people: NonNullable<FunnelResult['users']>;
}

/** The rows of `compileFunnel` as the funnel result (see assembleFunnel). */
export function shapeFunnel(table: Table, spec: FunnelSpec): FunnelResult {
	const get = (name: string) => {
		const c = table.getChild(name);
		if (!c) throw new Error(`Funnel result has no column ${name}`);
		return c;
	};
	const [kind, grp, bv, users, medians, period, n1, n2, d1, d2, d3, uid, opt] = [
		'kind',
		'grp',
		'bv',
		'users',
		'medians',
		'period',
		'n1',
		'n2',
		'd1',
		'd2',
		'd3',
		'uid',
		'opt'
	].map(get);
	const parts: FunnelParts = {
		all: { users: spec.steps.map(() => 0), medians: [] },
		values: [],
		ttc: { n: 0, med: null, lo: 0, hi: 0 },
		bins: new Map(),
		trend: new Map(),
		people: []
	};
	for (let i = 0; i < table.numRows; i++) {
		switch (kind.get(i)) {
			case 'steps': {
				const u = list(users.get(i)).map(num);
				const m = list(medians.get(i)).map((x) => (x == null ? null : num(x)));
				if (num(grp.get(i)) === 1) parts.all = { users: u, medians: m };
				else parts.values.push({ value: bv.get(i) as string | null, users: u, medians: m });
				break;
			}
			case 'ttc':
				parts.ttc = {
					n: num(n1.get(i)),
					med: d1.get(i) ?? null,
					lo: d2.get(i) ?? 0,
					hi: d3.get(i) ?? 0
				};
				break;
			case 'bin':
				parts.bins.set(num(n1.get(i)), num(n2.get(i)));
				break;
			case 'trend':
				parts.trend.set(period.get(i) as string, { entered: num(n1.get(i)), converted: num(n2.get(i)) });
				break;
			case 'user':
				parts.people.push({
					user: uid.get(i) as string,
					reached: num(n1.get(i)),
					optional: list(opt.get(i)).map(num),
					breakdown: bv.get(i) as string | null
				});
		}
	}
	return assembleFunnel(spec, parts);
}

/**
 * The funnel result from its numbers. Breakdown values are ranked by step-1 users (ties by value, empty
 * last); beyond FUNNEL_MAX_BREAKDOWNS they are summed as "other" (users are disjoint across values, so
 * counts add; medians do not, and are null there).
 */
export function assembleFunnel(spec: FunnelSpec, parts: FunnelParts): FunnelResult {
	const { ttc, bins, trend } = parts;
	const steps = stepResults(spec, parts.all.users, parts.all.medians);
	const values = [...parts.values];
	values.sort(
		(a, b) =>
			b.users[0] - a.users[0] ||
			(a.value === null ? 1 : b.value === null ? -1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0)
	);
	const breakdowns: FunnelResult['breakdowns'] = values
		.slice(0, FUNNEL_MAX_BREAKDOWNS)
		.map((v) => ({ value: v.value, steps: stepResults(spec, v.users, v.medians) }));
	const rest = values.slice(FUNNEL_MAX_BREAKDOWNS);
	if (rest.length) {
		const sum = spec.steps.map((_, i) => rest.reduce((a, v) => a + v.users[i], 0));
		breakdowns.push({ value: 'other', other: true, steps: stepResults(spec, sum, []) });
	}
	const { fromStep } = spec.timeToConvert;
	// The buckets from the fastest user's to the slowest's, empty ones between them kept.
	const filled = [...bins.keys()];
	const first = Math.min(...filled);
	const buckets = filled.length
		? Array.from({ length: Math.max(...filled) - first + 1 }, (_, i) => first + i)
		: [];
	const keys = [...trend.keys()].sort();
	const points = keys.length
		? periodsBetween(keys[0], keys[keys.length - 1], spec.trendPeriod).map((p) => {
				const t = trend.get(p) ?? { entered: 0, converted: 0 };
				return { period: p, ...t, conversion: t.entered > 0 ? t.converted / t.entered : 0 };
			})
		: [];
	const result: FunnelResult = {
		order: spec.order,
		steps,
		breakdowns,
		timeToConvert: {
			fromStep,
			toStep: spec.timeToConvert.toStep ?? spec.steps.findLastIndex((s) => !s.optional),
			users: ttc.n,
			medianSeconds: ttc.med,
			bins: buckets.map((b) => ({
				fromSeconds: TTC_EDGES[b],
				toSeconds: TTC_EDGES[b + 1] ?? Math.max(TTC_MAX_SECONDS, ttc.hi),
				users: bins.get(b) ?? 0
			}))
		},
		trend: { period: spec.trendPeriod, points }
	};
	if (spec.perUser) result.users = parts.people;
	return result;
}
