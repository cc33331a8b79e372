// Fixture events for the retention tests: seeded random rows across both DST changes, loading them into
// DuckDB-WASM as the ingest would (events + activity tables), and the spec combinations compared with the reference.
import { expect } from 'vitest';
import { intlWallClockMs as wallClock } from './intl-wall-clock.ts';
import { mulberry32 } from './random.ts';
import type { Database } from '../../../src/lib/engine/duck.ts';
import {
	withRetentionDefaults,
	type RetentionResult,
	type RetentionSpecInput
} from '../../../src/lib/analyses/retention/spec.ts';
import type { WeekStart } from '../../../src/lib/spec/types.ts';
import { buildActivity } from '../../../src/lib/engine/activity.ts';
import { compileRetention, retentionUsesActivity } from '../../../src/lib/analyses/retention/compile.ts';
import { literal } from '../../../src/lib/sql/quote.ts';
import { shapeRetention } from '../../../src/lib/analyses/retention/shape.ts';
import { DAY, HOUR, type Row } from './retention-reference.ts';

/**
 * A few hundred events over Sept 2024 to Apr 2025 (both DST changes of Europe/London and New York), with
 * many times on whole local hours and local midnights so that period boundaries are hit exactly.
 */
export function randomRows(seed: number, timeZone: string): Row[] {
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

export function userKeys(rows: Row[]): Map<string, number> {
	const keys = new Map<string, number>();
	for (const r of rows) if (r.u !== null && !keys.has(r.u)) keys.set(r.u, keys.size);
	return keys;
}

export async function loadEvents(duck: Database, rows: Row[]): Promise<void> {
	await duck.exec('DROP TABLE IF EXISTS events');
	await duck.exec(`CREATE TABLE events (__row BIGINT, __user VARCHAR, __ukey INTEGER, __time TIMESTAMP,
		__local TIMESTAMP, __event VARCHAR, plan VARCHAR, channel VARCHAR, amount DOUBLE)`);
	const keys = userKeys(rows);
	const values = rows.map(
		(r) =>
			`(${r.rn}, ${literal(r.u)}, ${r.u === null ? 'NULL' : keys.get(r.u)}, epoch_ms(${r.t}::BIGINT), epoch_ms(${r.l}::BIGINT), ${literal(r.ev)}, ` +
			`${literal(r.plan)}, ${literal(r.channel)}, ${r.amount === null ? 'NULL' : `${r.amount}::DOUBLE`})`
	);
	await duck.exec(`INSERT INTO events VALUES ${values.join(',\n')}`);
	await buildActivity(duck);
}

export async function runOn(
	duck: Database,
	input: RetentionSpecInput,
	weekStart: WeekStart,
	activity: boolean
): Promise<RetentionResult> {
	const spec = withRetentionDefaults(input);
	return shapeRetention(await duck.query(compileRetention(spec, { weekStart, activity })), spec);
}

/**
 * Runs a spec over the events table and, where the spec allows it, over the activity table too: both must
 * give the same result, so every comparison below holds for both paths.
 */
export async function run(
	duck: Database,
	input: RetentionSpecInput,
	weekStart: WeekStart
): Promise<RetentionResult> {
	const fromEvents = await runOn(duck, input, weekStart, false);
	if (retentionUsesActivity(withRetentionDefaults(input), { weekStart, activity: true }))
		expect(await runOn(duck, input, weekStart, true), 'from the activity table').toEqual(fromEvents);
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

export function combinations(): { label: string; spec: RetentionSpecInput; weekStart: WeekStart }[] {
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
