import { intlWallClockMs as wallClock } from './support/intl-wall-clock.ts';
import { mulberry32 } from './support/random.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Duck } from '../../src/lib/engine/duck.ts';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import {
	withRetentionDefaults,
	type RetentionCohort,
	type RetentionResult,
	type RetentionSpecInput
} from '../../src/lib/analyses/retention/spec.ts';
import type { EventRef, Period, RowFilter, WeekStart } from '../../src/lib/spec/types.ts';
import { ACTIVITY, buildActivity } from '../../src/lib/engine/activity.ts';
import { compileRetention, retentionUsesActivity } from '../../src/lib/analyses/retention/compile.ts';
import { literal } from '../../src/lib/sql/quote.ts';
import { shapeRetention } from '../../src/lib/analyses/retention/shape.ts';

/** One fixture event. Times are epoch milliseconds; `l` is the wall clock in the zone, written as if UTC. */
interface Row {
	rn: number;
	u: string | null;
	t: number;
	l: number;
	ev: string;
	plan: string | null;
	channel: string | null;
	amount: number | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A few hundred events over Sept 2024 to Apr 2025 (both DST changes of Europe/London and New York), with
 * many times on whole local hours and local midnights so that period boundaries are hit exactly.
 */
function randomRows(seed: number, timeZone: string): Row[] {
	const rand = mulberry32(seed);
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
	const begin = Date.UTC(2024, 8, 1);
	const end = Date.UTC(2025, 3, 20);
	const rows: Omit<Row, 'rn' | 'l'>[] = [];
	for (let i = 0; i < 45; i++) {
		const u = `u${i}`;
		let t = begin + Math.floor(rand() * (end - begin - 30 * DAY));
		if (rand() < 0.3) t = Math.floor(t / DAY) * DAY;
		const n = 1 + Math.floor(rand() * 14);
		const channel = pick(['ads', 'seo', 'mail', null]);
		let plan: string | null = pick(['free', 'pro', null]);
		for (let j = 0; j < n && t < end; j++) {
			const ev = j === 0 ? pick(['signup', 'signup', 'view']) : pick(['view', 'view', 'buy', 'signup']);
			if (rand() < 0.15) plan = pick(['free', 'pro', null]);
			// Late evening UTC: a different local day in New York always, in London during summer time.
			if (rand() < 0.2) t = Math.floor(t / DAY) * DAY + 23 * HOUR + Math.floor(rand() * 60) * 60_000;
			rows.push({ u, t, ev, plan, channel, amount: rand() < 0.1 ? null : Math.round(rand() * 400) / 10 });
			const gap = pick([
				Math.floor(rand() * 3) * HOUR,
				Math.floor(rand() * 48) * HOUR,
				(1 + Math.floor(rand() * 9)) * DAY,
				7 * DAY,
				24 * HOUR,
				(7 + Math.floor(rand() * 30)) * DAY
			]);
			t += gap + (rand() < 0.5 ? 0 : Math.floor(rand() * 60) * 60_000);
		}
	}
	for (let i = 0; i < 12; i++)
		rows.push({
			u: null,
			t: begin + Math.floor(rand() * (end - begin)),
			ev: 'view',
			plan: null,
			channel: null,
			amount: null
		});
	// A user-less event after everything else: it must not count as "the last event in the data".
	rows.push({ u: null, t: end + 90 * DAY, ev: 'view', plan: null, channel: null, amount: null });
	const shuffled = rows.map((r) => ({ r, k: rand() })).sort((a, b) => a.k - b.k);
	return shuffled.map(({ r }, rn) => ({ ...r, rn, l: wallClock(r.t, timeZone) }));
}

function userKeys(rows: Row[]): Map<string, number> {
	const keys = new Map<string, number>();
	for (const r of rows) if (r.u !== null && !keys.has(r.u)) keys.set(r.u, keys.size);
	return keys;
}

async function loadEvents(duck: Duck, rows: Row[]): Promise<void> {
	duck.exec('DROP TABLE IF EXISTS events');
	duck.exec(`CREATE TABLE events (__row BIGINT, __user VARCHAR, __ukey INTEGER, __time TIMESTAMP,
		__local TIMESTAMP, __event VARCHAR, plan VARCHAR, channel VARCHAR, amount DOUBLE)`);
	const keys = userKeys(rows);
	const values = rows.map(
		(r) =>
			`(${r.rn}, ${literal(r.u)}, ${r.u === null ? 'NULL' : keys.get(r.u)}, epoch_ms(${r.t}::BIGINT), epoch_ms(${r.l}::BIGINT), ${literal(r.ev)}, ` +
			`${literal(r.plan)}, ${literal(r.channel)}, ${r.amount === null ? 'NULL' : `${r.amount}::DOUBLE`})`
	);
	duck.exec(`INSERT INTO events VALUES ${values.join(',\n')}`);
	await buildActivity(duck);
}

// ---- the reference: SEMANTICS §2 in plain loops over the rows, written from the contract, not from the SQL

const ROLLING: Record<Period, number> = { day: DAY, week: 7 * DAY, month: 30 * DAY };

function bucketStart(l: number, period: Period, weekStart: WeekStart): number {
	const day = Math.floor(l / DAY) * DAY;
	const d = new Date(day);
	if (period === 'day') return day;
	if (period === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
	const back = weekStart === 'monday' ? (d.getUTCDay() + 6) % 7 : d.getUTCDay();
	return day - back * DAY;
}

function addPeriods(start: number, k: number, period: Period): number {
	const d = new Date(start);
	if (period === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1);
	return start + k * (period === 'day' ? DAY : 7 * DAY);
}

/** Which calendar period after the one starting at `start` holds wall-clock time `l` (negative before). */
function calendarIndex(start: number, l: number, period: Period, weekStart: WeekStart): number {
	const b = bucketStart(l, period, weekStart);
	if (period === 'month') {
		const s = new Date(start);
		const e = new Date(b);
		return (e.getUTCFullYear() - s.getUTCFullYear()) * 12 + e.getUTCMonth() - s.getUTCMonth();
	}
	return Math.round((b - start) / (period === 'day' ? DAY : 7 * DAY));
}

type Cell = string | number | null;

function matchFilter(row: Row, f: RowFilter): boolean {
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

function matchEvent(row: Row, ref: EventRef | null): boolean {
	if (ref === null) return true;
	if (ref.event !== null && row.ev !== ref.event) return false;
	return (ref.where ?? []).every((f) => matchFilter(row, f));
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** DuckDB orders text by bytes with NULL last; the fixture's text is ASCII, so code units agree. */
function textOrder(a: string | null, b: string | null): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	return a < b ? -1 : 1;
}

function reference(rows: Row[], input: RetentionSpecInput, weekStart: WeekStart): RetentionResult {
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

function runOn(
	duck: Duck,
	input: RetentionSpecInput,
	weekStart: WeekStart,
	activity: boolean
): RetentionResult {
	const spec = withRetentionDefaults(input);
	return shapeRetention(duck.query(compileRetention(spec, { weekStart, activity })), spec);
}

/**
 * Runs a spec over the events table and, where the spec allows it, over the activity table too: both must
 * give the same result, so every comparison below holds for both paths.
 */
function run(duck: Duck, input: RetentionSpecInput, weekStart: WeekStart): RetentionResult {
	const fromEvents = runOn(duck, input, weekStart, false);
	if (retentionUsesActivity(withRetentionDefaults(input), { weekStart, activity: true }))
		expect(runOn(duck, input, weekStart, true), 'from the activity table').toEqual(fromEvents);
	return fromEvents;
}

const EVENT_CONFIGS: {
	name: string;
	startEvent: RetentionSpecInput['startEvent'];
	returnEvent: RetentionSpecInput['returnEvent'];
}[] = [
	{ name: 'any → any', startEvent: null, returnEvent: null },
	{ name: 'signup → buy', startEvent: 'signup', returnEvent: { event: 'buy' } },
	{
		name: 'where filters',
		startEvent: { event: null, where: [{ column: 'channel', op: '!=', value: 'seo' }] },
		returnEvent: {
			event: 'view',
			where: [
				{ column: 'amount', op: '>', value: 12.5 },
				{ column: 'plan', op: 'in', value: ['pro', 'free'] }
			]
		}
	}
];

const GROUPINGS: { name: string; breakdown: string | null; cohortBy: 'period' | 'property' }[] = [
	{ name: 'no breakdown', breakdown: null, cohortBy: 'period' },
	{ name: 'breakdown plan', breakdown: 'plan', cohortBy: 'period' },
	{ name: 'cohort by channel', breakdown: 'channel', cohortBy: 'property' }
];

function combinations(): { label: string; spec: RetentionSpecInput; weekStart: WeekStart }[] {
	const out: { label: string; spec: RetentionSpecInput; weekStart: WeekStart }[] = [];
	for (const type of ['first_time', 'recurring'] as const)
		for (const [period, weekStart] of [
			['day', 'monday'],
			['week', 'monday'],
			['week', 'sunday'],
			['month', 'monday']
		] as const)
			for (const mode of ['on', 'on_or_after'] as const)
				for (const window of ['calendar', 'rolling'] as const)
					for (const ev of EVENT_CONFIGS)
						for (const g of GROUPINGS)
							out.push({
								label: [type, period, weekStart, mode, window, ev.name, g.name].join(' / '),
								weekStart,
								spec: {
									kind: 'retention',
									type,
									period,
									periods: period === 'month' ? 6 : 12,
									mode,
									window,
									startEvent: ev.startEvent,
									returnEvent: ev.returnEvent,
									breakdown: g.breakdown,
									cohortBy: g.cohortBy
								}
							});
	return out;
}

let duck: Duck;
beforeAll(async () => {
	duck = await createNodeDuck();
});
afterAll(() => {
	duck?.exec('DROP TABLE IF EXISTS events');
	duck?.exec(`DROP TABLE IF EXISTS ${ACTIVITY}`);
});

describe.each(['Europe/London', 'America/New_York'])('random events in %s', (zone) => {
	const rows = randomRows(zone === 'Europe/London' ? 20250106 : 7, zone);

	beforeAll(() => loadEvents(duck, rows));

	it('the fixture exercises what it should', () => {
		const live = rows.filter((r) => r.u !== null);
		expect(live.length).toBeGreaterThan(200);
		// Events whose local day differs from their UTC day (bucketing must use __local).
		expect(live.filter((r) => isoDay(r.l) !== isoDay(r.t)).length).toBeGreaterThan(5);
		// Both UTC offsets of the zone occur (DST).
		expect(new Set(live.map((r) => r.l - r.t)).size).toBe(2);
	});

	it('the activity table sums up the events per user, event, local day and UTC offset', () => {
		const keys = userKeys(rows);
		const groups = new Map<string, { rows: Row[]; ev: string | null }>();
		for (const r of rows.filter((r) => r.u !== null))
			for (const ev of [r.ev, null]) {
				const key = JSON.stringify([r.u, ev, isoDay(r.l), r.l - r.t]);
				const g = groups.get(key) ?? { rows: [], ev };
				g.rows.push(r);
				groups.set(key, g);
			}
		const expected = [...groups.values()].map(({ rows: rs, ev }) => {
			return {
				u: keys.get(rs[0].u!)!,
				ev,
				any: ev === null,
				day: isoDay(rs[0].l),
				first_t: Math.min(...rs.map((r) => r.t)),
				last_t: Math.max(...rs.map((r) => r.t)),
				n: rs.length
			};
		});
		const order = (a: (typeof expected)[number], b: (typeof expected)[number]) =>
			a.u - b.u || textOrder(a.ev, b.ev) || textOrder(a.day, b.day) || a.first_t - b.first_t;
		const got = duck.rows<(typeof expected)[number]>(
			`SELECT __ukey AS u, __event AS ev, any_event AS any, strftime(day, '%Y-%m-%d') AS day,
				epoch_ms(first_t) AS first_t, epoch_ms(last_t) AS last_t, n FROM ${ACTIVITY}`
		);
		expect(got.sort(order)).toEqual(expected.sort(order));
	});

	it('matches the reference for every option combination', () => {
		const combos = combinations();
		expect(combos.length).toBe(2 * 4 * 2 * 2 * 3 * 3);
		let nulls = 0;
		let nonZero = 0;
		// London runs every combination; New York (to keep the suite quick) every other one.
		const chosen = zone === 'Europe/London' ? combos : combos.filter((_, i) => i % 2 === 1);
		let viaActivity = 0;
		for (const { label, spec, weekStart } of chosen) {
			const expected = reference(rows, spec, weekStart);
			expect(runOn(duck, spec, weekStart, false), label).toEqual(expected);
			if (retentionUsesActivity(withRetentionDefaults(spec), { weekStart, activity: true })) {
				viaActivity++;
				expect(runOn(duck, spec, weekStart, true), `${label} / activity table`).toEqual(expected);
			}
			for (const c of expected.cohorts)
				for (const v of c.values.slice(1)) {
					if (v === null) nulls++;
					else if (v > 0) nonZero++;
				}
		}
		// Every combination without where filters also ran over the activity table.
		expect(viaActivity).toBe((chosen.length * 2) / 3);
		// The comparisons are not vacuous: plenty of returns and of unobserved periods.
		expect(nulls).toBeGreaterThan(50);
		expect(nonZero).toBeGreaterThan(250);
	});

	it('a date range keeps the cohorts that start in it, and first_time cohorts come from all data', () => {
		for (const type of ['first_time', 'recurring'] as const)
			for (const window of ['calendar', 'rolling'] as const)
				for (const dateRange of [
					{ from: '2024-11-04', to: '2025-02-02' },
					{ from: '2025-01-01', to: '2025-12-31' },
					{ from: '2024-01-01', to: '2024-10-14' }
				]) {
					const spec: RetentionSpecInput = { kind: 'retention', type, window, dateRange, breakdown: 'plan' };
					const got = run(duck, spec, 'monday');
					expect(got, JSON.stringify(spec)).toEqual(reference(rows, spec, 'monday'));
					for (const c of got.cohorts) {
						expect(c.cohort! >= dateRange.from).toBe(true);
						expect(c.cohort! <= dateRange.to).toBe(true);
					}
				}
		// A first_time user whose first event precedes the range is not moved into it.
		const all = run(duck, { kind: 'retention', period: 'month', periods: 3 }, 'monday');
		const ranged = run(
			duck,
			{
				kind: 'retention',
				period: 'month',
				periods: 3,
				dateRange: { from: '2025-01-01', to: '2025-12-31' }
			},
			'monday'
		);
		expect(ranged.cohorts).toEqual(all.cohorts.filter((c) => c.cohort! >= '2025-01-01'));
	});

	it('first_time cohorts partition the users; period 0 is the cohort size', () => {
		const got = run(duck, { kind: 'retention', period: 'month', periods: 4 }, 'monday');
		const users = new Set(rows.filter((r) => r.u !== null).map((r) => r.u));
		expect(got.cohorts.reduce((n, c) => n + c.size, 0)).toBe(users.size);
		for (const c of got.cohorts) expect(c.values[0]).toBe(c.size);
	});
});

describe('hand-made edge cases (Europe/London)', () => {
	const zone = 'Europe/London';
	const at = (iso: string) => Date.parse(iso);
	const base: Omit<Row, 'rn' | 'l'>[] = [
		// a: starts at a Monday midnight exactly; returns exactly 7 days later (calendar week 1 and rolling
		// week 1, boundary included) and 1 ms before 14 days (rolling week 1, calendar week 1).
		{ u: 'a', t: at('2025-03-03T00:00:00Z'), ev: 'signup', plan: 'free', channel: 'ads', amount: 1 },
		{ u: 'a', t: at('2025-03-10T00:00:00Z'), ev: 'buy', plan: 'free', channel: 'ads', amount: 1 },
		{ u: 'a', t: at('2025-03-16T23:59:59.999Z'), ev: 'buy', plan: 'free', channel: 'ads', amount: 1 },
		// b: a single event.
		{ u: 'b', t: at('2025-03-04T12:00:00Z'), ev: 'signup', plan: 'pro', channel: 'seo', amount: 1 },
		// c: Sunday 23:30 UTC after the clocks went forward is Monday 00:30 in London.
		{ u: 'c', t: at('2025-03-30T23:30:00Z'), ev: 'signup', plan: null, channel: 'ads', amount: 1 },
		{ u: 'c', t: at('2025-04-06T23:30:00Z'), ev: 'buy', plan: null, channel: 'ads', amount: 1 },
		// d: two start events at the same instant; file order picks the first (plan 'pro').
		{ u: 'd', t: at('2025-03-29T12:00:00Z'), ev: 'signup', plan: 'pro', channel: 'mail', amount: 1 },
		{ u: 'd', t: at('2025-03-29T12:00:00Z'), ev: 'signup', plan: 'free', channel: 'mail', amount: 1 },
		// 24 h later across the DST change: rolling day 1 exactly, calendar day 1.
		{ u: 'd', t: at('2025-03-30T12:00:00Z'), ev: 'buy', plan: 'pro', channel: 'mail', amount: 1 },
		// e: starts on a Sunday; returns the next Saturday: same Sunday-week, next Monday-week.
		{ u: 'e', t: at('2025-03-09T10:00:00Z'), ev: 'signup', plan: 'free', channel: 'seo', amount: 1 },
		{ u: 'e', t: at('2025-03-15T10:00:00Z'), ev: 'buy', plan: 'free', channel: 'seo', amount: 1 },
		// user-less rows, one of them the latest row of all
		{ u: null, t: at('2025-03-05T10:00:00Z'), ev: 'buy', plan: null, channel: null, amount: 1 },
		{ u: null, t: at('2025-06-01T10:00:00Z'), ev: 'buy', plan: null, channel: null, amount: 1 },
		// the last event with a user
		{ u: 'f', t: at('2025-04-08T09:00:00Z'), ev: 'view', plan: null, channel: null, amount: 1 }
	];
	const rows: Row[] = base.map((r, rn) => ({ ...r, rn, l: wallClock(r.t, zone) }));

	beforeAll(() => loadEvents(duck, rows));

	const signupBuy = { kind: 'retention', startEvent: 'signup', returnEvent: 'buy' } as const;

	it('weekly calendar, Monday weeks, boundary events and local bucketing', () => {
		const got = run(duck, { ...signupBuy, periods: 6 }, 'monday');
		// Week of 3 March: a (Monday midnight), b, e (Sunday 9 March); a and e return the week after.
		// Week of 24 March: d, who returns on Sunday 30 March, the same week. Week of 31 March: c, whose
		// start is Sunday 23:30 UTC but Monday 00:30 in London. The last event (f, Tuesday 8 April 10:00
		// BST) lies in the week of 7 April, so later weeks are unobserved.
		expect(got.cohorts).toEqual([
			{ cohort: '2025-03-03', size: 3, values: [3, 2, 0, 0, 0, 0] },
			{ cohort: '2025-03-24', size: 1, values: [1, 0, 0, null, null, null] },
			{ cohort: '2025-03-31', size: 1, values: [1, 1, null, null, null, null] }
		]);
		expect(got).toEqual(reference(rows, { ...signupBuy, periods: 6 }, 'monday'));
	});

	it('Sunday weeks move Sunday events into the following week', () => {
		const got = run(duck, { ...signupBuy, periods: 3 }, 'sunday');
		// a (Mon 3 Mar) and b are in the week of Sun 2 Mar; e (Sun 9 Mar) starts its own week and returns
		// within it; d's Saturday start and Sunday return are a week apart.
		expect(got.cohorts).toEqual([
			{ cohort: '2025-03-02', size: 2, values: [2, 1, 1] },
			{ cohort: '2025-03-09', size: 1, values: [1, 0, 0] },
			{ cohort: '2025-03-23', size: 1, values: [1, 1, 0] },
			{ cohort: '2025-03-30', size: 1, values: [1, 1, null] }
		]);
		expect(got).toEqual(reference(rows, { ...signupBuy, periods: 3 }, 'sunday'));
	});

	it('rolling windows include t0 + L in period 1 and exclude it from period 0', () => {
		const week = run(duck, { ...signupBuy, window: 'rolling', periods: 3 }, 'monday');
		// a: returns at t0 + 7 d (period 1) and t0 + 14 d − 1 ms (period 1); e: t0 + 6 d (period 0).
		expect(week.cohorts[0]).toEqual({ cohort: '2025-03-03', size: 3, values: [3, 1, 0] });
		const day = run(duck, { ...signupBuy, window: 'rolling', period: 'day', periods: 3 }, 'monday');
		const d = day.cohorts.find((c) => c.cohort === '2025-03-29')!;
		expect(d).toEqual({ cohort: '2025-03-29', size: 1, values: [1, 1, 0] });
		for (const spec of [
			{ ...signupBuy, window: 'rolling', periods: 3 },
			{ ...signupBuy, window: 'rolling', period: 'day', periods: 15 },
			{ ...signupBuy, window: 'rolling', period: 'month', periods: 3, mode: 'on_or_after' }
		] as RetentionSpecInput[])
			expect(run(duck, spec, 'monday')).toEqual(reference(rows, spec, 'monday'));
	});

	it('the breakdown value comes from the first start event, ties broken by file order', () => {
		const got = run(duck, { ...signupBuy, breakdown: 'plan', periods: 2 }, 'monday');
		expect(got.breakdowns?.map((b) => b.value)).toEqual(['free', 'pro', null]);
		expect(got.breakdowns?.find((b) => b.value === 'pro')?.cohorts).toEqual([
			{ cohort: '2025-03-03', size: 1, values: [1, 0] },
			{ cohort: '2025-03-24', size: 1, values: [1, 0] }
		]);
	});

	it('user-less rows are ignored, also as the end of the data', () => {
		const got = run(duck, { kind: 'retention', period: 'month', periods: 4 }, 'monday');
		// c's first event is 31 March in London (30 March UTC) and returns in April. Without the user-less
		// row of June, April is the last observed month.
		expect(got.cohorts).toEqual([
			{ cohort: '2025-03-01', size: 5, values: [5, 1, null, null] },
			{ cohort: '2025-04-01', size: 1, values: [1, null, null, null] }
		]);
	});

	it('periods: 1 gives the sizes only', () => {
		const got = run(duck, { ...signupBuy, periods: 1, breakdown: 'channel' }, 'monday');
		expect(got.cohorts.map((c) => c.values)).toEqual([[3], [1], [1]]);
		expect(got.breakdowns?.length).toBe(3);
	});
});

describe('rolling days over a 25-hour local day (Europe/London, clocks back on 27 October 2024)', () => {
	const zone = 'Europe/London';
	const at = (iso: string) => Date.parse(iso);
	const ev = (u: string, iso: string, name: string): Omit<Row, 'rn' | 'l'> => ({
		u,
		t: at(iso),
		ev: name,
		plan: null,
		channel: null,
		amount: null
	});
	// p starts at 00:15 BST on 26 October; t0 + 24 h is 00:15 BST, t0 + 48 h 23:15 GMT on 27 October. On that
	// one local day p returns at 00:10 BST (period 0), 12:00 GMT (period 1) and 23:55 GMT (period 2): the day's
	// first and last events alone would miss period 1.
	const rows: Row[] = [
		ev('p', '2024-10-25T23:15:00Z', 'signup'),
		ev('p', '2024-10-26T23:10:00Z', 'view'),
		ev('p', '2024-10-27T12:00:00Z', 'view'),
		ev('p', '2024-10-27T23:55:00Z', 'view'),
		ev('q', '2024-11-10T12:00:00Z', 'view')
	].map((r, rn) => ({ ...r, rn, l: wallClock(r.t, zone) }));
	const spec: RetentionSpecInput = {
		kind: 'retention',
		startEvent: 'signup',
		window: 'rolling',
		period: 'day',
		periods: 4
	};

	beforeAll(() => loadEvents(duck, rows));

	it('counts every period the day reaches, from either table', () => {
		expect(new Set(rows.slice(1, 4).map((r) => isoDay(r.l)))).toEqual(new Set(['2024-10-27']));
		for (const returnEvent of [null, 'view']) {
			const s = { ...spec, returnEvent };
			const got = run(duck, s, 'monday');
			expect(got.cohorts).toEqual([{ cohort: '2024-10-26', size: 1, values: [1, 1, 1, 0] }]);
			expect(got).toEqual(reference(rows, s, 'monday'));
		}
	});

	it('the activity path reads the activity table alone when there is no breakdown', () => {
		duck.exec('DROP TABLE events');
		for (const s of [spec, { ...spec, mode: 'on_or_after' }, { ...spec, window: 'calendar' }] as const)
			expect(runOn(duck, s, 'monday', true), JSON.stringify(s)).toEqual(reference(rows, s, 'monday'));
	});
});

describe('several events at the first instant', () => {
	const at = (iso: string) => Date.parse(iso);
	const ev = (u: string, iso: string, name: string, plan: string | null): Omit<Row, 'rn' | 'l'> => ({
		u,
		t: at(iso),
		ev: name,
		plan,
		channel: null,
		amount: null
	});
	// The first row in file order at the instant decides the breakdown, also when its value is missing.
	const rows: Row[] = [
		ev('a', '2025-01-06T10:00:00Z', 'signup', null),
		ev('a', '2025-01-06T10:00:00Z', 'signup', 'pro'),
		ev('b', '2025-01-07T12:00:00Z', 'view', null),
		ev('b', '2025-01-07T12:00:00Z', 'signup', 'free'),
		ev('a', '2025-01-13T09:00:00Z', 'view', 'pro')
	].map((r, rn) => ({ ...r, rn, l: wallClock(r.t, 'UTC') }));

	beforeAll(() => loadEvents(duck, rows));

	it('the breakdown is the value on the first row in file order, missing or not', () => {
		const signup: RetentionSpecInput = {
			kind: 'retention',
			startEvent: 'signup',
			breakdown: 'plan',
			periods: 2
		};
		const got = run(duck, signup, 'monday');
		expect(got.breakdowns).toEqual([
			{ value: 'free', cohorts: [{ cohort: '2025-01-06', size: 1, values: [1, 0] }] },
			{ value: null, cohorts: [{ cohort: '2025-01-06', size: 1, values: [1, 1] }] }
		]);
		expect(got).toEqual(reference(rows, signup, 'monday'));
		const any: RetentionSpecInput = { kind: 'retention', breakdown: 'plan', periods: 2 };
		expect(run(duck, any, 'monday').breakdowns).toEqual([
			{ value: null, cohorts: [{ cohort: '2025-01-06', size: 2, values: [2, 1] }] }
		]);
		expect(run(duck, any, 'monday')).toEqual(reference(rows, any, 'monday'));
	});
});
