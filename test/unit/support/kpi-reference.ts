/**
 * SEMANTICS §6 `kpi` computed straight from rows in plain TypeScript, sharing no code with the compiler:
 * the independent reference of the KPI tests. Rows carry their local calendar day already (the tests read it
 * from Intl or from the file as written).
 */

export interface KpiRow {
	user: string | null;
	/** Local calendar day, `YYYY-MM-DD`. */
	day: string;
	event: string;
	/** A property for `where` filters and adoption. */
	plan: string | null;
	/** The value summed or averaged; null where the row has none. */
	amount: number | null;
}

export type RefSeries =
	| { metric: 'active_users'; window: 'day' | 'week' | 'month'; keep?: (r: KpiRow) => boolean }
	| { metric: 'dau_mau'; keep?: (r: KpiRow) => boolean }
	| { metric: 'adoption'; feature: (r: KpiRow) => boolean }
	| { metric: 'sum' | 'avg'; keep?: (r: KpiRow) => boolean };

export interface RefPoint {
	period: string;
	value: number | null;
	complete: boolean;
}

const DAY = 86_400_000;
const ms = (d: string) => Date.parse(d + 'T00:00:00Z');
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const plus = (d: string, n: number) => iso(ms(d) + n * DAY);

function startOf(day: string, period: 'day' | 'week' | 'month', weekStart: 'monday' | 'sunday'): string {
	if (period === 'day') return day;
	if (period === 'month') return day.slice(0, 8) + '01';
	const dow = new Date(ms(day)).getUTCDay();
	return plus(day, -(weekStart === 'monday' ? (dow + 6) % 7 : dow));
}

function after(start: string, period: 'day' | 'week' | 'month'): string {
	if (period !== 'month') return plus(start, period === 'day' ? 1 : 7);
	const d = new Date(ms(start));
	return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/**
 * One series per period. `range`: the days in force (the data's first and last day when absent). `users`:
 * the segment, when there is one (its users' rows only).
 */
export function kpiReference(
	rows: readonly KpiRow[],
	series: RefSeries,
	opts: {
		period: 'day' | 'week' | 'month';
		weekStart?: 'monday' | 'sunday';
		range?: { from: string; to: string };
		users?: ReadonlySet<string>;
	}
): RefPoint[] {
	const weekStart = opts.weekStart ?? 'monday';
	const allDays = rows.map((r) => r.day).sort();
	const lastDataDay = allDays[allDays.length - 1];
	const from = opts.range?.from ?? allDays[0];
	const to = opts.range?.to ?? lastDataDay;
	const scoped = rows.filter((r) => !opts.users || (r.user !== null && opts.users.has(r.user)));
	const inRange = (r: KpiRow) => r.day >= from && r.day <= to;
	const usersOn = (keep: (r: KpiRow) => boolean, lo: string, hi: string) =>
		new Set(
			scoped.filter((r) => r.user !== null && keep(r) && r.day >= lo && r.day <= hi).map((r) => r.user)
		);
	const out: RefPoint[] = [];
	for (let p = startOf(from, opts.period, weekStart); p <= to; p = after(p, opts.period)) {
		const last = plus(after(p, opts.period), -1);
		const end = last < to ? last : to;
		const complete = p >= from && last <= (to < lastDataDay ? to : lastDataDay);
		const lo = p > from ? p : from;
		let value: number | null;
		switch (series.metric) {
			case 'active_users': {
				const keep = series.keep ?? (() => true);
				const L = { day: 1, week: 7, month: 30 }[series.window];
				const periodDays = { day: 1, week: 7, month: 31 }[opts.period];
				value = L > periodDays ? usersOn(keep, plus(end, -(L - 1)), end).size : usersOn(keep, lo, end).size;
				break;
			}
			case 'dau_mau': {
				const keep = series.keep ?? (() => true);
				const ratios: number[] = [];
				for (let d = lo; d <= end; d = plus(d, 1)) {
					const mau = usersOn(keep, plus(d, -29), d).size;
					if (mau > 0) ratios.push(usersOn(keep, d, d).size / mau);
				}
				value = ratios.length ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null;
				break;
			}
			case 'adoption': {
				const active = usersOn(() => true, lo, end).size;
				value = active === 0 ? null : usersOn(series.feature, lo, end).size / active;
				break;
			}
			default: {
				const keep = series.keep ?? (() => true);
				const values = scoped
					.filter((r) => keep(r) && inRange(r) && r.day >= lo && r.day <= end && r.amount !== null)
					.map((r) => r.amount as number);
				const sum = values.reduce((a, b) => a + b, 0);
				value = series.metric === 'sum' ? sum : values.length ? sum / values.length : null;
			}
		}
		out.push({ period: p, value, complete });
	}
	return out;
}

/** The trailing mean of the last n values (fewer at the start), nulls left out. */
export function trailingMean(values: readonly (number | null)[], n: number): (number | null)[] {
	return values.map((_, i) => {
		const w = values.slice(Math.max(0, i - n + 1), i + 1).filter((v): v is number => v !== null);
		return w.length ? w.reduce((a, b) => a + b, 0) / w.length : null;
	});
}
