/**
 * Churn's features from the `activity` table (compile.ts activityDaysSql) against the same features counted
 * from every event (featuresSql without the table, which reads `events` alone), value by value, in a zone
 * with clock changes: local days of two UTC offsets, cuts inside such days and inside users' days, with an
 * event filter, a date range, a segment, money and another horizon.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import { buildActivity } from '../../engine/activity.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import { featuresSql, type Cut } from './compile.ts';
import { parseChurn } from './spec.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2024, 2, 1);
/** Berlin's clock changes of 2024 (01:00 UTC): the local days 2024-03-31 and 2024-10-27 hold two offsets. */
const SPRING = Date.UTC(2024, 2, 31, 1);
const AUTUMN = Date.UTC(2024, 9, 27, 1);

/** 120 users over 2024-03-01..2024-11-30, half of them active around each clock change in the night. */
function makeCsv(seed = 3): { csv: string; last: number } {
	const rand = mulberry32(seed);
	const lines = ['user,time,event,amount'];
	let last = 0;
	const add = (u: number, t: number) => {
		lines.push(
			`u${u},${new Date(t).toISOString()},${rand() < 0.3 ? 'buy' : 'view'},${Math.round(rand() * 50)}`
		);
		last = Math.max(last, t);
	};
	for (let u = 0; u < 120; u++) {
		const join = Math.floor(rand() * 200) * DAY;
		const stop = rand() < 0.5 ? join + Math.floor(rand() * 150) * DAY : 300 * DAY;
		for (let d = join; d < Math.min(stop, 275 * DAY); d += DAY) {
			if (rand() > 0.3) continue;
			const visits = 1 + Math.floor(rand() * 4);
			for (let v = 0; v < visits; v++) add(u, START + d + Math.floor(rand() * 24 * 60) * 60_000);
		}
		// Events on both sides of each clock change, within one local day.
		if (u % 2 === 0)
			for (const change of [SPRING, AUTUMN])
				for (const dt of [-90, -20, 15, 70]) add(u, change + dt * 60_000 + u * 1000);
	}
	return { csv: lines.join('\n') + '\n', last };
}

let duck: Database;
let dir: string;
let last = 0;
beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-churn-activity-'));
	const data = makeCsv();
	last = data.last;
	await writeFile(path.join(dir, 'e.csv'), data.csv);
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(path.join(dir, 'e.csv'))], {
		columns: { user: 'user', time: 'time', event: 'event' },
		timezone: 'Europe/Berlin'
	});
	await core.derived();
	await buildActivity(duck);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The feature rows (ordered by cut, then user key) of `input` at `cuts`, from the table or the events. */
async function features(input: Record<string, unknown>, cuts: Cut[], activityTable: boolean) {
	const ctx = {
		timezone: 'Europe/Berlin',
		lastEventMs: last,
		columns: ['user', 'time', 'event', 'amount'],
		sessionGapMinutes: 30,
		sessionColumn: null,
		sessionsTable: true,
		activityTable
	};
	const sql = featuresSql(parseChurn({ kind: 'churn', ...input }), ctx, cuts, true);
	return tableFromIPC(await duck.ipc(sql))
		.toArray()
		.map((r) => r.toJSON());
}

describe('churn features from the activity table', () => {
	// Cuts inside the clock-change days (between their two offsets) and in the middle of users' days.
	const cuts: Cut[] = [
		{ atMs: AUTUMN - 30 * DAY + 5 * 60_000 },
		{ atMs: AUTUMN + 10 * 60_000 },
		{ atMs: SPRING + 45 * 60_000 },
		{ atMs: AUTUMN + 30 * DAY + 7 * HOUR }
	];
	const specs: Record<string, Record<string, unknown>> = {
		defaults: {},
		'an event filter': { event: 'view' },
		money: { monetary: 'amount' },
		'a seven-day horizon': { horizon: 7 },
		'a date range': { dateRange: { from: '2024-03-31', to: '2024-10-27' } },
		'a segment': { segment: { users: ['u0', 'u2', 'u3', 'u10', 'u11', 'u40'] } }
	};
	for (const [name, spec] of Object.entries(specs))
		it(`equal the features counted from every event: ${name}`, async () => {
			const fromEvents = await features(spec, cuts, false);
			expect(fromEvents.length).toBeGreaterThan(20);
			// Users with two rows on a clock-change day before a cut: the case a DISTINCT used to cover.
			expect(await features(spec, cuts, true)).toEqual(fromEvents);
		});
});
