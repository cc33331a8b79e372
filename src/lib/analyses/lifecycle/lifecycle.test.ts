/**
 * Lifecycle (SEMANTICS §6, PostHog's definitions) on a hand-built fixture whose answers are worked out
 * below, and against an independent TypeScript reference (test/unit/support/lifecycle-reference.ts) on a
 * seeded fixture in UTC and in London, across both clock changes, for days, weeks and months.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import { lifecycleReference, type LifecycleRow } from '../../../../test/unit/support/lifecycle-reference.ts';
import type { LifecycleResult } from './spec.ts';

const DAY = 86_400_000;

let duck: Database;
let dir: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-lifecycle-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(name: string, rows: readonly LifecycleRow[], timezone = 'UTC'): Promise<EngineCore> {
	const text = ['user,time,event', ...rows.map((r) => `${r.user},${new Date(r.t).toISOString()},${r.event}`)];
	await writeFile(path.join(dir, name), text.join('\n') + '\n');
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(path.join(dir, name))], {
		columns: { user: 'user', time: 'time', event: 'event' },
		timezone
	});
	return core;
}

/** Weeks from Monday 2025-01-06 (W1) to Monday 2025-02-03 (W5). */
const W = (k: number, hours = 12) => Date.UTC(2025, 0, 6 + 7 * (k - 1)) + hours * 3_600_000;
const hand: LifecycleRow[] = [
	// a: W1, W2, W4 → new, returning, (dormant in W3), resurrecting, (dormant in W5)
	{ user: 'a', t: W(1), event: 'buy' },
	{ user: 'a', t: W(2), event: 'buy' },
	{ user: 'a', t: W(4), event: 'buy' },
	// b: W2, W3 → new, returning, (dormant in W4)
	{ user: 'b', t: W(2, 30), event: 'buy' },
	{ user: 'b', t: W(3), event: 'buy' },
	// c: a view in W1 (first ever), a buy in W2
	{ user: 'c', t: W(1, 1), event: 'view' },
	{ user: 'c', t: W(2, 1), event: 'buy' },
	// d: W5 only → new in W5
	{ user: 'd', t: W(5), event: 'buy' },
	// e: W1 and W5 → new, (dormant in W2), resurrecting in W5
	{ user: 'e', t: W(1, 2), event: 'buy' },
	{ user: 'e', t: W(5, 2), event: 'buy' }
];
const weeks = ['2025-01-06', '2025-01-13', '2025-01-20', '2025-01-27', '2025-02-03'];
const point = (i: number, n: number, ret: number, res: number, dormant: number) => ({
	period: weeks[i],
	new: n,
	returning: ret,
	resurrecting: res,
	dormant
});

