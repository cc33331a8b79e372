/**
 * Churn (SEMANTICS §8) on DuckDB-WASM under Node, on generated events: the features at a cut against a plain
 * TypeScript reference over the rows, no feature leaking from after the cut (events after it changed, the
 * features and the trained model unchanged), the labels, and the errors a person can act on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import { buildActivity } from '../../engine/activity.ts';
import { featuresSql, RAW_FEATURES } from './compile.ts';
import { parseChurn } from './spec.ts';
import type { ChurnResult } from './result.ts';

interface Row {
	user: string;
	t: number;
	event: string;
	amount: number;
}

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const LAST = START + 180 * DAY;

/** 300 users over 180 days; each has a rate and a day they stop; everyone's last event ends the data. */
function makeRows(seed = 1): Row[] {
	const rand = mulberry32(seed);
	const rows: Row[] = [];
	for (let u = 0; u < 300; u++) {
		const join = Math.floor(rand() * 120) * DAY;
		const stop = rand() < 0.5 ? join + Math.floor(rand() * 150) * DAY : 200 * DAY;
		const rate = 0.05 + rand() * 0.6;
		for (let d = join; d < Math.min(stop, 180 * DAY); d += DAY) {
			if (rand() > rate) continue;
			const visits = 1 + Math.floor(rand() * 3);
			let t = START + d + Math.floor(rand() * 10) * 3_600_000;
			for (let v = 0; v < visits; v++) {
				rows.push({
					user: `u${u}`,
					t,
					event: rand() < 0.2 ? 'buy' : 'view',
					amount: Math.round(rand() * 100)
				});
				t += rand() < 0.7 ? 5 * 60_000 : 2 * 3_600_000;
			}
		}
	}
	rows.push({ user: 'u0', t: LAST, event: 'view', amount: 0 });
	return rows;
}

const csv = (rows: Row[]) =>
	[
		'user,time,event,amount',
		...rows.map((r) => `${r.user},${new Date(r.t).toISOString()},${r.event},${r.amount}`)
	].join('\n') + '\n';

/** The features at cut T over the rows (UTC days, 30-minute gap), independent of the SQL. */
function reference(rows: Row[], T: number, horizon: number) {
	const by = new Map<string, Row[]>();
	for (const r of rows) by.set(r.user, [...(by.get(r.user) ?? []), r]);
	const out = new Map<string, Record<string, number>>();
	for (const [user, all] of by) {
		const rs = all.filter((r) => r.t <= T).sort((a, b) => a.t - b.t);
		if (rs.length === 0) continue;
		let sessions = 0;
		rs.forEach((r, i) => {
			if (i === 0 || r.t - rs[i - 1].t > 30 * 60_000) sessions++;
		});
		out.set(user, {
			recency_days: (T - rs.at(-1)!.t) / DAY,
			tenure_days: (T - rs[0].t) / DAY,
			events: rs.length,
			active_days: new Set(rs.map((r) => new Date(r.t).toISOString().slice(0, 10))).size,
			sessions,
			recent_events: rs.filter((r) => r.t > T - horizon * DAY).length,
			monetary: rs.reduce((s, r) => s + r.amount, 0),
			active_after: all.some((r) => r.t > T && r.t <= T + horizon * DAY) ? 1 : 0
		});
	}
	return out;
}

let duck: Database;
let dir: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-churn-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(rows: Row[], name: string): Promise<EngineCore> {
	await writeFile(path.join(dir, name), csv(rows));
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(path.join(dir, name))], {
		columns: { user: 'user', time: 'time', event: 'event' },
		timezone: 'UTC'
	});
	return core;
}

async function featuresAt(rows: Row[], name: string, T: number) {
	await load(rows, name);
	const spec = parseChurn({ kind: 'churn', monetary: 'amount' });
	const sql = featuresSql(
		spec,
		{
			timezone: 'UTC',
			lastEventMs: LAST,
			columns: ['user', 'time', 'event', 'amount'],
			sessionGapMinutes: 30,
			sessionColumn: null
		},
		[{ atMs: T }],
		true
	);
	const table = tableFromIPC(await duck.ipc(sql));
	const out = new Map<string, Record<string, number>>();
	for (const r of table.toArray()) {
		const o = r.toJSON() as Record<string, unknown>;
		out.set(
			String(o.id),
			Object.fromEntries([...RAW_FEATURES, 'active_after'].map((f) => [f, Number(o[f])]))
		);
	}
	return out;
}

