/**
 * SEMANTICS §3 (funnels) computed directly over rows by brute force: every chain of events is tried, with no
 * code shared with the SQL compiler. Times are UTC ms; rows are in file order (`row`).
 */
import { intlWallClock } from './intl-wall-clock.ts';

export interface FRow {
	row: number;
	user: string;
	t: number;
	event: string;
	plan: string | null;
	pid: string | null;
	/** Numbers of the row for property filters (real data). */
	n?: Record<string, number>;
}

export interface RefStep {
	event: string;
	plan?: string;
	/** Another condition on the row (the real-data test's property filters). */
	test?: (r: FRow) => boolean;
	optional?: boolean;
	withinMs?: number;
}

export interface RefSpec {
	steps: RefStep[];
	order: 'sequential' | 'strict' | 'any';
	windowMs: number;
	exclusions: { event: string; plan?: string; fromStep: number; toStep: number }[];
	breakdown: boolean;
	attribution: 'first_touch' | 'last_touch' | 'all_steps' | { step: number };
	hold: boolean;
	ttc: { fromStep: number; toStep: number; bins: number };
	period: 'day' | 'week' | 'month';
	tz: string;
}

interface Attempt {
	start: FRow;
	reached: number;
	/** Per step index: the event giving the earliest time the step was reached. */
	at: (FRow | null)[];
}

const matches = (r: FRow, s: { event: string; plan?: string; test?: (r: FRow) => boolean }) =>
	r.event === s.event && (s.plan === undefined || r.plan === s.plan) && (s.test === undefined || s.test(r));

export function numpyMedian(xs: number[]): number | null {
	if (!xs.length) return null;
	const s = [...xs].sort((a, b) => a - b);
	const m = (s.length - 1) / 2;
	return (s[Math.floor(m)] + s[Math.ceil(m)]) / 2;
}

function required(spec: RefSpec): number[] {
	return spec.steps.flatMap((s, i) => (s.optional ? [] : [i]));
}

/** Sequential: depth-first over every chain from `start`; the earliest reaching event per step. */
function sequential(spec: RefSpec, evs: FRow[], start: FRow): Attempt {
	const req = required(spec);
	const at: (FRow | null)[] = spec.steps.map(() => null);
	at[0] = start;
	let reached = 0;
	const same = (a: FRow, b: FRow, key: 'plan' | 'pid') => a[key] === b[key];
	// Without a repeated event two or more steps apart, what can follow an event of step k depends on that
	// event and the start only, so each (step, event) is explored once; otherwise every chain is tried.
	const memo = !req.some((i, k) =>
		req.slice(0, Math.max(0, k - 1)).some((j) => spec.steps[j].event === spec.steps[i].event)
	);
	const seen = new Set<string>();
	const walk = (k: number, chain: FRow[]) => {
		// chain[m] is the event of req[m]
		if (k >= req.length) return;
		const i = req[k];
		const prev = chain[k - 1];
		const step = spec.steps[i];
		for (const e of evs) {
			if (e.t < start.t) continue;
			if (e.t - start.t > spec.windowMs) break;
			if (!matches(e, step)) continue;
			if (e.t < prev.t || (e.t === prev.t && spec.steps[req[k - 1]].event === step.event)) continue;
			if (req.slice(0, k).some((j, m) => spec.steps[j].event === step.event && !(e.t > chain[m].t))) continue;
			if (e.t - start.t > spec.windowMs) continue;
			if (step.withinMs !== undefined && e.t - prev.t > step.withinMs) continue;
			if (spec.hold && !same(e, start, 'pid')) continue;
			if (spec.attribution === 'all_steps' && spec.breakdown && !same(e, start, 'plan')) continue;
			if (memo && seen.has(`${k}:${e.row}`)) continue;
			if (memo) seen.add(`${k}:${e.row}`);
			reached = Math.max(reached, i);
			const cur = at[i];
			if (!cur || e.t < cur.t || (e.t === cur.t && e.row < cur.row)) at[i] = e;
			walk(k + 1, [...chain, e]);
		}
	};
	walk(1, [start]);
	return { start, reached, at };
}

function strict(spec: RefSpec, evs: FRow[], idx: number): Attempt {
	const start = evs[idx];
	const at: (FRow | null)[] = spec.steps.map(() => null);
	at[0] = start;
	let reached = 0;
	for (let i = 1; i < spec.steps.length; i++) {
		const e = evs[idx + i];
		const prev = evs[idx + i - 1];
		const s = spec.steps[i];
		if (!e || !matches(e, s) || e.t - start.t > spec.windowMs) break;
		if (s.withinMs !== undefined && e.t - prev.t > s.withinMs) break;
		if (spec.hold && e.pid !== start.pid) break;
		if (spec.attribution === 'all_steps' && spec.breakdown && e.plan !== start.plan) break;
		at[i] = e;
		reached = i;
	}
	return { start, reached, at };
}

