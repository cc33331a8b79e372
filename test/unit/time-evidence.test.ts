/**
 * The count over a time column's values and the decision it leads to, on small hand-counted columns. Pins:
 * one guess per column from a sample; epoch seconds and milliseconds in one column landing in 1970; a value
 * that fits no reading aborting the load or being kept with no reason.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/engine/duck.ts';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import {
	decideTimeFormat,
	timeEvidence,
	timeNotes,
	unreadableTimeReason,
	type TimeEvidence,
	type TimeFormat
} from '../../src/lib/engine/time.ts';
import { literal } from '../../src/lib/sql/quote.ts';

let duck: Database;
beforeAll(async () => {
	duck = await createNodeDuck();
});

async function column(values: (string | number)[], type = 'VARCHAR'): Promise<TimeEvidence> {
	const lit = (v: string | number) => (typeof v === 'number' ? String(v) : literal(v));
	await duck.exec(
		`CREATE OR REPLACE TABLE ev AS SELECT CAST(v AS ${type}) AS "when" FROM (VALUES ${values
			.map((v) => `(${lit(v)})`)
			.join(', ')}, (NULL)) t(v)`
	);
	return await timeEvidence(duck, 'ev', 'when');
}
const auto = { unit: 'auto', dateOrder: 'auto' } as const;

describe('counting every value of a time column', () => {
	it('classes day/month dates by what they prove; only dates that read count', async () => {
		const ev = await column([
			'14/02/2025',
			'20/02/2025 10:00',
			'02/14/2025',
			'03/02/2025',
			'3/2/2025',
			'31/31/2025',
			'x'
		]);
		expect(ev).toMatchObject({ values: 7, numbers: 0, dayFirst: 2, monthFirst: 1, eitherOrder: 2, dated: 5 });
		expect(ev.dayFirstExample).toMatch(/^(14|20)\/02\/2025/);
		expect(ev.monthFirstExample).toBe('02/14/2025');
	});

	it('classes numbers by the unit their magnitude implies, within 1900 to 2200', async () => {
		const ev = await column([1736157600000, 1736244000000, 1736157600, 1736330400, 19970101, 1e20], 'DOUBLE');
		expect(ev).toMatchObject({ values: 6, numbers: 6, yyyymmdd: 1, units: { s: 2, ms: 2, us: 0, ns: 0 } });
		// 1e20 would be 5138 in nanoseconds: a number, but no time in any unit.
	});

	it('numbers written as text count like numbers; ISO text counts as dated', async () => {
		const ev = await column(['1736157600000', ' 1736157600 ', '2025-01-06T10:00:00Z', '2025-01-06 10:00']);
		expect(ev).toMatchObject({ values: 4, numbers: 2, units: { s: 1, ms: 1 }, dated: 2 });
	});
});

describe('deciding from the counts', () => {
	it('mixed-epoch-units: seconds and milliseconds each read by magnitude, and the column said to be mixed', async () => {
		const ev = await column([1736157600000, 1736244000000, 1736157600, 1736330400, 1736244000000], 'BIGINT');
		const fmt = decideTimeFormat('BIGINT', ev, auto);
		expect(fmt).toEqual({ kind: 'epoch', units: ['ms', 's'], mixed: { units: { ms: 3, s: 2 } } });
		expect(timeNotes('when', fmt, ev).join(' ')).toMatch(
			/mixes epoch units: 3 in milliseconds, 2 in seconds/
		);
	});

	it('a single unit is found, not fixed: the same reading, no note', async () => {
		const ev = await column([1736157600000, 1736244000000], 'BIGINT');
		const fmt = decideTimeFormat('BIGINT', ev, auto);
		expect(fmt).toEqual({ kind: 'epoch', units: ['ms'] });
		expect(timeNotes('when', fmt, ev)).toEqual([]);
	});

	it('a given unit wins over magnitudes', async () => {
		const ev = await column([1736157600000, 1736157600], 'BIGINT');
		expect(decideTimeFormat('BIGINT', ev, { unit: 's', dateOrder: 'auto' })).toEqual({
			kind: 'epoch',
			unit: 's'
		});
	});

	it('YYYYMMDD when most numbers are dates; a non-date among them is not taken for an epoch', async () => {
		const ev = await column([19970101, 19970112, 19980630, 19971345], 'BIGINT');
		expect(decideTimeFormat('BIGINT', ev, auto)).toEqual({ kind: 'yyyymmdd' });
		expect(unreadableTimeReason('19971345', { kind: 'yyyymmdd' })).toMatch(
			/not a calendar date written YYYYMMDD/
		);
	});

	it('month-first when month-first dates are proven more often; mixed orders are said', async () => {
		const ev = await column(['02/14/2025', '02/15/2025', '14/02/2025', '03/02/2025']);
		const fmt = decideTimeFormat('VARCHAR', ev, auto);
		expect(fmt).toEqual({ kind: 'text', order: 'mdy', mixed: { dayFirst: 1, monthFirst: 2 } });
		const note = timeNotes('when', fmt, ev).join(' ');
		expect(note).toMatch(
			/mixes date orders: 1 date can only be day-first \(like 14\/02\/2025\) and 2 dates only month-first/
		);
		expect(note).toMatch(/dates that could be either \(1\) were read month-first/);
	});

	it('with no date that settles the order, day-first is read and the report says so', async () => {
		const ev = await column(['03/02/2025', '04/02/2025']);
		const fmt = decideTimeFormat('VARCHAR', ev, auto);
		expect(fmt).toEqual({ kind: 'text', order: 'dmy' });
		expect(timeNotes('when', fmt, ev).join(' ')).toMatch(
			/No date in "when" shows whether it is day-first or month-first/
		);
	});

	it('a date order set by the user is fixed and said', async () => {
		const ev = await column(['03/02/2025', '14/02/2025']);
		const fmt = decideTimeFormat('VARCHAR', ev, { unit: 'auto', dateOrder: 'mdy' });
		expect(fmt).toEqual({ kind: 'text', order: 'mdy', orderFixed: true });
		expect(timeNotes('when', fmt, ev).join(' ')).toMatch(/read month-first, as the date order setting says/);
	});

	it('typed columns are what they say', async () => {
		const ev = await column(['2025-01-06 10:00:00'], 'TIMESTAMP');
		expect(decideTimeFormat('TIMESTAMP', ev, auto)).toEqual({ kind: 'timestamp' });
		expect(decideTimeFormat('TIMESTAMP WITH TIME ZONE', ev, auto)).toEqual({ kind: 'timestamptz' });
		expect(decideTimeFormat('DATE', ev, auto)).toEqual({ kind: 'date' });
	});
});

describe('why a value was rejected', () => {
	it('1e300 and 99999999999999999999 are no time in any unit; the reason says which', () => {
		const fmt: TimeFormat = { kind: 'epoch', units: ['ms'] };
		expect(unreadableTimeReason('1e300', { kind: 'epoch', units: ['ms', 's'] })).toBe(
			'is too large to be an epoch time in any unit (seconds to nanoseconds)'
		);
		expect(unreadableTimeReason('99999999999999999999', { kind: 'epoch', units: ['ms', 's'] })).toMatch(
			/^is the year 5138 when read in nanoseconds, as its size implies/
		);
		expect(unreadableTimeReason('99999999999999', fmt)).toMatch(
			/^is the year 5138 when read in milliseconds, the unit of the rest of the column/
		);
		expect(unreadableTimeReason('1e300', fmt)).toBe(
			'is after the year 9999 when read in milliseconds, the unit of the rest of the column'
		);
		expect(unreadableTimeReason('1e17', { kind: 'epoch', unit: 'ms' })).toBe(
			'is an epoch in milliseconds after the year 9999'
		);
	});

	it('day/month dates say what is wrong with them', () => {
		const fmt = { kind: 'text', order: 'dmy' } as const;
		expect(unreadableTimeReason('31/02/2025', fmt)).toBe('is not a calendar date (read day-first)');
		expect(unreadableTimeReason('13/14/2025', fmt)).toMatch(/neither day-first nor month-first/);
		expect(unreadableTimeReason('03/02-2025', fmt)).toBe('mixes date separators');
		expect(unreadableTimeReason('3/2/2025 13:05 PM', fmt)).toBe('has no such hour');
		expect(unreadableTimeReason('02/14/2025', { ...fmt, orderFixed: true })).toMatch(/not a day-first date/);
		expect(unreadableTimeReason('', fmt)).toBe('is empty');
		expect(unreadableTimeReason('hello', fmt)).toMatch(
			/^is not a time Footfall can read \(it reads ISO 8601/
		);
	});
});
