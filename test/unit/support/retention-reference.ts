// The retention reference: SEMANTICS §2 in plain loops over fixture rows, written from the contract, not from
// the SQL (shares no code with src/lib/analyses/retention). Used by retention.test.ts and retention-edges.test.ts.
import type {
	RetentionCohort,
	RetentionResult,
	RetentionSpecInput
} from '../../../src/lib/analyses/retention/spec.ts';
import { withRetentionDefaults } from '../../../src/lib/analyses/retention/spec.ts';
import type { EventRef, Period, RowFilter, WeekStart } from '../../../src/lib/spec/types.ts';

/** One fixture event. Times are epoch milliseconds; `l` is the wall clock in the zone, written as if UTC. */
export interface Row {
	rn: number;
	u: string | null;
	t: number;
	l: number;
	ev: string;
	plan: string | null;
	channel: string | null;
	amount: number | null;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const ROLLING: Record<Period, number> = { day: DAY, week: 7 * DAY, month: 30 * DAY };

export function bucketStart(l: number, period: Period, weekStart: WeekStart): number {
	const day = Math.floor(l / DAY) * DAY;
	const d = new Date(day);
	if (period === 'day') return day;
	if (period === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
	const back = weekStart === 'monday' ? (d.getUTCDay() + 6) % 7 : d.getUTCDay();
	return day - back * DAY;
}

export function addPeriods(start: number, k: number, period: Period): number {
	const d = new Date(start);
	if (period === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1);
	return start + k * (period === 'day' ? DAY : 7 * DAY);
}

/** Which calendar period after the one starting at `start` holds wall-clock time `l` (negative before). */
export function calendarIndex(start: number, l: number, period: Period, weekStart: WeekStart): number {
	const b = bucketStart(l, period, weekStart);
	if (period === 'month') {
		const s = new Date(start);
		const e = new Date(b);
		return (e.getUTCFullYear() - s.getUTCFullYear()) * 12 + e.getUTCMonth() - s.getUTCMonth();
	}
	return Math.round((b - start) / (period === 'day' ? DAY : 7 * DAY));
}

export type Cell = string | number | null;

export function matchFilter(row: Row, f: RowFilter): boolean {
	const cell = row[f.column as 'plan' | 'channel' | 'amount'] as Cell;
	const v = f.value;
	switch (f.op) {
		case '=':
			return cell !== null && cell === v;
		case '!=':
			return cell === null || cell !== v;
		case '>':
			return cell !== null && typeof v === 'number' && (cell as number) > v;
		case '<=':
			return cell !== null && typeof v === 'number' && (cell as number) <= v;
		case 'in':
			return cell !== null && (v as Cell[]).includes(cell);
		default:
			throw new Error(`reference does not need ${f.op}`);
	}
}

export function matchEvent(row: Row, ref: EventRef | null): boolean {
	if (ref === null) return true;
	if (ref.event !== null && row.ev !== ref.event) return false;
	return (ref.where ?? []).every((f) => matchFilter(row, f));
}

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** DuckDB orders text by bytes with NULL last; the fixture's text is ASCII, so code units agree. */
export function textOrder(a: string | null, b: string | null): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	return a < b ? -1 : 1;
}

export function reference(rows: Row[], input: RetentionSpecInput, weekStart: WeekStart): RetentionResult {
	const spec = withRetentionDefaults(input);
	const { period, periods: P } = spec;
	const rolling = spec.window === 'rolling';
	const byProperty = spec.cohortBy === 'property';
	const split = spec.breakdown !== null && !byProperty;
	const live = rows.filter((r) => r.u !== null);
	const lastT = Math.max(...live.map((r) => r.t));
	const lastL = Math.max(...live.map((r) => r.l));
	const bucket = (l: number) => bucketStart(l, period, weekStart);
	const propertyOf = (r: Row): string | null =>
		spec.breakdown === null ? null : (r[spec.breakdown as 'plan' | 'channel'] ?? null);

	// Each user's start events in time order (file order on ties).
	const startsByUser = new Map<string, Row[]>();
	for (const r of live)
		if (matchEvent(r, spec.startEvent)) {
			const list = startsByUser.get(r.u!) ?? [];
			list.push(r);
			startsByUser.set(r.u!, list);
		}
	const returnsByUser = new Map<string, Row[]>();
	for (const r of live)
		if (matchEvent(r, spec.returnEvent)) {
			const list = returnsByUser.get(r.u!) ?? [];
			list.push(r);
			returnsByUser.set(r.u!, list);
		}

	interface Member {
		u: string;
		start: Row;
		cohortKey: string | null;
		breakdown: string | null;
	}
	const members: Member[] = [];
	for (const [u, starts] of startsByUser) {
		starts.sort((a, b) => a.t - b.t || a.rn - b.rn);
		const anchors: Row[] = [];
		if (spec.type === 'first_time') anchors.push(starts[0]);
		else {
			const seen = new Set<number>();
			for (const s of starts)
				if (!seen.has(bucket(s.l))) {
					seen.add(bucket(s.l));
					anchors.push(s);
				}
		}
		for (const s of anchors) {
			const day = isoDay(bucket(s.l));
			const range = spec.dateRange && 'from' in spec.dateRange ? spec.dateRange : null;
			if (range && (day < range.from || day > range.to)) continue;
			members.push({
				u,
				start: s,
				cohortKey: byProperty ? propertyOf(s) : day,
				breakdown: split ? propertyOf(s) : null
			});
		}
	}

	/** The period of a return relative to a member's start, or null when it falls before period 0. */
	const indexOf = (m: Member, r: Row): number | null => {
		if (rolling) return r.t >= m.start.t ? Math.floor((r.t - m.start.t) / ROLLING[period]) : null;
		const k = calendarIndex(bucket(m.start.l), r.l, period, weekStart);
		return k >= 0 ? k : null;
	};

	const table = (group: Member[]): RetentionCohort[] => {
		const keys = [...new Set(group.map((m) => m.cohortKey))].sort(textOrder);
		return keys.map((key) => {
			const ms = group.filter((m) => m.cohortKey === key);
			const size = new Set(ms.map((m) => m.u)).size;
			const values: (number | null)[] = [size];
			for (let k = 1; k < P; k++) {
				const periodStarted = rolling
					? Math.min(...ms.map((m) => m.start.t)) + k * ROLLING[period] <= lastT
					: addPeriods(Math.min(...ms.map((m) => bucket(m.start.l))), k, period) <= lastL;
				if (!periodStarted) {
					values.push(null);
					continue;
				}
				const users = new Set<string>();
				for (const m of ms) {
					const ks = (returnsByUser.get(m.u) ?? [])
						.map((r) => indexOf(m, r))
						.filter((x): x is number => x !== null);
					const hit = spec.mode === 'on' ? ks.includes(k) : ks.length > 0 && Math.max(...ks) >= k;
					if (hit) users.add(m.u);
				}
				values.push(users.size);
			}
			return { cohort: key, size, values };
		});
	};

	const result: RetentionResult = { period, cohorts: table(members) };
	if (split) {
		const values = [...new Set(members.map((m) => m.breakdown))].sort(textOrder);
		result.breakdowns = values.map((value) => ({
			value,
			cohorts: table(members.filter((m) => m.breakdown === value))
		}));
	}
	return result;
}
