/**
 * SEMANTICS §6 `lifecycle` (PostHog's definitions) straight from rows, in plain TypeScript sharing no code
 * with Footfall: the independent reference the lifecycle tests compare the engine with. Local days come from
 * Intl (support/intl-wall-clock.ts), periods from plain date arithmetic; weeks start on Monday.
 */
import { intlWallClock } from './intl-wall-clock.ts';

export interface LifecycleRow {
	user: string;
	/** UTC ms. */
	t: number;
	event: string;
}

export interface LifecycleRefPoint {
	period: string;
	new: number;
	returning: number;
	resurrecting: number;
	dormant: number;
}

type Period = 'day' | 'week' | 'month';
const DAY = 86_400_000;

function periodOf(day: string, period: Period): string {
	if (period === 'day') return day;
	if (period === 'month') return day.slice(0, 8) + '01';
	const d = new Date(day + 'T00:00:00Z');
	return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
}

function shift(p: string, period: Period, k: number): string {
	const d = new Date(p + 'T00:00:00Z');
	if (period === 'month') d.setUTCMonth(d.getUTCMonth() + k);
	else d.setUTCDate(d.getUTCDate() + k * (period === 'day' ? 1 : 7));
	return d.toISOString().slice(0, 10);
}

/**
 * Users per status per period. `event`: the event that makes a user active (null: any); `users`: the
 * segment (null: everyone); `range`: calendar days, `to` included (periods are the ones it touches).
 * A user's first period is that of their first event of any kind over all rows.
 */
export function lifecycleReference(
	rows: readonly LifecycleRow[],
	opts: {
		period: Period;
		timezone: string;
		event?: string | null;
		users?: ReadonlySet<string> | null;
		range?: { from: string; to: string } | null;
	}
): LifecycleRefPoint[] {
	const { period, timezone } = opts;
	const bucket = (t: number) => periodOf(intlWallClock(t, timezone).slice(0, 10), period);
	const first = new Map<string, number>();
	for (const r of rows) first.set(r.user, Math.min(first.get(r.user) ?? Infinity, r.t));
	const active = new Map<string, Set<string>>(); // period -> users
	for (const r of rows) {
		if (opts.event && r.event !== opts.event) continue;
		if (opts.users && !opts.users.has(r.user)) continue;
		const p = bucket(r.t);
		if (!active.has(p)) active.set(p, new Set());
		active.get(p)!.add(r.user);
	}
	let lo: string;
	let hi: string;
	if (opts.range) {
		lo = periodOf(opts.range.from, period);
		hi = periodOf(opts.range.to, period);
	} else {
		const all = rows.map((r) => bucket(r.t)).sort();
		lo = all[0];
		hi = all[all.length - 1];
	}
	const out: LifecycleRefPoint[] = [];
	for (let p = lo; p <= hi; p = shift(p, period, 1)) {
		const now = active.get(p) ?? new Set<string>();
		const before = active.get(shift(p, period, -1)) ?? new Set<string>();
		const point = { period: p, new: 0, returning: 0, resurrecting: 0, dormant: 0 };
		for (const u of now) {
			if (bucket(first.get(u)!) === p) point.new++;
			else if (before.has(u)) point.returning++;
			else point.resurrecting++;
		}
		for (const u of before) if (!now.has(u)) point.dormant--;
		out.push(point);
	}
	return out;
}
