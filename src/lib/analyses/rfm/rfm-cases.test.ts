/**
 * RFM (SEMANTICS §5) on small hand-built cases whose answers are worked out in the comments: fewer users than
 * bins, all-equal values, a single user, `asOf` edges, the value expression and its checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import type { RfmResult } from './spec.ts';

let duck: Database;
let dir: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-rfm-cases-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(name: string, text: string): Promise<EngineCore> {
	await writeFile(path.join(dir, name), text);
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(path.join(dir, name))], {
		columns: { user: 'user', time: 'time', event: 'event' }
	});
	return core;
}

/** A CSV of (user, ISO time, amount) lines, every row one purchase. */
const purchases = (lines: [string, string, number][]) =>
	['user,time,event,amount', ...lines.map(([u, t, a]) => `${u},${t},buy,${a}`)].join('\n') + '\n';

describe('RFM on hand-built cases', () => {
	it('fewer users than bins: frequencies 1, 2, 3 in 4 bins score 1, 2 and 4', async () => {
		// Edges at (n − 1)·q = 2·[0, .25, .5, .75, 1]: 1, 1.5, 2, 2.5, 3. 1 ≤ 1.5 → bin 1; 2 ≤ 2 → bin 2;
		// 3 > 2.5 → bin 4 (bin 3 stays empty). Amounts 10, 20, 30 the same way; the last events are 2, 1
		// and 0 days before asOf, so recency edges 0, .5, 1, 1.5, 2 put a (2 days) in bin 4 → R 1.
		const core = await load(
			'small.csv',
			purchases([
				['a', '2025-01-08T00:00:00Z', 10],
				['b', '2025-01-01T00:00:00Z', 5],
				['b', '2025-01-09T00:00:00Z', 15],
				['c', '2025-01-01T00:00:00Z', 10],
				['c', '2025-01-02T00:00:00Z', 10],
				['c', '2025-01-10T00:00:00Z', 10]
			])
		);
		const r = (await core.result({
			kind: 'rfm',
			monetary: 'amount',
			bins: 4,
			asOf: '2025-01-10T00:00:00Z',
			perUser: true
		})) as RfmResult;
		expect(r.edges.frequency).toEqual([1, 1.5, 2, 2.5, 3]);
		expect(r.edges.monetary).toEqual([10, 15, 20, 25, 30]);
		expect(r.edges.recency).toEqual([0, 0.5, 1, 1.5, 2]);
		expect(r.rows!.map((u) => `${u.user}:${u.r}${u.f}${u.m}`)).toEqual(['a:111', 'b:322', 'c:444']);
		expect(r.segments).toEqual({ 111: 1, 322: 1, 444: 1 });
		expect(r.scoreCounts).toEqual({ 3: 1, 7: 1, 12: 1 });
	});

	it('all-equal values: every edge is that value, everyone is in the lowest bin (R: the top score)', async () => {
		const core = await load(
			'equal.csv',
			purchases(
				['a', 'b', 'c', 'd', 'e'].map((u) => [u, '2025-02-01T12:00:00Z', 9.5] as [string, string, number])
			)
		);
		const r = (await core.result({ kind: 'rfm', monetary: 'amount', bins: 5 })) as RfmResult;
		expect(r.edges).toEqual({
			recency: [1, 1, 1, 1, 1, 1],
			frequency: [1, 1, 1, 1, 1, 1],
			monetary: Array(6).fill(9.5)
		});
		expect(r.segments).toEqual({ 511: 5 });
		expect(r.classes.find((c) => c.key === 'new')?.users).toBe(5);
	});

	it('a single user, 10 bins: the edges collapse and the user scores 10, 1, 1', async () => {
		const core = await load('one.csv', purchases([['solo', '2025-02-01T12:00:00Z', 3]]));
		const r = (await core.result({ kind: 'rfm', monetary: 'amount', bins: 10 })) as RfmResult;
		expect(r.segments).toEqual({ 1011: 1 });
		expect(r.scoreCounts).toEqual({ 12: 1 });
	});

	it('asOf edges: an event at asOf counts (recency 0), one a millisecond later does not', async () => {
		const asOf = '2025-03-01T00:00:00.000Z';
		const core = await load(
			'asof.csv',
			purchases([
				['at', '2025-03-01T00:00:00.000Z', 1],
				['after', '2025-03-01T00:00:00.001Z', 1],
				['mixed', '2025-02-20T06:00:00.000Z', 2],
				['mixed', '2025-03-02T00:00:00.000Z', 100],
				['day', '2025-02-28T00:00:00.000Z', 1],
				['nearly', '2025-02-28T00:00:01.000Z', 1]
			])
		);
		const r = (await core.result({ kind: 'rfm', monetary: 'amount', asOf, perUser: true })) as RfmResult;
		const by = Object.fromEntries(r.rows!.map((u) => [u.user, u]));
		expect(Object.keys(by).sort()).toEqual(['at', 'day', 'mixed', 'nearly']);
		expect(by.at.recency).toBe(0);
		expect(by.day.recency).toBe(1); // exactly 24 h before
		expect(by.nearly.recency).toBe(0); // 24 h minus one second: floor to 0
		expect(by.mixed).toMatchObject({ recency: 8, frequency: 1, monetary: 2 }); // 8 days 18 h, floor 8
		expect(r.asOf).toBe('2025-03-01T00:00:00.000000Z');
		// A time without a zone is UTC.
		const same = (await core.result({
			kind: 'rfm',
			monetary: 'amount',
			asOf: '2025-03-01 00:00:00',
			perUser: true
		})) as RfmResult;
		expect(same.rows).toEqual(r.rows);
	});

	it('default asOf: the last event plus one day, so the latest user has recency 1', async () => {
		const core = await load(
			'default.csv',
			purchases([
				['a', '2025-03-01T10:00:00.250Z', 1],
				['b', '2025-02-27T10:00:00.251Z', 1]
			])
		);
		const r = (await core.result({ kind: 'rfm', monetary: 'amount', perUser: true })) as RfmResult;
		expect(r.asOf).toBe('2025-03-02T10:00:00.250000Z');
		expect(r.rows!.map((u) => [u.user, u.recency])).toEqual([
			['a', 1],
			['b', 2] // 3 days minus a millisecond
		]);
	});

	it('reads a value expression with parentheses, division and a quoted column name', async () => {
		const text =
			'user,time,event,"Unit ""Price""",qty,discount\nu,2025-01-01T00:00:00Z,buy,10,3,4\nu,2025-01-02T00:00:00Z,buy,5,2,0\nv,2025-01-02T00:00:00Z,buy,1,1,1\n';
		const core = await load('expr.csv', text);
		const r = (await core.result({
			kind: 'rfm',
			monetary: '("Unit ""Price""" * qty - discount) / 2',
			perUser: true
		})) as RfmResult;
		// u: (30 − 4)/2 + (10 − 0)/2 = 18; v: (1 − 1)/2 = 0.
		expect(r.rows!.map((x) => [x.user, x.monetary])).toEqual([
			['u', 18],
			['v', 0]
		]);
	});

	it('refuses a value expression that is not one, naming the field, and runs nothing', async () => {
		const core = await load('bad.csv', purchases([['a', '2025-01-01T00:00:00Z', 1]]));
		await expect(core.result({ kind: 'rfm', monetary: 'amount; DROP TABLE events' })).rejects.toThrow(
			/analysis\.monetary: .*position 7/
		);
		await expect(core.result({ kind: 'rfm', monetary: 'price * 2' })).rejects.toThrow(
			/analysis\.monetary: Unknown column "price"/
		);
		await expect(core.result({ kind: 'rfm', monetary: 'sum(amount)' })).rejects.toThrow(/analysis\.monetary/);
		// The table is still there: the next run works.
		const ok = (await core.result({ kind: 'rfm', monetary: 'amount' })) as RfmResult;
		expect(ok.users).toBe(1);
	});

	it('names a frequency column that is not in the data by its field', async () => {
		const core = await load('freq.csv', purchases([['a', '2025-01-01T00:00:00Z', 1]]));
		await expect(
			core.result({ kind: 'rfm', monetary: 'amount', frequency: 'distinct:invoice' })
		).rejects.toThrow(/The column "invoice" in analysis.frequency is not in the data/);
	});
});
