/** The random and hand-built funnel fixtures of funnel.test.ts, and what a result must hold by the reference. */
import { mulberry32 } from './random.ts';
import { numpyMedian, referenceFunnel, type FRow, type RefSpec } from './funnel-reference.ts';
import type { FunnelResult, FunnelSpecInput } from '../../../src/lib/analyses/funnel/spec.ts';

export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** 150 users, 1-11 events each over ~4 hours (random milliseconds, so no two events share a time). */
export function makeRows(): FRow[] {
	const rand = mulberry32(7);
	const rows: FRow[] = [];
	const names = ['view', 'view', 'view', 'cart', 'cart', 'buy', 'search'];
	const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
	for (let u = 0; u < 150; u++) {
		const begin =
			Date.UTC(2025, 2, 20) + Math.floor(rand() * 20) * 86_400_000 + Math.floor(rand() * 86_400_000);
		const n = 1 + Math.floor(rand() * 11);
		for (let k = 0; k < n; k++)
			rows.push({
				row: rows.length,
				user: `u${u}`,
				t: begin + Math.floor(rand() * 4 * HOUR),
				event: pick(names),
				plan: pick(['x', 'y', null]),
				pid: pick(['1', '2', null])
			});
	}
	return rows;
}

/** Hand-built edges: exactly at the window and one second past, for the funnel window and a step's `within`. */
export function edgeRows(start: number): FRow[] {
	const at = (user: string, t: number, event: string): FRow => ({
		row: start,
		user,
		t,
		event,
		plan: 'x',
		pid: '1'
	});
	const T = Date.UTC(2025, 5, 2, 12);
	const rows = [
		at('edge-in', T, 'view'),
		at('edge-in', T + 30 * MIN, 'cart'),
		at('edge-in', T + HOUR, 'buy'),
		at('edge-out', T, 'view'),
		at('edge-out', T + 30 * MIN, 'cart'),
		at('edge-out', T + HOUR + 1000, 'buy'),
		at('step-in', T, 'view'),
		at('step-in', T + 15 * MIN, 'cart'),
		at('step-in', T + 20 * MIN, 'buy'),
		at('step-out', T, 'view'),
		at('step-out', T + 15 * MIN + 1000, 'cart'),
		at('step-out', T + 20 * MIN, 'buy')
	];
	return rows.map((r, i) => ({ ...r, row: start + i }));
}

export function csv(rows: FRow[]): string {
	const lines = rows.map(
		(r) => `${r.user},${new Date(r.t).toISOString()},${r.event},${r.plan ?? ''},${r.pid ?? ''}`
	);
	return ['user,time,event,plan,pid', ...lines].join('\n') + '\n';
}

export function specOf(r: RefSpec): FunnelSpecInput {
	const where = (plan?: string) => (plan ? [{ column: 'plan', op: '=' as const, value: plan }] : []);
	return {
		kind: 'funnel',
		steps: r.steps.map((s) => ({
			event: s.event,
			where: where(s.plan),
			optional: s.optional ?? false,
			...(s.withinMs ? { within: { value: s.withinMs / 1000, unit: 'second' as const } } : {})
		})),
		order: r.order,
		window: { value: r.windowMs / 1000, unit: 'second' },
		exclusions: r.exclusions.map((x) => ({
			event: x.event,
			where: where(x.plan),
			fromStep: x.fromStep,
			toStep: x.toStep
		})),
		breakdown: r.breakdown ? 'plan' : null,
		breakdownAttribution: r.attribution,
		hold: r.hold ? 'pid' : null,
		timeToConvert: r.ttc,
		trendPeriod: r.period,
		perUser: true
	};
}

const round = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);

/** What the result must hold, from the reference's counted users. */
export function expected(rows: FRow[], r: RefSpec) {
	const ref = referenceFunnel(rows, r);
	const req = r.steps.flatMap((s, i) => (s.optional ? [] : [i]));
	const prev = (i: number) => req.filter((j) => j < i).at(-1)!;
	const stepsOf = (us: typeof ref.users) =>
		r.steps.map((s, i) => ({
			users: us.filter((u) => (s.optional ? u.optional.includes(i) : u.reached >= i)).length,
			median:
				i === 0 || r.order === 'any'
					? null
					: round(
							numpyMedian(
								us.filter((u) => u.times[i] !== null).map((u) => (u.times[i]! - u.times[prev(i)]!) / 1000)
							)
						)
		}));
	const values = [...new Set(ref.users.map((u) => u.value))];
	const { fromStep, toStep } = r.ttc;
	const ds = ref.users
		.filter((u) => u.times[toStep] !== null && u.times[fromStep] !== null)
		.map((u) => (u.times[toStep]! - u.times[fromStep]!) / 1000);
	// The histogram's human buckets, upper ends in minutes: <1 min, 1-5 min, ... 30-90 d, then 90 d or more.
	const upper = [1, 5, 30, 120, 720, 1440, 3 * 1440, 7 * 1440, 14 * 1440, 30 * 1440, 90 * 1440];
	const hist = new Map<number, number>();
	for (const d of ds) {
		const k = upper.findIndex((m) => d < m * 60);
		const b = k === -1 ? upper.length : k;
		hist.set(b, (hist.get(b) ?? 0) + 1);
	}
	return {
		steps: stepsOf(ref.users),
		breakdowns: r.breakdown
			? new Map(values.map((v) => [v, stepsOf(ref.users.filter((u) => u.value === v))]))
			: new Map(),
		ttc: {
			users: ds.length,
			median: round(numpyMedian(ds)),
			hist: [...hist.entries()].sort((a, b) => a[0] - b[0]).map((x) => x[1])
		},
		trend: [...ref.trend.entries()].sort(),
		users: ref.users.map((u) => [u.user, u.reached, u.optional.join(',')].join(' ')).sort()
	};
}

export function actual(res: FunnelResult) {
	const stepsOf = (ss: FunnelResult['steps']) =>
		ss.map((s) => ({ users: s.users, median: round(s.medianSecondsFromPrevious) }));
	return {
		steps: stepsOf(res.steps),
		breakdowns: new Map(res.breakdowns.map((b) => [b.value, stepsOf(b.steps)])),
		ttc: {
			users: res.timeToConvert.users,
			median: round(res.timeToConvert.medianSeconds),
			hist: res.timeToConvert.bins.map((b) => b.users).filter((n) => n > 0)
		},
		trend: res.trend.points
			.filter((p) => p.entered > 0)
			.map((p) => [p.period, { entered: p.entered, converted: p.converted }]),
		users: (res.users ?? []).map((u) => [u.user, u.reached, u.optional.join(',')].join(' ')).sort()
	};
}
