// Retention (SEMANTICS §2) on hand-made edge cases: period boundaries hit exactly, DST days, ties at the
// first instant; each compared with the plain reference and with hand-worked values.
import { intlWallClockMs as wallClock } from './support/intl-wall-clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/engine/duck.ts';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import type { RetentionSpecInput } from '../../src/lib/analyses/retention/spec.ts';
import { ACTIVITY } from '../../src/lib/engine/activity.ts';
import { isoDay, reference, type Row } from './support/retention-reference.ts';
import { loadEvents, run, runOn } from './support/retention-cases.ts';

let duck: Database;
beforeAll(async () => {
	duck = await createNodeDuck();
});
afterAll(async () => {
	await duck?.exec('DROP TABLE IF EXISTS events');
	await duck?.exec(`DROP TABLE IF EXISTS ${ACTIVITY}`);
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

	it('weekly calendar, Monday weeks, boundary events and local bucketing', async () => {
		const got = await run(duck, { ...signupBuy, periods: 6 }, 'monday');
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

	it('Sunday weeks move Sunday events into the following week', async () => {
		const got = await run(duck, { ...signupBuy, periods: 3 }, 'sunday');
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

	it('rolling windows include t0 + L in period 1 and exclude it from period 0', async () => {
		const week = await run(duck, { ...signupBuy, window: 'rolling', periods: 3 }, 'monday');
		// a: returns at t0 + 7 d (period 1) and t0 + 14 d − 1 ms (period 1); e: t0 + 6 d (period 0).
		expect(week.cohorts[0]).toEqual({ cohort: '2025-03-03', size: 3, values: [3, 1, 0] });
		const day = await run(duck, { ...signupBuy, window: 'rolling', period: 'day', periods: 3 }, 'monday');
		const d = day.cohorts.find((c) => c.cohort === '2025-03-29')!;
		expect(d).toEqual({ cohort: '2025-03-29', size: 1, values: [1, 1, 0] });
		for (const spec of [
			{ ...signupBuy, window: 'rolling', periods: 3 },
			{ ...signupBuy, window: 'rolling', period: 'day', periods: 15 },
			{ ...signupBuy, window: 'rolling', period: 'month', periods: 3, mode: 'on_or_after' }
		] as RetentionSpecInput[])
			expect(await run(duck, spec, 'monday')).toEqual(reference(rows, spec, 'monday'));
	});

	it('the breakdown value comes from the first start event, ties broken by file order', async () => {
		const got = await run(duck, { ...signupBuy, breakdown: 'plan', periods: 2 }, 'monday');
		expect(got.breakdowns?.map((b) => b.value)).toEqual(['free', 'pro', null]);
		expect(got.breakdowns?.find((b) => b.value === 'pro')?.cohorts).toEqual([
			{ cohort: '2025-03-03', size: 1, values: [1, 0] },
			{ cohort: '2025-03-24', size: 1, values: [1, 0] }
		]);
	});

	it('user-less rows are ignored, also as the end of the data', async () => {
		const got = await run(duck, { kind: 'retention', period: 'month', periods: 4 }, 'monday');
		// c's first event is 31 March in London (30 March UTC) and returns in April. Without the user-less
		// row of June, April is the last observed month.
		expect(got.cohorts).toEqual([
			{ cohort: '2025-03-01', size: 5, values: [5, 1, null, null] },
			{ cohort: '2025-04-01', size: 1, values: [1, null, null, null] }
		]);
	});

	it('periods: 1 gives the sizes only', async () => {
		const got = await run(duck, { ...signupBuy, periods: 1, breakdown: 'channel' }, 'monday');
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

	it('counts every period the day reaches, from either table', async () => {
		expect(new Set(rows.slice(1, 4).map((r) => isoDay(r.l)))).toEqual(new Set(['2024-10-27']));
		for (const returnEvent of [null, 'view']) {
			const s = { ...spec, returnEvent };
			const got = await run(duck, s, 'monday');
			expect(got.cohorts).toEqual([{ cohort: '2024-10-26', size: 1, values: [1, 1, 1, 0] }]);
			expect(got).toEqual(reference(rows, s, 'monday'));
		}
	});

	it('the activity path reads the activity table alone when there is no breakdown', async () => {
		await duck.exec('DROP TABLE events');
		for (const s of [spec, { ...spec, mode: 'on_or_after' }, { ...spec, window: 'calendar' }] as const)
			expect(await runOn(duck, s, 'monday', true), JSON.stringify(s)).toEqual(reference(rows, s, 'monday'));
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

	it('the breakdown is the value on the first row in file order, missing or not', async () => {
		const signup: RetentionSpecInput = {
			kind: 'retention',
			startEvent: 'signup',
			breakdown: 'plan',
			periods: 2
		};
		const got = await run(duck, signup, 'monday');
		expect(got.breakdowns).toEqual([
			{ value: 'free', cohorts: [{ cohort: '2025-01-06', size: 1, values: [1, 0] }] },
			{ value: null, cohorts: [{ cohort: '2025-01-06', size: 1, values: [1, 1] }] }
		]);
		expect(got).toEqual(reference(rows, signup, 'monday'));
		const any: RetentionSpecInput = { kind: 'retention', breakdown: 'plan', periods: 2 };
		expect((await run(duck, any, 'monday')).breakdowns).toEqual([
			{ value: null, cohorts: [{ cohort: '2025-01-06', size: 2, values: [2, 1] }] }
		]);
		expect(await run(duck, any, 'monday')).toEqual(reference(rows, any, 'monday'));
	});
});
