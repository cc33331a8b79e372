/**
 * Day/month dates, value by value, against hand-computed instants. Pins: slash dates without seconds were
 * refused whole; 12-hour clocks, dots and dashes were not read; a value proving the other order was swapped.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/engine/duck.ts';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import { utcTimeSql, zoneSegments, type TimeFormat } from '../../src/lib/engine/time.ts';
import { literal } from '../../src/lib/sql/quote.ts';
import { ISO6, iso6 } from './support/time-reference.ts';

let duck: Database;
beforeAll(async () => {
	duck = await createNodeDuck();
});

const UTC = zoneSegments('UTC', 0, 1);
const dmy: TimeFormat = { kind: 'text', order: 'dmy' };
const mdy: TimeFormat = { kind: 'text', order: 'mdy' };
const at = (text: string) => iso6(Date.parse(text));

/** Each value read as text with `fmt`; ISO strings with microseconds, or null. */
async function read(values: string[], fmt: TimeFormat, segs = UTC): Promise<(string | null)[]> {
	await duck.exec(
		`CREATE OR REPLACE TABLE dm AS SELECT * FROM (VALUES ${values
			.map((v, i) => `(${i}, ${literal(v)})`)
			.join(', ')}) t(i, v)`
	);
	return (
		await duck.rows<{ u: string | null }>(
			`SELECT strftime(${utcTimeSql('v', fmt, segs)}, ${ISO6}) AS u FROM dm ORDER BY i`
		)
	).map((r) => r.u);
}

async function expectReads(cases: [string, string | null][], fmt: TimeFormat, segs = UTC) {
	const got = await read(
		cases.map((c) => c[0]),
		fmt,
		segs
	);
	expect(cases.map((c, i) => [c[0], got[i]])).toEqual(
		cases.map((c) => [c[0], c[1] === null ? null : at(c[1])])
	);
}

describe('day/month dates', () => {
	it('slash dates without seconds were refused whole: every spelling of the clock is read', async () => {
		await expectReads(
			[
				['03/02/2025 10:00', '2025-02-03T10:00:00Z'],
				['03/02/2025 10:00:05', '2025-02-03T10:00:05Z'],
				['3/2/2025 8:26', '2025-02-03T08:26:00Z'],
				['03/02/2025', '2025-02-03T00:00:00Z'],
				['03/02/2025T10:00', '2025-02-03T10:00:00Z'],
				['03/02/2025, 10:00', '2025-02-03T10:00:00Z'],
				[' 03/02/2025 10:00 ', '2025-02-03T10:00:00Z'],
				['03/02/2025 10:00:05.25', '2025-02-03T10:00:05.250Z'],
				['03.02.2025 10:00', '2025-02-03T10:00:00Z'],
				['03-02-2025 10:00', '2025-02-03T10:00:00Z'],
				['29/02/2024', '2024-02-29T00:00:00Z']
			],
			dmy
		);
		expect(await read(['03/02/2025 10:00:05.123456'], dmy)).toEqual([
			iso6(Date.parse('2025-02-03T10:00:05.123Z'), 456)
		]);
	});

	it('12-hour clocks were not read: 12 AM is midnight, 12 PM noon, hours run 1 to 12', async () => {
		await expectReads(
			[
				['3/2/2025 1:05 PM', '2025-02-03T13:05:00Z'],
				['3/2/2025 1:05PM', '2025-02-03T13:05:00Z'],
				['3/2/2025 1:05 pm', '2025-02-03T13:05:00Z'],
				['3/2/2025 1:05 a.m.', '2025-02-03T01:05:00Z'],
				['3/2/2025 12:05 AM', '2025-02-03T00:05:00Z'],
				['3/2/2025 12:05 PM', '2025-02-03T12:05:00Z'],
				['3/2/2025 11:59:59 pm', '2025-02-03T23:59:59Z'],
				['3/2/2025 0:05 AM', null],
				['3/2/2025 13:05 PM', null]
			],
			dmy
		);
	});

	it('two-digit years pivot at 69 (POSIX %y), and only after / or .', async () => {
		await expectReads(
			[
				['03/02/25 10:00', '2025-02-03T10:00:00Z'],
				['03/02/68', '2068-02-03T00:00:00Z'],
				['03/02/69', '1969-02-03T00:00:00Z'],
				['03.02.99', '1999-02-03T00:00:00Z'],
				['03/02/00', '2000-02-03T00:00:00Z'],
				// 25-01-06 could be year-first: not guessed.
				['25-01-06', null]
			],
			dmy
		);
	});

	it('a value that proves its order is read that way whatever the column order', async () => {
		const cases: [string, string][] = [
			['14/02/2025 12:00', '2025-02-14T12:00:00Z'],
			['02/14/2025 12:00', '2025-02-14T12:00:00Z'],
			['13/12/2010', '2010-12-13T00:00:00Z'],
			['12/13/2010', '2010-12-13T00:00:00Z']
		];
		await expectReads(cases, dmy);
		await expectReads(cases, mdy);
		// Ambiguous ones follow the column.
		await expectReads([['03/02/2025', '2025-02-03T00:00:00Z']], dmy);
		await expectReads([['03/02/2025', '2025-03-02T00:00:00Z']], mdy);
	});

	it('with the order fixed, a date that contradicts it is rejected, not swapped', async () => {
		await expectReads(
			[
				['02/14/2025', null],
				['14/02/2025', '2025-02-14T00:00:00Z']
			],
			{ kind: 'text', order: 'dmy', orderFixed: true }
		);
		await expectReads(
			[
				['14/02/2025', null],
				['02/14/2025', '2025-02-14T00:00:00Z']
			],
			{ kind: 'text', order: 'mdy', orderFixed: true }
		);
	});

	it('a value that fits no reading is NULL, never a guess', async () => {
		const bad = [
			'31/02/2025',
			'13/13/2025',
			'00/02/2025',
			'03/00/2025',
			'03/02-2025',
			'03/02/2025 25:00',
			'03/02/2025 10:60',
			'03/02/2025 10:00:60',
			'03/02/2025 10:00+02:00',
			'03/02/2025 foo',
			'03/02/202',
			'10.0.0.1',
			'29/02/2025'
		];
		expect(await read(bad, dmy)).toEqual(bad.map(() => null));
	});

	it('zone-less day/month times are wall clock in the source zone (New York: EST, then EDT)', async () => {
		const ny = zoneSegments('America/New_York', Date.UTC(2025, 0, 1), Date.UTC(2026, 0, 1));
		await expectReads(
			[
				['03/02/2025 10:00', '2025-02-03T15:00:00Z'],
				['03/07/2025 10:00', '2025-07-03T14:00:00Z']
			],
			dmy,
			ny
		);
	});
});
