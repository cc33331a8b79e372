/**
 * The feature table (SEMANTICS §8) against a plain TypeScript reference over the rows the test writes:
 * counts, sums, averages, first / last values, recency, active days (in a DST zone), sessions (30-minute
 * gap) and mean session length; and the scalings against their formulas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import { parseFeatures, type FeatureInput } from './spec.ts';
import { scaleTable, type FeatureTable } from './table.ts';
import type { KmeansResult } from '../kmeans/spec.ts';

interface Row {
	user: string;
	t: number;
	event: string;
	price: number | null;
}

const MIN = 60_000;
const DAY = 86_400_000;

function makeRows(): Row[] {
	const rand = mulberry32(5);
	const rows: Row[] = [];
	let t = Date.UTC(2024, 9, 20);
	for (let i = 0; i < 1500; i++) {
		// Gaps from seconds to days, some exactly 30 minutes (same session) and 30 min + 1 s (a new one).
		const r = rand();
		t +=
			r < 0.5
				? Math.floor(rand() * 20 * MIN)
				: r < 0.6
					? 30 * MIN
					: r < 0.7
						? 30 * MIN + 1000
						: Math.floor(rand() * 2 * DAY);
		rows.push({
			user: `u${Math.floor(rand() * 25)}`,
			t,
			event: rand() < 0.3 ? 'buy' : 'view',
			price: rand() < 0.2 ? null : Math.round(rand() * 10000) / 100
		});
	}
	return rows;
}

let duck: Database;
let dir: string;
let core: EngineCore;
const rows = makeRows();
const ZONE = 'Europe/London';

beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-features-'));
	// Shuffled, so file order is not time order.
	const lines = rows.map((r) => `${r.user},${new Date(r.t).toISOString()},${r.event},${r.price ?? ''}`);
	const rand = mulberry32(9);
	lines.sort(() => rand() - 0.5);
	await writeFile(path.join(dir, 'events.csv'), ['user,time,event,price', ...lines].join('\n') + '\n');
	core = new EngineCore(duck);
	await core.ingest([await nodeSource(path.join(dir, 'events.csv'))], {
		columns: { user: 'user', time: 'time', event: 'event' },
		timezone: ZONE
	});
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The reference features of one user's rows (sorted by time). */
function reference(mine: Row[], lastMs: number) {
	const buys = mine.filter((r) => r.event === 'buy');
	const priced = mine.filter((r) => r.price !== null);
	const day = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(t));
	const sessions: number[][] = [];
	for (const r of mine) {
		const cur = sessions.at(-1);
		if (cur && r.t - cur.at(-1)! <= 30 * MIN) cur.push(r.t);
		else sessions.push([r.t]);
	}
	return {
		count: mine.length,
		buys: buys.length,
		spend: buys.reduce((s, r) => s + (r.price ?? 0), 0),
		avgPrice: priced.length ? priced.reduce((s, r) => s + r.price!, 0) / priced.length : null,
		firstPrice: priced[0]?.price ?? null,
		lastPrice: priced.at(-1)?.price ?? null,
		recency: Math.floor((lastMs + DAY - mine.at(-1)!.t) / DAY),
		activeDays: new Set(mine.map((r) => day(r.t))).size,
		sessions: sessions.length,
		sessionLength: sessions.reduce((s, x) => s + (x.at(-1)! - x[0]) / 1000, 0) / sessions.length
	};
}

describe('feature table vs a reference over the rows', () => {
	it('every aggregate, per user, in Europe/London', async () => {
		const features: FeatureInput[] = [
			{ agg: 'count', name: 'count' },
			{ agg: 'count', event: 'buy', name: 'buys' },
			{ agg: 'sum', column: 'price', event: 'buy', name: 'spend' },
			{ agg: 'avg', column: 'price', name: 'avgPrice' },
			{ agg: 'first', column: 'price', name: 'firstPrice' },
			{ agg: 'last', column: 'price', name: 'lastPrice' },
			{ agg: 'recency_days', name: 'recency' },
			{ agg: 'active_days', name: 'activeDays' },
			{ agg: 'sessions', name: 'sessions' },
			{ agg: 'session_length', name: 'sessionLength' }
		];
		const r = (await core.result({ kind: 'kmeans', features, k: 1, perUser: true })) as KmeansResult;
		const lastMs = Math.max(...rows.map((x) => x.t));
		const users = [...new Set(rows.map((x) => x.user))].sort();
		const refs = users.map((u) => ({
			u,
			ref: reference(
				rows.filter((x) => x.user === u),
				lastMs
			)
		}));
		const complete = refs.filter((x) => Object.values(x.ref).every((v) => v !== null));
		expect(r.users).toBe(complete.length);
		expect(r.skipped).toBe(users.length - complete.length);
		// k = 1: the one centroid is the mean of each feature over the clustered users.
		const c = r.clusters[0].centroid;
		for (const name of Object.keys(complete[0].ref) as (keyof ReturnType<typeof reference>)[]) {
			const mean = complete.reduce((s, x) => s + (x.ref[name] as number), 0) / complete.length;
			expect(c[name], name).toBeCloseTo(mean, 9);
		}
		expect(r.rows!.map((x) => x.user).sort()).toEqual(complete.map((x) => x.u));
	});
});

describe('scaling', () => {
	const features = parseFeatures(
		[
			{ agg: 'count', log: true },
			{ agg: 'sum', column: 'x' },
			{ agg: 'max', column: 'c' }
		],
		'f'
	);
	const t: FeatureTable = {
		n: 4,
		d: 3,
		names: features.map((f) => f.name),
		values: Float64Array.from([0, 1, 5, 1, 2, 5, 3, 3, 5, 7, 10, 5]),
		users: null,
		skipped: 0
	};
	it('min-max maps to 0..1 after log1p; a constant feature becomes 0', () => {
		const out = scaleTable(t, features, 'minmax');
		const logs = [0, 1, 3, 7].map(Math.log1p);
		[0, 1, 2, 3].forEach((r) => expect(out[r * 3]).toBeCloseTo(logs[r] / Math.log(8), 12));
		[0, 1 / 9, 2 / 9, 1].forEach((v, r) => expect(out[r * 3 + 1]).toBeCloseTo(v, 12));
		expect([0, 1, 2, 3].map((r) => out[r * 3 + 2])).toEqual([0, 0, 0, 0]);
	});
	it('z-score divides by the population standard deviation', () => {
		const out = scaleTable(t, features, 'zscore');
		const xs = [1, 2, 3, 10];
		const mean = 4;
		const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / 4);
		[0, 1, 2, 3].forEach((r) => expect(out[r * 3 + 1]).toBeCloseTo((xs[r] - mean) / sd, 12));
	});
	it('a log of a negative value is refused, naming the feature', () => {
		const neg = { ...t, values: Float64Array.from([-2, 1, 5, 1, 2, 5, 3, 3, 5, 7, 10, 5]) };
		expect(() => scaleTable(neg, features, 'none')).toThrow(/"count" has values below 0/);
	});
});
