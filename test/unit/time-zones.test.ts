import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/engine/duck.ts';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import { zoneSegments, utcToLocalSql } from '../../src/lib/engine/time.ts';
import { isTimeZone } from '../../src/lib/spec/check.ts';
import {
	DAY,
	HOUR,
	KNOWN,
	WALL,
	ZONES,
	intlOffsetSeconds,
	intlWall,
	offsetFromSegments
} from './support/time-reference.ts';

let duck: Database;
beforeAll(async () => {
	duck = await createNodeDuck();
});

async function msTable(name: string, ms: number[]): Promise<void> {
	await duck.exec(
		`CREATE OR REPLACE TABLE ${name} AS SELECT ms, make_timestamp(ms * 1000) AS utc ` +
			`FROM (SELECT unnest([${ms.join(',')}]::BIGINT[]) AS ms)`
	);
}

describe('isTimeZone', () => {
	it('accepts IANA names Intl knows and rejects others', () => {
		for (const tz of [...ZONES, 'Asia/Kathmandu', 'Pacific/Chatham']) expect(isTimeZone(tz)).toBe(true);
		for (const tz of ['', ' ', 'Mars/Olympus_Mons', 'Europe/Londres', undefined, 5])
			expect(isTimeZone(tz)).toBe(false);
	});
});

describe('zoneSegments', () => {
	const from = Date.UTC(2023, 0, 1);
	const to = Date.UTC(2026, 11, 31);

	it.each(ZONES)('matches Intl at many instants, and to the second at every change: %s', (tz) => {
		const segs = zoneSegments(tz, from, to);
		expect(segs[0].fromMs).toBe(-Infinity);
		const instants: number[] = [];
		for (let t = from - DAY; t <= to + DAY; t += 3 * HOUR + 17 * 60_000 + 13_000) instants.push(t);
		for (const s of segs.slice(1)) instants.push(s.fromMs - 1000, s.fromMs - 1, s.fromMs, s.fromMs + 1000);
		for (const [when] of KNOWN[tz]) {
			const t = Date.parse(when);
			instants.push(t - 1000, t, t + 1000);
		}
		for (const t of instants) {
			const want = intlOffsetSeconds(tz, Math.floor(t / 1000) * 1000);
			if (offsetFromSegments(segs, t) !== want) {
				throw new Error(`${tz} at ${new Date(t).toISOString()}: ${offsetFromSegments(segs, t)} != ${want}`);
			}
		}
	});

	it.each(ZONES)('finds the published 2025 changes: %s', (tz) => {
		const segs = zoneSegments(tz, Date.UTC(2025, 0, 1), Date.UTC(2025, 11, 31));
		const changes = segs
			.slice(1)
			.map((s) => [new Date(s.fromMs).toISOString().replace('.000', ''), s.offsetSeconds]);
		expect(changes).toEqual(KNOWN[tz]);
		if (KNOWN[tz].length === 0) expect(segs[0].offsetSeconds).toBe(tz === 'UTC' ? 0 : 19800);
	});

	it('finds offsets with seconds in them (Monrovia: -00:44:30 until 1972-01-07)', () => {
		const from = Date.UTC(1971, 0, 1);
		const to = Date.UTC(1973, 0, 1);
		const segs = zoneSegments('Africa/Monrovia', from, to);
		expect(segs).toEqual([
			{ fromMs: -Infinity, offsetSeconds: -2670 },
			{ fromMs: Date.parse('1972-01-07T00:44:30Z'), offsetSeconds: 0 }
		]);
		for (let t = from; t < to; t += 5 * HOUR + 59_000) {
			const wall = new Date(t + offsetFromSegments(segs, t) * 1000)
				.toISOString()
				.slice(0, 19)
				.replace('T', ' ');
			expect(wall).toBe(intlWall('Africa/Monrovia', t));
		}
	});

	it('rejects an unknown zone', () => {
		expect(() => zoneSegments('Nowhere/Special', 0, 1)).toThrow(/Unknown time zone/);
	});
});