describe('lifecycle on a hand-built fixture', () => {
	let core: EngineCore;
	beforeAll(async () => {
		core = await load('hand.csv', hand);
	});

	it('any event: every status where the comments put it, dormant negative', async () => {
		const r = (await core.result({ kind: 'lifecycle', period: 'week' })) as LifecycleResult;
		expect(r).toEqual({
			period: 'week',
			periods: [
				point(0, 3, 0, 0, 0), // new a, c, e
				point(1, 1, 2, 0, -1), // new b; returning a, c; dormant e
				point(2, 0, 1, 0, -2), // returning b; dormant a, c
				point(3, 0, 0, 1, -1), // resurrecting a; dormant b
				point(4, 1, 0, 1, -1) // new d; resurrecting e; dormant a
			]
		});
	});

	it('one event: a first buy after a first visit is resurrecting, as in PostHog (first ever = any event)', async () => {
		const r = (await core.result({ kind: 'lifecycle', period: 'week', event: 'buy' })) as LifecycleResult;
		expect(r.periods).toEqual([
			point(0, 2, 0, 0, 0), // new a, e (c only viewed)
			point(1, 1, 1, 1, -1), // new b; returning a; resurrecting c; dormant e
			point(2, 0, 1, 0, -2),
			point(3, 0, 0, 1, -1),
			point(4, 1, 0, 1, -1)
		]);
	});

	it('a date range keeps its periods, reading the week before for returning and dormant', async () => {
		const r = (await core.result({
			kind: 'lifecycle',
			period: 'week',
			dateRange: { from: '2025-01-22', to: '2025-02-09' }
		})) as LifecycleResult;
		// W3 touches the range from its Wednesday: counted whole; b returns from W2, a and c go dormant.
		expect(r.periods).toEqual([point(2, 0, 1, 0, -2), point(3, 0, 0, 1, -1), point(4, 1, 0, 1, -1)]);
	});

	it('a segment keeps its users only; their first event is still their first ever', async () => {
		const r = (await core.result({
			kind: 'lifecycle',
			period: 'week',
			event: 'buy',
			segment: { users: ['c', 'e'] }
		})) as LifecycleResult;
		expect(r.periods).toEqual([
			point(0, 1, 0, 0, 0), // new e
			point(1, 0, 0, 1, -1), // resurrecting c; dormant e
			point(2, 0, 0, 0, -1), // dormant c
			point(3, 0, 0, 0, 0),
			point(4, 0, 0, 1, 0) // resurrecting e
		]);
	});

	it('a row filter reads the events themselves and agrees with the event filter', async () => {
		const viaWhere = (await core.result({
			kind: 'lifecycle',
			period: 'week',
			where: [{ column: 'event', op: '=', value: 'buy' }]
		})) as LifecycleResult;
		const viaEvent = (await core.result({
			kind: 'lifecycle',
			period: 'week',
			event: 'buy'
		})) as LifecycleResult;
		expect(viaWhere).toEqual(viaEvent);
	});
});

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

/** 80 users from Sept 2024 to May 2025 (both clock changes), many events on the hour around midnight. */
function seeded(): LifecycleRow[] {
	const rand = mulberry32(21);
	const rows: LifecycleRow[] = [];
	const begin = Date.UTC(2024, 8, 2);
	for (let i = 0; i < 80; i++) {
		let t = begin + Math.floor(rand() * 200 * DAY);
		const n = 1 + Math.floor(rand() * 25);
		for (let k = 0; k < n; k++) {
			const at = rand() < 0.4 ? Math.floor(t / DAY) * DAY - (rand() < 0.5 ? 3_600_000 : 0) : t;
			rows.push({ user: `u${i}`, t: at, event: rand() < 0.6 ? 'view' : 'buy' });
			t += Math.floor(rand() * (rand() < 0.7 ? 3 : 40) * DAY);
		}
	}
	return rows.sort((a, b) => a.t - b.t);
}

describe('lifecycle equals the reference over the rows', () => {
	const rows = seeded();
	for (const tz of ['UTC', 'Europe/London']) {
		describe(tz, () => {
			let core: EngineCore;
			beforeAll(async () => {
				core = await load(`seeded-${tz.replace('/', '-')}.csv`, rows, tz);
			});
			for (const period of ['day', 'week', 'month'] as const) {
				it(`${tz}, ${period}`, async () => {
					for (const event of [null, 'buy']) {
						const got = (await core.result({ kind: 'lifecycle', period, event })) as LifecycleResult;
						expect(got.periods).toEqual(lifecycleReference(rows, { period, timezone: tz, event }));
					}
					const range = { from: '2024-12-01', to: '2025-02-15' };
					const users = new Set(['u1', 'u2', 'u3', 'u5', 'u8', 'u13', 'u21', 'u34', 'u55']);
					const got = (await core.result({
						kind: 'lifecycle',
						period,
						dateRange: range,
						segment: { users: [...users] }
					})) as LifecycleResult;
					expect(got.periods).toEqual(lifecycleReference(rows, { period, timezone: tz, range, users }));
				});
			}
		});
	}
});
