import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import { exportEvents, importEvents, type CompactCopy } from '../../src/lib/engine/compact.ts';
import type { IngestReport } from '../../src/lib/engine/ingest/report.ts';
import { bench, type Bench } from './support/ingest-files.ts';

/**
 * Times in three zones and as a bare local time (read in America/New_York), a repeated event id (dropped as a
 * duplicate), a time that is no time (rejected), numbers with decimals, a flag, a date and a user without id.
 */
const CSV =
	[
		'id,user,time,event,price,flag,on_day,qty',
		'e1,ann,2022-05-01T09:00:00+02:00,view,1.50,true,2022-05-01,3',
		'e2,ann,2022-05-01 23:30:00,buy,12.25,false,2022-05-02,1',
		'e3,bob,2022-05-02T10:00:00Z,view,,true,2022-05-02,7',
		'e3,bob,2022-05-02T10:00:00Z,view,,true,2022-05-02,7',
		'e4,,2022-05-03T08:15:30.125-05:00,view,0.10,false,2022-05-03,2',
		'e5,cat,2022-02-30T11:00:00Z,buy,3.00,true,2022-05-04,9',
		'e6,cat,2022-11-06T01:30:00,view,4.75,false,2022-11-06,4'
	].join('\n') + '\n';
const INPUT = { timezone: 'America/New_York', columns: { id: 'id' } };

let a: Bench;
let b: Database;
let restored: EngineCore;
let report: IngestReport;
let copy: CompactCopy;

/** Every column of `events` as text (exact: microseconds, zones, decimals), in the table's order. */
const text = (duck: Database) => duck.rows('SELECT COLUMNS(*)::VARCHAR FROM events');
const types = (duck: Database) => duck.rows('SELECT column_name, column_type FROM (DESCRIBE events)');

beforeAll(async () => {
	a = await bench();
	report = await a.load('shop.csv', CSV, INPUT);
	copy = (await exportEvents(a.duck))!;
	b = await createNodeDuck();
	restored = new EngineCore(b);
	await restored.restoreCompact(copy, report, a.core.fingerprint);
});
afterAll(async () => {
	await a.duck.close();
	await b.close();
});

describe('the compact copy of events reads back as the same table', () => {
	test('the fixture loads as hand-counted: 5 events kept, 1 duplicate, 1 bad time', () => {
		expect([report.rows, report.duplicates, report.rejected, report.noUser]).toEqual([5, 1, 1, 1]);
	});

	test('every column with its type, every row in order, times to the microsecond', async () => {
		expect(await types(b)).toEqual(await types(a.duck));
		expect(await types(b)).toContainEqual({ column_name: '__file', column_type: "ENUM('shop.csv')" });
		expect(await text(b)).toEqual(await text(a.duck));
		// Hand-computed instants: 09:00 at +02:00 is 07:00 UTC; 23:30 in New York in May (EDT, −4) is 03:30 UTC the
		// next day; 08:15:30.125 at −05:00 is 13:15:30.125 UTC; 01:30 on 2022-11-06 in New York is ambiguous
		// (the clocks went back at 02:00), and the first of the two, EDT, is 05:30 UTC.
		const times = await b.rows<{ id: string; t: string; l: string }>(
			`SELECT id, __time::VARCHAR AS t, __local::VARCHAR AS l FROM events ORDER BY __row`
		);
		expect(times.map((r) => [r.id, r.t])).toEqual([
			['e1', '2022-05-01 07:00:00'],
			['e2', '2022-05-02 03:30:00'],
			['e3', '2022-05-02 10:00:00'],
			['e4', '2022-05-03 13:15:30.125'],
			['e6', '2022-11-06 05:30:00']
		]);
		expect(times[0].l).toBe('2022-05-01 03:00:00');
	});

	test('analyses on the restored table give the results of the fresh load', async () => {
		for (const spec of [
			{ kind: 'retention', period: 'day', periods: 3 },
			{ kind: 'trend', period: 'day', breakdown: 'event' }
		] as const) {
			expect(await restored.result(spec as never)).toEqual(await a.core.result(spec as never));
		}
		expect(await restored.derived()).toEqual(await a.core.derived());
		expect(restored.fingerprint).toBe(a.core.fingerprint);
		expect(restored.report).toBe(report);
	});

	test('a damaged copy leaves the events in force untouched', async () => {
		const before = await text(b);
		await expect(importEvents(b, { ...copy, ipc: copy.ipc.slice(0, 100) })).rejects.toThrow();
		await expect(
			importEvents(b, { ...copy, columns: [{ name: 'x', type: 'STRUCT(a VARCHAR)' }] })
		).rejects.toThrow(/cannot hold/);
		expect(await text(b)).toEqual(before);
	});
});
