// Retention (SEMANTICS §2) on seeded random events in two zones: every spec combination equals the plain
// reference in support/retention-reference.ts, from the events table and the activity table alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/engine/duck.ts';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import { withRetentionDefaults, type RetentionSpecInput } from '../../src/lib/analyses/retention/spec.ts';
import { ACTIVITY } from '../../src/lib/engine/activity.ts';
import { retentionUsesActivity } from '../../src/lib/analyses/retention/compile.ts';
import { isoDay, reference, textOrder, type Row } from './support/retention-reference.ts';
import { combinations, loadEvents, randomRows, run, runOn, userKeys } from './support/retention-cases.ts';

let duck: Database;
beforeAll(async () => {
	duck = await createNodeDuck();
});
afterAll(async () => {
	await duck?.exec('DROP TABLE IF EXISTS events');
	await duck?.exec(`DROP TABLE IF EXISTS ${ACTIVITY}`);
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

	it('the activity table sums up the events per user, event, local day and UTC offset', async () => {
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
		const got = await duck.rows<(typeof expected)[number]>(
			`SELECT __ukey AS u, __event AS ev, any_event AS any, strftime(day, '%Y-%m-%d') AS day,
				epoch_ms(first_t) AS first_t, epoch_ms(last_t) AS last_t, n FROM ${ACTIVITY}`
		);
		expect(got.sort(order)).toEqual(expected.sort(order));
	});

	it('matches the reference for every option combination', async () => {
		const combos = combinations();
		expect(combos.length).toBe(2 * 4 * 2 * 2 * 3 * 3);
		let nulls = 0;
		let nonZero = 0;
		// London runs every combination; New York (to keep the suite quick) every other one.
		const chosen = zone === 'Europe/London' ? combos : combos.filter((_, i) => i % 2 === 1);
		let viaActivity = 0;
		for (const { label, spec, weekStart } of chosen) {
			const expected = reference(rows, spec, weekStart);
			expect(await runOn(duck, spec, weekStart, false), label).toEqual(expected);
			if (retentionUsesActivity(withRetentionDefaults(spec), { weekStart, activity: true })) {
				viaActivity++;
				expect(await runOn(duck, spec, weekStart, true), `${label} / activity table`).toEqual(expected);
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

	it('a date range keeps the cohorts that start in it, and first_time cohorts come from all data', async () => {
		for (const type of ['first_time', 'recurring'] as const)
			for (const window of ['calendar', 'rolling'] as const)
				for (const dateRange of [
					{ from: '2024-11-04', to: '2025-02-02' },
					{ from: '2025-01-01', to: '2025-12-31' },
					{ from: '2024-01-01', to: '2024-10-14' }
				]) {
					const spec: RetentionSpecInput = { kind: 'retention', type, window, dateRange, breakdown: 'plan' };
					const got = await run(duck, spec, 'monday');
					expect(got, JSON.stringify(spec)).toEqual(reference(rows, spec, 'monday'));
					for (const c of got.cohorts) {
						expect(c.cohort! >= dateRange.from).toBe(true);
						expect(c.cohort! <= dateRange.to).toBe(true);
					}
				}
		// A first_time user whose first event precedes the range is not moved into it.
		const all = await run(duck, { kind: 'retention', period: 'month', periods: 3 }, 'monday');
		const ranged = await run(
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

	it('first_time cohorts partition the users; period 0 is the cohort size', async () => {
		const got = await run(duck, { kind: 'retention', period: 'month', periods: 4 }, 'monday');
		const users = new Set(rows.filter((r) => r.u !== null).map((r) => r.u));
		expect(got.cohorts.reduce((n, c) => n + c.size, 0)).toBe(users.size);
		for (const c of got.cohorts) expect(c.values[0]).toBe(c.size);
	});
});
