import { intlWallClock } from './support/intl-wall-clock.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Duck } from '../../src/lib/engine/duck.ts';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import {
	detectTimeFormat,
	isValidTimeZone,
	localToUtcSql,
	naiveTimeSql,
	utcTimeSql,
	utcToLocalSql,
	zoneSegments,
	type TimeFormat,
	type ZoneSegment
} from '../../src/lib/engine/time.ts';

let duck: Duck;
beforeAll(async () => {
	duck = await createNodeDuck();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONES = [
	'Europe/London',
	'America/New_York',
	'Australia/Sydney',
	'Asia/Kolkata',
	'America/St_Johns',
	'UTC'
];

/** Offset read from Intl's own offset name ("GMT+05:30"), a different path from the wall-clock parts. */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
function intlOffsetSeconds(tz: string, ms: number): number {
	let f = offsetFormatters.get(tz);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' });
		offsetFormatters.set(tz, f);
	}
	const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')!.value;
	const m = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(name);
	if (!m) throw new Error(`Unexpected offset name ${name}`);
	if (!m[1]) return 0;
	const s = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
	return m[1] === '-' ? -s : s;
}

const intlWall = (tz: string, ms: number) => intlWallClock(ms, tz);

/** A wall clock 'YYYY-MM-DD HH:MM:SS' read as if it were UTC, in ms. */
function wallMs(wall: string): number {
	return Date.parse(wall.replace(' ', 'T') + 'Z');
}

/**
 * Reference wall clock -> UTC, from Intl only: try the offsets in force two days before and after; a wall
 * time valid under both is ambiguous (take the earlier instant), under neither is in a gap (take the
 * offset before the change).
 */
function wallToUtcRef(tz: string, wall: string): number {
	const w = wallMs(wall);
	const before = intlOffsetSeconds(tz, w - 2 * DAY);
	const after = intlOffsetSeconds(tz, w + 2 * DAY);
	const valid = [...new Set([before, after])].filter((o) => intlWall(tz, w - o * 1000) === wall);
	if (valid.length === 0) return w - before * 1000;
	return w - Math.max(...valid) * 1000;
}

function offsetFromSegments(segs: ZoneSegment[], ms: number): number {
	let o = segs[0].offsetSeconds;
	for (const s of segs) if (s.fromMs <= ms) o = s.offsetSeconds;
	return o;
}

/** ISO with microseconds, as DuckDB's strftime below prints it. */
function iso6(ms: number, extraMicros = 0): string {
	return new Date(ms).toISOString().replace(/Z$/, String(extraMicros).padStart(3, '0') + 'Z');
}

const ISO6 = `'%Y-%m-%dT%H:%M:%S.%fZ'`;
const WALL = `'%Y-%m-%d %H:%M:%S'`;

/** Known transitions, from the zones' published rules (hand-checked). */
const KNOWN: Record<string, [string, number][]> = {
	'Europe/London': [
		['2025-03-30T01:00:00Z', 3600],
		['2025-10-26T01:00:00Z', 0]
	],
	'America/New_York': [
		['2025-03-09T07:00:00Z', -4 * 3600],
		['2025-11-02T06:00:00Z', -5 * 3600]
	],
	'Australia/Sydney': [
		['2025-04-05T16:00:00Z', 10 * 3600],
		['2025-10-04T16:00:00Z', 11 * 3600]
	],
	'America/St_Johns': [
		['2025-03-09T05:30:00Z', -2.5 * 3600],
		['2025-11-02T04:30:00Z', -3.5 * 3600]
	],
	'Asia/Kolkata': [],
	UTC: []
};

function msTable(name: string, ms: number[]): void {
	duck.exec(
		`CREATE OR REPLACE TABLE ${name} AS SELECT ms, make_timestamp(ms * 1000) AS utc ` +
			`FROM (SELECT unnest([${ms.join(',')}]::BIGINT[]) AS ms)`
	);
}

describe('isValidTimeZone', () => {
	it('accepts IANA names Intl knows and rejects others', () => {
		for (const tz of [...ZONES, 'Asia/Kathmandu', 'Pacific/Chatham']) expect(isValidTimeZone(tz)).toBe(true);
		for (const tz of ['', ' ', 'Mars/Olympus_Mons', 'Europe/Londres'])
			expect(isValidTimeZone(tz)).toBe(false);
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
	it.each(ZONES)('gives the wall clock Intl gives, across DST changes: %s', (tz) => {
		const from = Date.UTC(2024, 0, 1);
		const to = Date.UTC(2026, 0, 1);
		const segs = zoneSegments(tz, from, to);
		const ms: number[] = [];
		for (let t = from; t < to; t += 2 * HOUR + 7 * 60_000 + 13_000) ms.push(t);
		for (const [when] of [...KNOWN[tz], ...KNOWN['America/New_York']]) {
			for (const d of [-3601, -1000, -1, 0, 1, 999, 1000, 3600]) ms.push(Date.parse(when) + d);
		}
		msTable('fx', ms);
		const rows = duck.rows<{ ms: number; wall: string; milli: number }>(
			`SELECT ms, strftime(${utcToLocalSql('utc', segs)}, ${WALL}) AS wall, ` +
				`millisecond(${utcToLocalSql('utc', segs)}) AS milli FROM fx ORDER BY ms`
		);
		expect(rows).toHaveLength(ms.length);
		const bad = rows.filter((r) => r.wall !== intlWall(tz, r.ms) || r.milli !== r.ms % 60_000);
		expect(bad).toEqual([]);
	});

	it('stays right over 40 years of New York rule changes (a deep CASE)', () => {
		const from = Date.UTC(1985, 0, 1);
		const to = Date.UTC(2025, 0, 1);
		const segs = zoneSegments('America/New_York', from, to);
		expect(segs.length).toBeGreaterThan(75);
		const ms: number[] = [];
		for (let t = from; t < to; t += 23 * HOUR + 13 * 60_000 + 7_000) ms.push(t);
		for (const s of segs.slice(1)) ms.push(s.fromMs - 1000, s.fromMs);
		msTable('fx40', ms);
		const rows = duck.rows<{ ms: number; wall: string }>(
			`SELECT ms, strftime(${utcToLocalSql('utc', segs)}, ${WALL}) AS wall FROM fx40`
		);
		const bad = rows.filter((r) => r.wall !== intlWall('America/New_York', r.ms));
		expect(bad).toEqual([]);
	});

	it('keeps NULL as NULL and gives one expression for a fixed-offset zone', () => {
		const segs = zoneSegments('Asia/Kolkata', Date.UTC(2025, 0, 1), Date.UTC(2025, 1, 1));
		expect(segs).toEqual([{ fromMs: -Infinity, offsetSeconds: 19800 }]);
		const [r] = duck.rows<{ a: string | null; b: string }>(
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
	it.each(cases)('day and hour of day match Intl near local midnight: %s', (tz, changes) => {
		const ms: number[] = [];
		for (const c of changes) {
			const t = Date.parse(c);
			for (let x = t - 30 * HOUR; x <= t + 30 * HOUR; x += 7 * 60_000 + 1_000) ms.push(x);
		}
		const segs = zoneSegments(tz, Math.min(...ms), Math.max(...ms));
		msTable('bucket', ms);
		const rows = duck.rows<{ ms: number; day: string; hour: number; dow: number }>(
			`SELECT ms, strftime(date_trunc('day', l), '%Y-%m-%d') AS day, hour(l) AS hour, isodow(l) AS dow ` +
				`FROM (SELECT ms, ${utcToLocalSql('utc', segs)} AS l FROM bucket)`
		);
		const isoDow = (day: string) => ((new Date(day + 'T00:00:00Z').getUTCDay() + 6) % 7) + 1;
		const bad = rows.filter((r) => {
			const wall = intlWall(tz, r.ms);
			return r.day !== wall.slice(0, 10) || r.hour !== Number(wall.slice(11, 13)) || r.dow !== isoDow(r.day);
		});
		expect(bad).toEqual([]);
		const [sp] = duck.rows<{ n: number }>(
			`SELECT count(DISTINCT date_trunc('day', ${utcToLocalSql('utc', segs)}))::INTEGER AS n FROM bucket`
		);
		expect(sp.n).toBe(new Set(ms.map((t) => intlWall(tz, t).slice(0, 10))).size);
	});
});

describe('localToUtcSql: gaps and overlaps', () => {
	const run = (tz: string, walls: string[]) => {
		const ts = walls.map((w) => wallMs(w));
		const segs = zoneSegments(tz, Math.min(...ts) - DAY, Math.max(...ts) + DAY);
		msTable('walls', ts);
		return duck
			.rows<{ ms: number; utc: string }>(
				`SELECT ms, strftime(${localToUtcSql('utc', segs)}, ${ISO6}) AS utc FROM walls ORDER BY ms`
			)
			.map((r) => r.utc);
	};

	it('moves a time in a gap forward by the gap, and takes the earlier of two in an overlap', () => {
		const cases: [string, string, string][] = [
			['America/New_York', '2025-03-09 01:59:59', '2025-03-09T06:59:59.000000Z'],
			['America/New_York', '2025-03-09 02:00:00', '2025-03-09T07:00:00.000000Z'],
			['America/New_York', '2025-03-09 02:30:00', '2025-03-09T07:30:00.000000Z'],
			['America/New_York', '2025-03-09 03:00:00', '2025-03-09T07:00:00.000000Z'],
			['America/New_York', '2025-11-02 00:59:59', '2025-11-02T04:59:59.000000Z'],
			['America/New_York', '2025-11-02 01:30:00', '2025-11-02T05:30:00.000000Z'],
			['America/New_York', '2025-11-02 01:59:59', '2025-11-02T05:59:59.000000Z'],
			['America/New_York', '2025-11-02 02:00:00', '2025-11-02T07:00:00.000000Z'],
			['Europe/London', '2025-03-30 01:30:00', '2025-03-30T01:30:00.000000Z'],
			['Europe/London', '2025-10-26 01:30:00', '2025-10-26T00:30:00.000000Z'],
			['Australia/Sydney', '2025-10-05 02:30:00', '2025-10-04T16:30:00.000000Z'],
			['Australia/Sydney', '2025-04-06 02:30:00', '2025-04-05T15:30:00.000000Z'],
			['America/St_Johns', '2025-03-09 02:15:00', '2025-03-09T05:45:00.000000Z'],
			['America/St_Johns', '2025-11-02 01:15:00', '2025-11-02T03:45:00.000000Z']
		];
		for (const [tz, wall, utc] of cases) expect([tz, wall, run(tz, [wall])[0]]).toEqual([tz, wall, utc]);
	});

	it.each(ZONES)('agrees with an Intl reference every 10 minutes of the 2025 change days: %s', (tz) => {
		const walls: string[] = [];
		const days = KNOWN[tz].length
			? KNOWN[tz].map(([when, o]) => new Date(Date.parse(when) + o * 1000).toISOString().slice(0, 10))
			: ['2025-03-09', '2025-11-02'];
		for (const day of days) {
			for (let m = -120; m < 26 * 60; m += 10) {
				walls.push(
					new Date(Date.parse(day + 'T00:00:00Z') + m * 60_000).toISOString().slice(0, 19).replace('T', ' ')
				);
			}
		}
		walls.sort();
		const got = run(tz, walls);
		expect(got).toEqual(walls.map((w) => iso6(wallToUtcRef(tz, w))));
	});

	it('round-trips every wall clock a UTC instant shows; only the repeated hour maps to its first instant', () => {
		const tz = 'America/New_York';
		const from = Date.UTC(2025, 0, 1);
		const to = Date.UTC(2026, 0, 1);
		const segs = zoneSegments(tz, from, to);
		const ms: number[] = [];
		for (let t = from; t < to; t += 23 * 60_000 + 17_000) ms.push(t);
		for (let k = 0; k < 6; k++) ms.push(Date.parse('2025-11-02T06:00:00Z') + k * 10 * 60_000 + 1000);
		msTable('rt', ms);
		const rows = duck.rows<{ ms: number; back: number; again: number }>(
			`SELECT ms, epoch_ms(${localToUtcSql('l', segs)}) AS back, ` +
				`epoch_ms(${utcToLocalSql(localToUtcSql('l', segs), segs)}) AS again, epoch_ms(l) AS wall ` +
				`FROM (SELECT ms, ${utcToLocalSql('utc', segs)} AS l FROM rt) ORDER BY ms`
		);
		const fallBack = Date.parse('2025-11-02T06:00:00Z');
		const repeated = (ms: number) => ms >= fallBack && ms < fallBack + HOUR;
		const bad = rows.filter(
			(r) => r.again !== wallMs(intlWall(tz, r.ms)) || r.back !== (repeated(r.ms) ? r.ms - HOUR : r.ms)
		);
		expect(bad).toEqual([]);
		expect(rows.filter((r) => repeated(r.ms)).length).toBeGreaterThanOrEqual(6);
	});
});

describe('parsing time columns to UTC', () => {
	const NY = 'America/New_York';
	let cachedSegs: ZoneSegment[] | undefined;
	const nySegs = () => (cachedSegs ??= zoneSegments(NY, Date.UTC(1996, 0, 1), Date.UTC(2026, 0, 1)));

	/** Parses one VARCHAR column of `values` with `fmt`; returns ISO strings (or null) in input order. */
	function parse(
		values: (string | null)[],
		fmt: TimeFormat,
		sqlType = 'VARCHAR',
		segs = nySegs()
	): (string | null)[] {
		const lit = (v: string | null) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`);
		duck.exec(
			`CREATE OR REPLACE TABLE p AS SELECT i, CAST(v AS ${sqlType}) AS v FROM (VALUES ` +
				values.map((v, i) => `(${i}, ${lit(v)})`).join(', ') +
				') t(i, v)'
		);
		return duck
			.rows<{ u: string | null }>(
				`SELECT strftime(${utcTimeSql('v', fmt, segs)}, ${ISO6}) AS u FROM p ORDER BY i`
			)
			.map((r) => r.u);
	}

	it('reads every supported text form to the right instant', () => {
		const cases: [string, string][] = [
			['2025-01-01T10:00:00Z', iso6(Date.parse('2025-01-01T10:00:00Z'))],
			['2025-01-01T10:00:00+02:00', iso6(Date.parse('2025-01-01T08:00:00Z'))],
			['2025-01-01T10:00:00+0200', iso6(Date.parse('2025-01-01T08:00:00Z'))],
			['2025-01-01T10:00:00+02', iso6(Date.parse('2025-01-01T08:00:00Z'))],
			['2025-01-01T10:00:00-05:30', iso6(Date.parse('2025-01-01T15:30:00Z'))],
			['2025-01-01T10:00:00.123456Z', iso6(Date.parse('2025-01-01T10:00:00.123Z'), 456)],
			['2025-01-01T10:00:00.5+01:00', iso6(Date.parse('2025-01-01T09:00:00.500Z'))],
			['2025-01-01T10:00Z', iso6(Date.parse('2025-01-01T10:00:00Z'))],
			['2025-01-01T10:00:00z', iso6(Date.parse('2025-01-01T10:00:00Z'))],
			['2025-01-01 10:00:00 +02:00', iso6(Date.parse('2025-01-01T08:00:00Z'))],
			['2025-01-01 10:00:00 UTC', iso6(Date.parse('2025-01-01T10:00:00Z'))],
			['2025-01-01 10:00:00 GMT', iso6(Date.parse('2025-01-01T10:00:00Z'))],
			[' 2025-01-01T10:00:00Z ', iso6(Date.parse('2025-01-01T10:00:00Z'))],
			// Zoneless: wall clock in New York, EST (-5) in January, EDT (-4) in July.
			['2025-01-01 10:00:00', iso6(Date.parse('2025-01-01T15:00:00Z'))],
			['2025-07-01T10:00:00', iso6(Date.parse('2025-07-01T14:00:00Z'))],
			['2025-07-01T10:00:00.250', iso6(Date.parse('2025-07-01T14:00:00.250Z'))],
			['2025-01-01', iso6(Date.parse('2025-01-01T05:00:00Z'))],
			['20250701', iso6(Date.parse('2025-07-01T04:00:00Z'))],
			// Numbers in a text column: each value's magnitude decides the unit.
			['1735725600', iso6(Date.parse('2025-01-01T10:00:00Z'))],
			['1735725600.5', iso6(Date.parse('2025-01-01T10:00:00.500Z'))],
			['1735725600123', iso6(Date.parse('2025-01-01T10:00:00.123Z'))],
			['1735725600123456', iso6(Date.parse('2025-01-01T10:00:00.123Z'), 456)]
		];
		expect(
			parse(
				cases.map((c) => c[0]),
				{ kind: 'text' }
			)
		).toEqual(cases.map((c) => c[1]));
	});

	it('gives NULL, never an error, for garbage', () => {
		const garbage = [
			'2025-13-45',
			'hello',
			'',
			'2025-02-30 10:00:00',
			'infinity',
			'nan',
			'1e400',
			'2025-01-01T25:00:00Z'
		];
		const many = '9'.repeat(30);
		expect(parse([...garbage, many, null], { kind: 'text' })).toEqual(
			new Array(garbage.length + 2).fill(null)
		);
		expect(parse(['hello', '1e300', null], { kind: 'epoch', unit: 'ms' })).toEqual([null, null, null]);
		expect(parse(['hello', '20251345', '2025011'], { kind: 'yyyymmdd' })).toEqual([null, null, null]);
		expect(parse(['hello', 'infinity'], { kind: 'timestamp' })).toEqual([null, null]);
	});

	it('reads epochs in every unit, as numbers and as numeric strings, keeping microseconds', () => {
		const want = iso6(Date.parse('2025-01-01T10:00:00.123Z'), 456);
		expect(parse(['1735725600123456'], { kind: 'epoch', unit: 'us' }, 'BIGINT')).toEqual([want]);
		expect(parse(['1735725600123456'], { kind: 'epoch', unit: 'us' })).toEqual([want]);
		expect(parse(['1735725600123456789'], { kind: 'epoch', unit: 'ns' }, 'BIGINT')).toEqual([want]);
		expect(parse(['1735725600123'], { kind: 'epoch', unit: 'ms' }, 'BIGINT')).toEqual([
			iso6(Date.parse('2025-01-01T10:00:00.123Z'))
		]);
		expect(parse(['1735725600'], { kind: 'epoch', unit: 's' }, 'INTEGER')).toEqual([
			iso6(Date.parse('2025-01-01T10:00:00Z'))
		]);
		expect(parse(['1735725600.25'], { kind: 'epoch', unit: 's' }, 'DOUBLE')).toEqual([
			iso6(Date.parse('2025-01-01T10:00:00.250Z'))
		]);
		expect(parse(['-86400'], { kind: 'epoch', unit: 's' }, 'BIGINT')).toEqual([
			iso6(Date.parse('1969-12-31T00:00:00Z'))
		]);
	});

	it('reads YYYYMMDD integers and strings as local midnight', () => {
		const want = [iso6(Date.parse('1997-01-01T05:00:00Z')), iso6(Date.parse('1998-06-30T04:00:00Z'))];
		expect(parse(['19970101', '19980630'], { kind: 'yyyymmdd' }, 'BIGINT')).toEqual(want);
		expect(parse(['19970101', '19980630'], { kind: 'yyyymmdd' })).toEqual(want);
	});

	it('takes TIMESTAMP and DATE columns as wall clock and TIMESTAMPTZ as instants', () => {
		expect(parse(['2025-07-01 10:00:00'], { kind: 'timestamp' }, 'TIMESTAMP')).toEqual([
			iso6(Date.parse('2025-07-01T14:00:00Z'))
		]);
		expect(parse(['2025-01-01'], { kind: 'date' }, 'DATE')).toEqual([
			iso6(Date.parse('2025-01-01T05:00:00Z'))
		]);
		expect(parse(['2025-07-01T10:00:00+02:00'], { kind: 'timestamptz' }, 'TIMESTAMPTZ')).toEqual([
			iso6(Date.parse('2025-07-01T08:00:00Z'))
		]);
	});

	it("reads what DuckDB's CSV sniffer typed: TIMESTAMP as wall clock, offsets as instants", async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'footfall-time-'));
		const file = path.join(dir, 'times.csv');
		writeFileSync(
			file,
			'local,zoned,ymd,epoch\n' +
				'2025-07-01 10:00:00,2025-07-01T10:00:00+02:00,19970101,1735725600123\n' +
				'2025-01-01 10:00:00,2025-01-01T10:00:00Z,19971231,1735725601123\n'
		);
		await duck.files.register('/inputs/times.csv', await nodeSource(file));
		duck.exec(`CREATE OR REPLACE TABLE csv AS SELECT * FROM read_csv('/inputs/times.csv')`);
		const segs = nySegs();
		const formats = Object.fromEntries(
			['local', 'zoned', 'ymd', 'epoch'].map((c) => [c, detectTimeFormat(duck, 'csv', c, 'auto')])
		);
		expect(formats).toEqual({
			local: { kind: 'timestamp' },
			zoned: { kind: 'timestamptz' },
			ymd: { kind: 'yyyymmdd' },
			epoch: { kind: 'epoch', unit: 'ms' }
		});
		const rows = duck.rows(
			`SELECT ${Object.entries(formats)
				.map(([c, f]) => `strftime(${utcTimeSql(c, f, segs)}, ${ISO6}) AS ${c}`)
				.join(', ')} FROM csv`
		);
		expect(rows).toEqual([
			{
				local: iso6(Date.parse('2025-07-01T14:00:00Z')),
				zoned: iso6(Date.parse('2025-07-01T08:00:00Z')),
				ymd: iso6(Date.parse('1997-01-01T05:00:00Z')),
				epoch: iso6(Date.parse('2025-01-01T10:00:00.123Z'))
			},
			{
				local: iso6(Date.parse('2025-01-01T15:00:00Z')),
				zoned: iso6(Date.parse('2025-01-01T10:00:00Z')),
				ymd: iso6(Date.parse('1997-12-31T05:00:00Z')),
				epoch: iso6(Date.parse('2025-01-01T10:00:01.123Z'))
			}
		]);
	});

	it('naiveTimeSql gives UTC for zoned values and the wall clock for zoneless ones', () => {
		duck.exec(
			`CREATE OR REPLACE TABLE nv AS SELECT * FROM (VALUES (0, '2025-01-01T10:00:00+02:00'), ` +
				`(1, '2025-01-01 10:00:00'), (2, '20250101'), (3, '1735725600'), (4, 'hello')) t(i, v)`
		);
		const rows = duck.rows<{ n: string | null }>(
			`SELECT strftime(${naiveTimeSql('v', { kind: 'text' })}, ${ISO6}) AS n FROM nv ORDER BY i`
		);
		expect(rows.map((r) => r.n)).toEqual([
			iso6(Date.parse('2025-01-01T08:00:00Z')),
			iso6(Date.parse('2025-01-01T10:00:00Z')),
			iso6(Date.parse('2025-01-01T00:00:00Z')),
			iso6(Date.parse('2025-01-01T10:00:00Z')),
			null
		]);
	});
});

describe('detectTimeFormat', () => {
	function detect(
		type: string,
		values: (string | number)[],
		unit: 's' | 'ms' | 'us' | 'auto' = 'auto'
	): TimeFormat {
		const lit = (v: string | number) => (typeof v === 'number' ? String(v) : `'${v}'`);
		duck.exec(
			`CREATE OR REPLACE TABLE d AS SELECT CAST(v AS ${type}) AS "Event Time" FROM (VALUES ${values
				.map((v) => `(${lit(v)})`)
				.join(', ')}, (NULL)) t(v)`
		);
		return detectTimeFormat(duck, 'd', 'Event Time', unit);
	}

	it('tells epoch units apart by magnitude (Mixpanel s, JS ms, GA4 us)', () => {
		expect(detect('BIGINT', [1735725600, 1735725660, 1600000000])).toEqual({ kind: 'epoch', unit: 's' });
		expect(detect('BIGINT', [1735725600123, 1735725660000])).toEqual({ kind: 'epoch', unit: 'ms' });
		expect(detect('BIGINT', [1735725600123456, 1735725660000000])).toEqual({ kind: 'epoch', unit: 'us' });
		expect(detect('BIGINT', ['1735725600123456789'])).toEqual({ kind: 'epoch', unit: 'ns' });
		expect(detect('DOUBLE', [1735725600.25, 1735725660.5])).toEqual({ kind: 'epoch', unit: 's' });
	});

	it('takes integers that are all valid dates as YYYYMMDD (CDNOW) unless a unit is given', () => {
		expect(detect('BIGINT', [19970101, 19970112, 19980630])).toEqual({ kind: 'yyyymmdd' });
		expect(detect('INTEGER', [19970101, 19970112])).toEqual({ kind: 'yyyymmdd' });
		expect(detect('BIGINT', [19970101, 19970112], 's')).toEqual({ kind: 'epoch', unit: 's' });
		expect(detect('BIGINT', [19970101, 19971345])).toEqual({ kind: 'epoch', unit: 's' });
		expect(detect('BIGINT', [18991231, 18991230])).toEqual({ kind: 'epoch', unit: 's' });
	});

	it('reads numeric strings like numbers', () => {
		expect(detect('VARCHAR', ['1735725600123', '1735725660000'])).toEqual({ kind: 'epoch', unit: 'ms' });
		expect(detect('VARCHAR', ['19970101', '19970112'])).toEqual({ kind: 'yyyymmdd' });
		expect(detect('VARCHAR', ['1735725600', ' 1735725660 '], 'ms')).toEqual({ kind: 'epoch', unit: 'ms' });
	});

	it('parses other text value by value, and trusts typed columns', () => {
		expect(detect('VARCHAR', ['2025-01-01T10:00:00Z', '2025-01-01 10:00:00'])).toEqual({ kind: 'text' });
		expect(detect('VARCHAR', ['2025-01-01T10:00:00Z', '1735725600'])).toEqual({ kind: 'text' });
		expect(detect('VARCHAR', ['2025-01-01T10:00:00Z'], 'ms')).toEqual({ kind: 'text', unit: 'ms' });
		expect(detect('TIMESTAMP', ['2025-01-01 10:00:00'])).toEqual({ kind: 'timestamp' });
		expect(detect('TIMESTAMP_NS', ['2025-01-01 10:00:00'])).toEqual({ kind: 'timestamp' });
		expect(detect('TIMESTAMPTZ', ['2025-01-01 10:00:00Z'])).toEqual({ kind: 'timestamptz' });
		expect(detect('DATE', ['2025-01-01'])).toEqual({ kind: 'date' });
	});
});