/** The features at T on the loaded data, session starts from `sessions` where it may (sessionsTable). */
async function featuresWithTable(input: Parameters<typeof parseChurn>[0], T: number, activityTable = false) {
	const context = { timezone: 'UTC', lastEventMs: LAST, columns: ['user', 'time', 'event', 'amount'] };
	const sql = featuresSql(
		parseChurn(input),
		{ ...context, sessionGapMinutes: 30, sessionColumn: null, sessionsTable: true, activityTable },
		[{ atMs: T }],
		true
	);
	const out = new Map<string, Record<string, number>>();
	for (const r of tableFromIPC(await duck.ipc(sql)).toArray()) {
		const o = r.toJSON() as Record<string, unknown>;
		out.set(
			String(o.id),
			Object.fromEntries([...RAW_FEATURES, 'active_after'].map((f) => [f, Number(o[f])]))
		);
	}
	return out;
}

const closeMaps = (a: Map<string, Record<string, number>>, b: Map<string, Record<string, number>>) => {
	expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
	for (const [k, v] of a)
		for (const f of Object.keys(v)) expect(v[f], `${k} ${f}`).toBeCloseTo(b.get(k)![f], 9);
};

describe('churn features at a cut', () => {
	const rows = makeRows();
	const T = START + 120 * DAY + 7 * 3_600_000;

	it('equal a plain count over the rows', async () => {
		closeMaps(await featuresAt(rows, 'a.csv', T), reference(rows, T, 30));
	});

	it('no feature leaking from after the cut: changing later events changes the label only', async () => {
		const rand = mulberry32(99);
		// After T: drop half the events, move the rest, add events for users who had none after T.
		const changed = rows
			.filter((r) => r.t <= T || rand() < 0.5)
			.map((r) => (r.t > T ? { ...r, t: r.t + Math.floor(rand() * 5) * 3_600_000, amount: 999 } : r));
		for (let u = 0; u < 300; u += 7) changed.push({ user: `u${u}`, t: T + 60_000, event: 'buy', amount: 5 });
		const before = await featuresAt(rows, 'a.csv', T);
		const after = await featuresAt(changed, 'b.csv', T);
		const strip = (m: Map<string, Record<string, number>>) =>
			new Map([...m].map(([k, v]) => [k, Object.fromEntries(RAW_FEATURES.map((f) => [f, v[f]]))]));
		closeMaps(strip(after), strip(before));
		// The label did move: the test would see a leak in either direction.
		expect(
			[...after].filter(([k, v]) => v.active_after !== before.get(k)!.active_after).length
		).toBeGreaterThan(10);
	});
});

describe('churn features with the sessions table built', () => {
	const rows = makeRows();
	const T = START + 120 * DAY + 7 * 3_600_000;

	it('take session starts from it when every event counts, and equal a plain count over the rows', async () => {
		const core = await load(rows, 'a.csv');
		await core.derived();
		closeMaps(await featuresWithTable({ kind: 'churn', monetary: 'amount' }, T), reference(rows, T, 30));
	});

	it('split sessions over the counted events alone when an event filter leaves some out', async () => {
		// Without `buy` events the gaps between views grow: the sessions table's starts would be wrong here.
		const core = await load(rows, 'a.csv');
		await core.derived();
		const views = reference(
			rows.filter((r) => r.event === 'view'),
			T,
			30
		);
		const all = reference(rows, T, 30);
		expect([...views].filter(([k, v]) => v.sessions !== all.get(k)?.sessions).length).toBeGreaterThan(10);
		closeMaps(await featuresWithTable({ kind: 'churn', event: 'view', monetary: 'amount' }, T), views);
	});
});

describe('churn features from the activity table', () => {
	// T at 07:00 falls inside users' days: rows straddling it (and T ± 30 days) are counted from their events.
	it('equal a plain count over the rows, with and without an event filter', async () => {
		const rows = makeRows();
		const T = START + 120 * DAY + 7 * 3_600_000;
		await (await load(rows, 'a.csv')).derived();
		await buildActivity(duck);
		const money = { kind: 'churn', monetary: 'amount' } as const;
		closeMaps(await featuresWithTable(money, T, true), reference(rows, T, 30));
		const views = rows.filter((r) => r.event === 'view');
		closeMaps(await featuresWithTable({ ...money, event: 'view' }, T, true), reference(views, T, 30));
	});
});