describe('utcToLocalSql', () => {
	it.each(ZONES)('gives the wall clock Intl gives, across DST changes: %s', async (tz) => {
		const from = Date.UTC(2024, 0, 1);
		const to = Date.UTC(2026, 0, 1);
		const segs = zoneSegments(tz, from, to);
		const ms: number[] = [];
		for (let t = from; t < to; t += 2 * HOUR + 7 * 60_000 + 13_000) ms.push(t);
		for (const [when] of [...KNOWN[tz], ...KNOWN['America/New_York']]) {
			for (const d of [-3601, -1000, -1, 0, 1, 999, 1000, 3600]) ms.push(Date.parse(when) + d);
		}
		await msTable('fx', ms);
		const rows = await duck.rows<{ ms: number; wall: string; milli: number }>(
			`SELECT ms, strftime(${utcToLocalSql('utc', segs)}, ${WALL}) AS wall, ` +
				`millisecond(${utcToLocalSql('utc', segs)}) AS milli FROM fx ORDER BY ms`
		);
		expect(rows).toHaveLength(ms.length);
		const bad = rows.filter((r) => r.wall !== intlWall(tz, r.ms) || r.milli !== r.ms % 60_000);
		expect(bad).toEqual([]);
	});

	it('stays right over 40 years of New York rule changes (a deep CASE)', async () => {
		const from = Date.UTC(1985, 0, 1);
		const to = Date.UTC(2025, 0, 1);
		const segs = zoneSegments('America/New_York', from, to);
		expect(segs.length).toBeGreaterThan(75);
		const ms: number[] = [];
		for (let t = from; t < to; t += 23 * HOUR + 13 * 60_000 + 7_000) ms.push(t);
		for (const s of segs.slice(1)) ms.push(s.fromMs - 1000, s.fromMs);
		await msTable('fx40', ms);
		const rows = await duck.rows<{ ms: number; wall: string }>(
			`SELECT ms, strftime(${utcToLocalSql('utc', segs)}, ${WALL}) AS wall FROM fx40`
		);
		const bad = rows.filter((r) => r.wall !== intlWall('America/New_York', r.ms));
		expect(bad).toEqual([]);
	});

	it('keeps NULL as NULL and gives one expression for a fixed-offset zone', async () => {
		const segs = zoneSegments('Asia/Kolkata', Date.UTC(2025, 0, 1), Date.UTC(2025, 1, 1));
		expect(segs).toEqual([{ fromMs: -Infinity, offsetSeconds: 19800 }]);
		const [r] = await duck.rows<{ a: string | null; b: string }>(
			`SELECT ${utcToLocalSql('NULL::TIMESTAMP', segs)} AS a, ` +
				`strftime(${utcToLocalSql(`TIMESTAMP '2025-01-01 20:00:00'`, segs)}, ${WALL}) AS b`
		);
		expect(r).toEqual({ a: null, b: '2025-01-02 01:30:00' });
	});
});

describe('calendar bucketing on __local across DST', () => {
	// Sao Paulo 2018 changed at local midnight, so one day began at 01:00 and another had two 23:00 hours.
	const cases: [string, string[]][] = [
		['America/New_York', ['2025-03-09T07:00:00Z', '2025-11-02T06:00:00Z']],
		['Europe/London', ['2025-03-30T01:00:00Z', '2025-10-26T01:00:00Z']],
		['Australia/Sydney', ['2025-04-05T16:00:00Z', '2025-10-04T16:00:00Z']],
		['America/Sao_Paulo', ['2018-11-04T03:00:00Z', '2019-02-17T02:00:00Z']]
	];
	it.each(cases)('day and hour of day match Intl near local midnight: %s', async (tz, changes) => {
		const ms: number[] = [];
		for (const c of changes) {
			const t = Date.parse(c);
			for (let x = t - 30 * HOUR; x <= t + 30 * HOUR; x += 7 * 60_000 + 1_000) ms.push(x);
		}
		const segs = zoneSegments(tz, Math.min(...ms), Math.max(...ms));
		await msTable('bucket', ms);
		const rows = await duck.rows<{ ms: number; day: string; hour: number; dow: number }>(
			`SELECT ms, strftime(date_trunc('day', l), '%Y-%m-%d') AS day, hour(l) AS hour, isodow(l) AS dow ` +
				`FROM (SELECT ms, ${utcToLocalSql('utc', segs)} AS l FROM bucket)`
		);
		const isoDow = (day: string) => ((new Date(day + 'T00:00:00Z').getUTCDay() + 6) % 7) + 1;
		const bad = rows.filter((r) => {
			const wall = intlWall(tz, r.ms);
			return r.day !== wall.slice(0, 10) || r.hour !== Number(wall.slice(11, 13)) || r.dow !== isoDow(r.day);
		});
		expect(bad).toEqual([]);
		const [sp] = await duck.rows<{ n: number }>(
			`SELECT count(DISTINCT date_trunc('day', ${utcToLocalSql('utc', segs)}))::INTEGER AS n FROM bucket`
		);
		expect(sp.n).toBe(new Set(ms.map((t) => intlWall(tz, t).slice(0, 10))).size);
	});
});