function unordered(spec: RefSpec, evs: FRow[], start: FRow): Attempt {
	const inWindow = evs.filter((e) => e.t >= start.t && e.t - start.t <= spec.windowMs);
	const used = new Set<FRow>();
	let done = 0;
	for (const s of spec.steps) {
		const e = inWindow.find((x) => matches(x, s) && !used.has(x));
		if (e) {
			used.add(e);
			done++;
		}
	}
	return { start, reached: done - 1, at: spec.steps.map((_, i) => (i === 0 ? start : null)) };
}

export interface RefUser {
	user: string;
	reached: number;
	optional: number[];
	value: string | null;
	/** Per step: the time of its event in the counted attempt (ms), or null. */
	times: (number | null)[];
}

export interface RefResult {
	users: RefUser[];
	/** Per user: each attempt's start period and whether it reached the last step. */
	trend: Map<string, { entered: number; converted: number }>;
}

export function referenceFunnel(rows: FRow[], spec: RefSpec): RefResult {
	const req = required(spec);
	const last = req[req.length - 1];
	const byUser = new Map<string, FRow[]>();
	for (const r of rows) byUser.set(r.user, [...(byUser.get(r.user) ?? []), r]);
	const users: RefUser[] = [];
	const trend = new Map<string, { entered: number; converted: number }>();
	for (const [user, all] of byUser) {
		const evs = [...all].sort((a, b) => a.t - b.t || a.row - b.row);
		let attempts: Attempt[];
		if (spec.order === 'any')
			attempts = evs.filter((e) => spec.steps.some((s) => matches(e, s))).map((e) => unordered(spec, evs, e));
		else if (spec.order === 'strict')
			attempts = evs.flatMap((e, i) => (matches(e, spec.steps[0]) ? [strict(spec, evs, i)] : []));
		else attempts = evs.filter((e) => matches(e, spec.steps[0])).map((e) => sequential(spec, evs, e));
		if (!attempts.length) continue;
		const best = [...attempts].sort(
			(a, b) => b.reached - a.reached || a.start.t - b.start.t || a.start.row - b.start.row
		)[0];
		const s = best.start;
		const T = (i: number) => best.at[i]?.t ?? null;
		// Optional steps of the counted attempt.
		const optional: number[] = [];
		spec.steps.forEach((st, o) => {
			if (!st.optional || spec.order !== 'sequential') return;
			const p = req.filter((j) => j < o).at(-1)!;
			const n = req.find((j) => j > o);
			const tp = T(p);
			if (tp === null) return;
			const tn = n === undefined ? null : T(n);
			const cands = evs.filter(
				(e) =>
					matches(e, st) &&
					(e.t > tp || (e.t === tp && spec.steps[p].event !== st.event)) &&
					req.filter((j) => j < p && spec.steps[j].event === st.event).every((j) => e.t > T(j)!) &&
					e.t - s.t <= spec.windowMs &&
					(tn === null || e.t < tn) &&
					(st.withinMs === undefined || e.t - tp <= st.withinMs) &&
					(!spec.hold || e.pid === s.pid) &&
					!(spec.attribution === 'all_steps' && spec.breakdown && e.plan !== s.plan)
			);
			const first = cands.sort((a, b) => a.t - b.t || a.row - b.row)[0];
			if (first) {
				optional.push(o);
				best.at[o] = first;
			}
		});
		const excluded = spec.exclusions.some((x) => {
			const ta = T(x.fromStep);
			const tb = T(x.toStep);
			if (ta === null) return false;
			return evs.some(
				(e) => matches(e, x) && e.t > ta && (tb !== null ? e.t < tb : e.t - s.t <= spec.windowMs)
			);
		});
		if (excluded) continue;
		const a = spec.attribution;
		const value = !spec.breakdown
			? null
			: a === 'first_touch' || a === 'all_steps'
				? s.plan
				: a === 'last_touch'
					? best.at[best.reached]!.plan
					: (best.at[a.step]?.plan ?? null);
		users.push({
			user,
			reached: best.reached,
			optional,
			value,
			times: spec.steps.map((_, i) => (spec.order === 'any' && i > 0 ? null : T(i)))
		});
		const perPeriod = new Map<string, boolean>();
		for (const at of attempts) {
			const p = periodOf(intlWallClock(at.start.t, spec.tz).slice(0, 10), spec.period);
			perPeriod.set(p, (perPeriod.get(p) ?? false) || at.reached === last);
		}
		for (const [p, conv] of perPeriod) {
			const c = trend.get(p) ?? { entered: 0, converted: 0 };
			trend.set(p, { entered: c.entered + 1, converted: c.converted + (conv ? 1 : 0) });
		}
	}
	return { users, trend };
}

/** The first day of the period (weeks from Monday) holding a wall-clock day. */
export function periodOf(day: string, period: 'day' | 'week' | 'month'): string {
	if (period === 'day') return day;
	if (period === 'month') return day.slice(0, 8) + '01';
	const d = new Date(day + 'T00:00:00Z');
	return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
}
