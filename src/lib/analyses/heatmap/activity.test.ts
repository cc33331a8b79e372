/**
 * The activity heatmap (SEMANTICS §7) against an independent count over the rows: weekday and hour of each
 * event's wall clock read from Intl (not from Footfall's zone code), in UTC and in two zones whose clocks
 * change during the data, with events packed around both changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import { intlWallClock } from '../../../../test/unit/support/intl-wall-clock.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import type { ActivityCell, ActivityResult } from './spec.ts';

interface Row {
	user: string | null;
	t: number;
	event: string;
}

const HOUR = 3_600_000;
/** Instants of the 2025 clock changes of Europe/Berlin and America/New_York (UTC). */
const CHANGES = [
	Date.UTC(2025, 2, 30, 1),
	Date.UTC(2025, 9, 26, 1),
	Date.UTC(2025, 2, 9, 7),
	Date.UTC(2025, 10, 2, 6)
];

function makeRows(): Row[] {
	const rand = mulberry32(7);
	const rows: Row[] = [];
	for (let i = 0; i < 1500; i++) {
		// Half within three hours of a clock change, the rest over the year.
		const t =
			rand() < 0.5
				? CHANGES[Math.floor(rand() * CHANGES.length)] + Math.floor((rand() - 0.5) * 6 * HOUR)
				: Date.UTC(2025, 0, 1) + Math.floor(rand() * 365 * 24 * HOUR);
		rows.push({
			user: rand() < 0.05 ? null : `u${Math.floor(rand() * 60)}`,
			t,
			event: rand() < 0.7 ? 'view' : 'buy'
		});
	}
	return rows;
}

/** SEMANTICS §7 computed directly: ISO weekday and hour of Intl's wall clock, 168 cells. */
function reference(rows: Row[], tz: string, event: string | null): ActivityResult {
	const cells: (ActivityCell & { set: Set<string> })[] = [];
	for (let weekday = 1; weekday <= 7; weekday++)
		for (let hour = 0; hour < 24; hour++) cells.push({ weekday, hour, events: 0, users: 0, set: new Set() });
	for (const r of rows) {
		if (event !== null && r.event !== event) continue;
		const wall = intlWallClock(r.t, tz);
		const day = new Date(`${wall.slice(0, 10)}T00:00:00Z`).getUTCDay();
		const c = cells[((day + 6) % 7) * 24 + Number(wall.slice(11, 13))];
		c.events++;
		if (r.user !== null) c.set.add(r.user);
	}
	return { type: 'activity', cells: cells.map(({ set, ...c }) => ({ ...c, users: set.size })) };
}

let duck: Database;
let dir: string;
const rows = makeRows();

beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-activity-'));
	const lines = rows.map((r) => `${r.user ?? ''},${new Date(r.t).toISOString()},${r.event}`);
	await writeFile(path.join(dir, 'events.csv'), ['user,time,event', ...lines].join('\n') + '\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(timezone: string): Promise<EngineCore> {
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(path.join(dir, 'events.csv'))], {
		columns: { user: 'user', time: 'time', event: 'event' },
		timezone
	});
	return core;
}

describe('activity heatmap equals an independent weekday × hour count over the rows', () => {
	for (const tz of ['UTC', 'Europe/Berlin', 'America/New_York']) {
		it(`${tz}, every event and one event`, async () => {
			const core = await load(tz);
			expect(await core.result({ kind: 'heatmap', type: 'activity' })).toEqual(reference(rows, tz, null));
			expect(await core.result({ kind: 'heatmap', type: 'activity', event: 'buy' })).toEqual(
				reference(rows, tz, 'buy')
			);
		});
	}

	it('counts both passes of the repeated autumn hour of Berlin in local 2:00, and the hour after the spring gap in 3:00', async () => {
		const core = await load('Europe/Berlin');
		// Sunday 2025-10-26: 00:30Z and 01:30Z are both 02:30 local (CEST, then CET).
		const autumn = rows.filter(
			(r) => r.t >= Date.UTC(2025, 9, 26, 0) && r.t < Date.UTC(2025, 9, 26, 2)
		).length;
		const spring = rows.filter(
			(r) => r.t >= Date.UTC(2025, 2, 30, 1) && r.t < Date.UTC(2025, 2, 30, 2)
		).length;
		expect(autumn).toBeGreaterThan(10);
		expect(spring).toBeGreaterThan(5);
		const r = (await core.result({ kind: 'heatmap', type: 'activity' })) as ActivityResult;
		const sunday2 = r.cells.find((c) => c.weekday === 7 && c.hour === 2)!;
		// Sunday 2:00 local happens only on autumn's change day among the packed hours; other Sundays of the
		// year add their own 2:00 events, counted by the reference above.
		const otherSundays = rows.filter((r) => {
			const w = intlWallClock(r.t, 'Europe/Berlin');
			return w.slice(11, 13) === '02' && new Date(`${w.slice(0, 10)}T00:00:00Z`).getUTCDay() === 0;
		}).length;
		expect(sunday2.events).toBe(otherSundays);
		expect(sunday2.events).toBeGreaterThanOrEqual(autumn);
		// 2025-03-30 01:00Z is 03:00 CEST: the hour after 01:59 CET is 3, so those events are in Sunday 3:00.
		expect(r.cells.find((c) => c.weekday === 7 && c.hour === 3)!.events).toBeGreaterThanOrEqual(spring);
	});

	it('keeps the date range and counts only its days', async () => {
		const core = await load('Europe/Berlin');
		const r = (await core.result({
			kind: 'heatmap',
			type: 'activity',
			dateRange: { from: '2025-10-26', to: '2025-10-26' }
		})) as ActivityResult;
		const inDay = rows.filter((x) => intlWallClock(x.t, 'Europe/Berlin').startsWith('2025-10-26'));
		expect(r.cells.reduce((n, c) => n + c.events, 0)).toBe(inDay.length);
		expect(r.cells.filter((c) => c.weekday !== 7).every((c) => c.events === 0)).toBe(true);
	});
});
