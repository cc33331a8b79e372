/**
 * Stickiness (SEMANTICS §6) against an independent count over the rows: a hand-built week with known
 * answers, seeded rows around both clock changes of London (days read from Intl, not from Footfall's zone
 * code), and the real Online Retail and CDNOW exports read with papaparse.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeDuck } from '../../engine/node-duck.ts';
import type { Database } from '../../engine/duck.ts';
import type { EngineCore } from '../../engine/core.ts';
import { intlWallClock } from '../../../../test/unit/support/intl-wall-clock.ts';
import { loadCsv } from '../../../../test/unit/support/load-csv.ts';
import { cdnow, onlineRetail } from '../../../../test/unit/support/real-data.ts';
import type { StickinessResult, StickinessSpecInput } from './spec.ts';

const DAY = 86_400_000;

/** Monday- or Sunday-based week, or month, holding a `YYYY-MM-DD` day. */
function intervalOf(day: string, interval: 'week' | 'month', weekStart: 'monday' | 'sunday'): string {
	if (interval === 'month') return day.slice(0, 7);
	const d = new Date(day + 'T00:00:00Z');
	const back = weekStart === 'monday' ? (d.getUTCDay() + 6) % 7 : d.getUTCDay();
	return new Date(d.getTime() - back * DAY).toISOString().slice(0, 10);
}

/** SEMANTICS §6 over (user, day) activity: one count per user and interval, by its distinct days. */
function reference(
	active: { user: string; day: string }[],
	interval: 'week' | 'month',
	weekStart: 'monday' | 'sunday' = 'monday'
): { counts: number[]; users: number } {
	const days = new Map<string, Set<string>>();
	for (const a of active) {
		const key = `${a.user}|${intervalOf(a.day, interval, weekStart)}`;
		if (!days.has(key)) days.set(key, new Set());
		days.get(key)!.add(a.day);
	}
	const counts = Array.from({ length: interval === 'week' ? 7 : 31 }, () => 0);
	for (const set of days.values()) counts[set.size - 1]++;
	return { counts, users: new Set(active.map((a) => a.user)).size };
}

const usersOf = (r: StickinessResult) => r.counts.map((c) => c.users);

let duck: Database;
beforeAll(async () => {
	duck = await createNodeDuck();
});

describe('stickiness on a hand-built fortnight', () => {
	// Mon 2025-03-24 .. Sun 2025-04-06; London moves to summer time on Sun 2025-03-30 at 01:00 UTC.
	const rows = [
		// a: Mon twice, Tue, and Sun 23:30 UTC, which is already Monday 00:30 in London (next week).
		['a', '2025-03-24T09:00:00Z', 'view'],
		['a', '2025-03-24T18:00:00Z', 'view'],
		['a', '2025-03-25T09:00:00Z', 'buy'],
		['a', '2025-03-30T23:30:00Z', 'view'],
		// b: every day of the first week.
		...Array.from({ length: 7 }, (_, i) => [
			'b',
			new Date(Date.UTC(2025, 2, 24 + i, 12)).toISOString(),
			'view'
		]),
		// c: once in the second week.
		['c', '2025-04-02T12:00:00Z', 'buy'],
		// no user: never counts.
		['', '2025-04-02T12:00:00Z', 'view']
	];
	const csv = ['user,time,event', ...rows.map((r) => r.join(','))].join('\n') + '\n';

	it('counts each (user, week) once under its active days, in UTC', async () => {
		const core = await loadCsv(duck, csv, { columns: { user: 'user', time: 'time', event: 'event' } });
		const r = (await core.result({ kind: 'stickiness' })) as StickinessResult;
		// Week 1: a has Mon, Tue, Sun (3), b has 7. Week 2: c has 1.
		expect(usersOf(r)).toEqual([1, 0, 1, 0, 0, 0, 1]);
		expect(r).toMatchObject({ interval: 'week', total: 3, users: 3, intervals: 2, partial: ['2025-03-31'] });
		const buys = (await core.result({ kind: 'stickiness', event: 'buy' })) as StickinessResult;
		expect(usersOf(buys)).toEqual([2, 0, 0, 0, 0, 0, 0]);
	});

	it('moves a late Sunday event into the next week in London', async () => {
		const core = await loadCsv(duck, csv, {
			columns: { user: 'user', time: 'time', event: 'event' },
			timezone: 'Europe/London'
		});
		const r = (await core.result({ kind: 'stickiness' })) as StickinessResult;
		// Week 1: a has Mon, Tue (2), b has 7. Week 2: a has Mon (1), c has 1.
		expect(usersOf(r)).toEqual([2, 1, 0, 0, 0, 0, 1]);
		const month = (await core.result({ kind: 'stickiness', interval: 'month' })) as StickinessResult;
		// March: a has the 24th, 25th and 31st (3), b has 24..30 (7). April: c has 1.
		expect(month.counts.length).toBe(31);
		expect(usersOf(month).slice(0, 7)).toEqual([1, 0, 1, 0, 0, 0, 1]);
	});

	it('counts only the days of a date range, and says which weeks the range cuts', async () => {
		const core = await loadCsv(duck, csv, { columns: { user: 'user', time: 'time', event: 'event' } });
		const r = (await core.result({
			kind: 'stickiness',
			dateRange: { from: '2025-03-26', to: '2025-03-30' }
		})) as StickinessResult;
		// a: Sun only (1); b: Wed..Sun (5).
		expect(usersOf(r)).toEqual([1, 0, 0, 0, 1, 0, 0]);
		expect(r).toMatchObject({ from: '2025-03-26', to: '2025-03-30', intervals: 1, partial: ['2025-03-24'] });
	});
});