describe('churn model', () => {
	const rows = makeRows();

	it('trains at cutoff − horizon, validates at the cutoff, scores every user', async () => {
		const core = await load(rows, 'a.csv');
		const r = (await core.result({ kind: 'churn', monetary: 'amount', perUser: true })) as ChurnResult;
		const cutoff = LAST - 30 * DAY;
		expect(r.params.cutoff).toBe(new Date(cutoff).toISOString());
		expect(r.params.trainCutoff).toBe(new Date(cutoff - 30 * DAY).toISOString());
		const train = reference(rows, cutoff - 30 * DAY, 30);
		const valid = reference(rows, cutoff, 30);
		const churned = (m: Map<string, Record<string, number>>) =>
			[...m.values()].filter((v) => !v.active_after).length;
		expect(r.train.users).toBe(train.size);
		expect(r.train.churned).toBe(churned(train));
		expect(r.train.holdout).toBe(Math.round(train.size * 0.2));
		expect(r.validation.users).toBe(valid.size);
		expect(r.validation.churned).toBe(churned(valid));
		expect(r.validation.calibration.reduce((s, b) => s + b.n, 0)).toBe(valid.size);
		expect(r.validation.calibration).toHaveLength(10);
		// Users who stop are plainly told apart by recency: a useful model validates well out of time.
		expect(r.validation.auc!).toBeGreaterThan(0.75);
		const everyone = new Set(rows.map((x) => x.user)).size;
		expect(r.scores.users).toBe(everyone);
		expect(r.rows).toHaveLength(everyone);
		expect(r.scores.atRisk).toBe(r.rows!.filter((u) => u.risk > 0.8).length);
		expect(r.scores.histogram.reduce((s, b) => s + b.users, 0)).toBe(everyone);
		const recency = r.coefficients.find((c) => c.feature === 'recency_days')!;
		expect(recency.beta).toBeGreaterThan(0);
		// Seeded: the same spec gives the same model.
		const again = (await core.result({ kind: 'churn', monetary: 'amount', perUser: true })) as ChurnResult;
		expect(again.coefficients).toEqual(r.coefficients);
	});

	it('events after the cutoff (the last event kept) change the scores, never the trained model', async () => {
		const cutoff = LAST - 30 * DAY;
		const rand = mulberry32(5);
		const changed = rows.filter((r) => r.t <= cutoff || r.t === LAST || rand() < 0.4);
		const a = (await (await load(rows, 'a.csv')).result({ kind: 'churn' })) as ChurnResult;
		const b = (await (await load(changed, 'c.csv')).result({ kind: 'churn' })) as ChurnResult;
		expect(b.params).toEqual(a.params);
		expect(b.coefficients).toEqual(a.coefficients);
		expect(b.intercept).toBe(a.intercept);
		expect(b.platt).toEqual(a.platt);
		expect(b.train).toEqual(a.train);
		expect(b.validation.churned).not.toBe(a.validation.churned);
	});

	it('says what to change when the horizon runs past the data or the data is too short', async () => {
		const core = await load(rows, 'a.csv');
		await expect(core.result({ kind: 'churn', cutoff: '2024-06-15' })).rejects.toThrow(
			/30 days after the cutoff run past the last event \(2024-06-29\): pick a cutoff on or before 2024-05-30/
		);
		// Regression (walk-through): with the default cutoff the message names the longest horizon that fits,
		// the largest whole h with the first event before last − 2h (training cutoff = cutoff − h = last − 2h), counted here from the rows.
		const times = rows.map((r) => r.t);
		const [first, last] = [Math.min(...times), Math.max(...times)];
		let fits = 0;
		while (first < last - 2 * (fits + 1) * DAY) fits++;
		await expect(core.result({ kind: 'churn', horizon: 100 })).rejects.toThrow(
			new RegExp(`set the horizon to ${fits} days or fewer`)
		);
		await expect(core.result({ kind: 'churn', horizon: fits + 1 })).rejects.toThrow(
			new RegExp(`set the horizon to ${fits} days or fewer`)
		);
	});
});