interface Row {
	user: string | null;
	t: number;
	event: string;
	plan: string;
}

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Events over Sept 2024 to Apr 2025 (both clock changes), many near local midnight. */
function makeRows(): Row[] {
	const rand = mulberry32(23);
	const rows: Row[] = [];
	const begin = Date.UTC(2024, 8, 3);
	for (let i = 0; i < 1500; i++) {
		let t = begin + Math.floor(rand() * 220 * DAY);
		if (rand() < 0.4) t = Math.floor(t / DAY) * DAY - (rand() < 0.5 ? 3_600_000 : 1000);
		rows.push({
			user: rand() < 0.03 ? null : `u${Math.floor(rand() * rand() * 60)}`,
			t,
			event: rand() < 0.6 ? 'view' : 'buy',
			plan: rand() < 0.5 ? 'free' : 'pro'
		});
	}
	return rows;
}

describe('stickiness equals an independent count over seeded rows', () => {
	const rows = makeRows();
	const csv =
		[
			'user,time,event,plan',
			...rows.map((r) => `${r.user ?? ''},${new Date(r.t).toISOString()},${r.event},${r.plan}`)
		].join('\n') + '\n';
	for (const tz of ['UTC', 'Europe/London']) {
		for (const weekStart of ['monday', 'sunday'] as const) {
			it(`${tz}, weeks from ${weekStart}, months, one event with a filter, a date range`, async () => {
				const core = await loadCsv(duck, csv, {
					columns: { user: 'user', time: 'time', event: 'event' },
					timezone: tz,
					weekStart
				});
				const day = (r: Row) => intlWallClock(r.t, tz).slice(0, 10);
				const active = (keep: (r: Row) => boolean) =>
					rows.filter((r) => r.user !== null && keep(r)).map((r) => ({ user: r.user!, day: day(r) }));
				const check = async (spec: StickinessSpecInput, keep: (r: Row) => boolean) => {
					const got = (await core.result(spec)) as StickinessResult;
					const want = reference(active(keep), spec.interval ?? 'week', weekStart);
					expect(usersOf(got)).toEqual(want.counts);
					expect(got.users).toBe(want.users);
				};
				await check({ kind: 'stickiness' }, () => true);
				await check({ kind: 'stickiness', interval: 'month' }, () => true);
				await check(
					{ kind: 'stickiness', event: 'buy', where: [{ column: 'plan', op: '=', value: 'pro' }] },
					(r) => r.event === 'buy' && r.plan === 'pro'
				);
				await check(
					{ kind: 'stickiness', dateRange: { from: '2024-10-23', to: '2025-03-30' } },
					(r) => day(r) >= '2024-10-23' && day(r) <= '2025-03-30'
				);
			});
		}
	}
});

describe('stickiness on real exports equals a count over the raw files', () => {
	it('Online Retail (London wall clock), weekly and monthly', async () => {
		const { EngineCore } = await import('../../engine/core.ts');
		const { nodeSource } = await import('../../engine/node-duck.ts');
		const core: EngineCore = new EngineCore(duck);
		await core.ingest([await nodeSource('test/fixtures/data/online-retail/online_retail.csv.gz')], {
			columns: { user: 'CustomerID', time: 'InvoiceDate', event: null, id: null },
			timezone: 'Europe/London',
			dedupe: 'row',
			filters: [
				{ column: 'CustomerID', op: 'not_null' },
				{ column: 'Quantity', op: '>', value: 0 },
				{ column: 'UnitPrice', op: '>', value: 0 }
			]
		});
		const active = onlineRetail().map((r) => ({ user: r.user, day: r.day }));
		for (const interval of ['week', 'month'] as const) {
			const got = (await core.result({ kind: 'stickiness', interval })) as StickinessResult;
			const want = reference(active, interval);
			expect(usersOf(got)).toEqual(want.counts);
			expect(got.users).toBe(want.users);
		}
	});

	it('CDNOW, monthly', async () => {
		const { EngineCore } = await import('../../engine/core.ts');
		const { nodeSource } = await import('../../engine/node-duck.ts');
		const core: EngineCore = new EngineCore(duck);
		await core.ingest([await nodeSource('test/fixtures/data/cdnow/CDNOW_master.txt')], {
			columns: { user: 'customer_id', time: 'date', event: null },
			timezone: 'UTC'
		});
		const got = (await core.result({ kind: 'stickiness', interval: 'month' })) as StickinessResult;
		const want = reference(cdnow(), 'month');
		expect(usersOf(got)).toEqual(want.counts);
		expect(got).toMatchObject({
			users: 23_570,
			from: '1997-01-01',
			to: '1998-06-30',
			intervals: 18,
			partial: []
		});
	});
});
