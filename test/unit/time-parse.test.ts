import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/engine/duck.ts';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import {
	detectTimeFormat,
	naiveTimeSql,
	utcTimeSql,
	zoneSegments,
	type TimeFormat,
	type ZoneSegment
} from '../../src/lib/engine/time.ts';
import { ISO6, iso6 } from './support/time-reference.ts';

let duck: Database;
beforeAll(async () => {
	duck = await createNodeDuck();
});

describe('parsing time columns to UTC', () => {
	const NY = 'America/New_York';
	let cachedSegs: ZoneSegment[] | undefined;
	const nySegs = () => (cachedSegs ??= zoneSegments(NY, Date.UTC(1996, 0, 1), Date.UTC(2026, 0, 1)));

	/** Parses one VARCHAR column of `values` with `fmt`; returns ISO strings (or null) in input order. */
	async function parse(
		values: (string | null)[],
		fmt: TimeFormat,
		sqlType = 'VARCHAR',
		segs = nySegs()
	): Promise<(string | null)[]> {
		const lit = (v: string | null) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`);
		await duck.exec(
			`CREATE OR REPLACE TABLE p AS SELECT i, CAST(v AS ${sqlType}) AS v FROM (VALUES ` +
				values.map((v, i) => `(${i}, ${lit(v)})`).join(', ') +
				') t(i, v)'
		);
		return (
			await duck.rows<{ u: string | null }>(
				`SELECT strftime(${utcTimeSql('v', fmt, segs)}, ${ISO6}) AS u FROM p ORDER BY i`
			)
		).map((r) => r.u);
	}

	it('reads every supported text form to the right instant', async () => {
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
			await parse(
				cases.map((c) => c[0]),
				{ kind: 'text' }
			)
		).toEqual(cases.map((c) => c[1]));
	});

	it('gives NULL, never an error, for garbage', async () => {
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
		expect(await parse([...garbage, many, null], { kind: 'text' })).toEqual(
			new Array(garbage.length + 2).fill(null)
		);
		expect(await parse(['hello', '1e300', null], { kind: 'epoch', unit: 'ms' })).toEqual([null, null, null]);
		expect(await parse(['hello', '20251345', '2025011'], { kind: 'yyyymmdd' })).toEqual([null, null, null]);
		expect(await parse(['hello', 'infinity'], { kind: 'timestamp' })).toEqual([null, null]);
	});

	it('reads epochs in every unit, as numbers and as numeric strings, keeping microseconds', async () => {
		const want = iso6(Date.parse('2025-01-01T10:00:00.123Z'), 456);
		expect(await parse(['1735725600123456'], { kind: 'epoch', unit: 'us' }, 'BIGINT')).toEqual([want]);
		expect(await parse(['1735725600123456'], { kind: 'epoch', unit: 'us' })).toEqual([want]);
		expect(await parse(['1735725600123456789'], { kind: 'epoch', unit: 'ns' }, 'BIGINT')).toEqual([want]);
		expect(await parse(['1735725600123'], { kind: 'epoch', unit: 'ms' }, 'BIGINT')).toEqual([
			iso6(Date.parse('2025-01-01T10:00:00.123Z'))
		]);
		expect(await parse(['1735725600'], { kind: 'epoch', unit: 's' }, 'INTEGER')).toEqual([
			iso6(Date.parse('2025-01-01T10:00:00Z'))
		]);
		expect(await parse(['1735725600.25'], { kind: 'epoch', unit: 's' }, 'DOUBLE')).toEqual([
			iso6(Date.parse('2025-01-01T10:00:00.250Z'))
		]);
		expect(await parse(['-86400'], { kind: 'epoch', unit: 's' }, 'BIGINT')).toEqual([
			iso6(Date.parse('1969-12-31T00:00:00Z'))
		]);
	});

	it('reads YYYYMMDD integers and strings as local midnight', async () => {
		const want = [iso6(Date.parse('1997-01-01T05:00:00Z')), iso6(Date.parse('1998-06-30T04:00:00Z'))];
		expect(await parse(['19970101', '19980630'], { kind: 'yyyymmdd' }, 'BIGINT')).toEqual(want);
		expect(await parse(['19970101', '19980630'], { kind: 'yyyymmdd' })).toEqual(want);
	});

	it('takes TIMESTAMP and DATE columns as wall clock and TIMESTAMPTZ as instants', async () => {
		expect(await parse(['2025-07-01 10:00:00'], { kind: 'timestamp' }, 'TIMESTAMP')).toEqual([
			iso6(Date.parse('2025-07-01T14:00:00Z'))
		]);
		expect(await parse(['2025-01-01'], { kind: 'date' }, 'DATE')).toEqual([
			iso6(Date.parse('2025-01-01T05:00:00Z'))
		]);
		expect(await parse(['2025-07-01T10:00:00+02:00'], { kind: 'timestamptz' }, 'TIMESTAMPTZ')).toEqual([
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
		await duck.exec(`CREATE OR REPLACE TABLE csv AS SELECT * FROM read_csv('/inputs/times.csv')`);
		const segs = nySegs();
		const formats: Record<string, TimeFormat> = {};
		for (const c of ['local', 'zoned', 'ymd', 'epoch'])
			formats[c] = await detectTimeFormat(duck, 'csv', c, 'auto');
		expect(formats).toEqual({
			local: { kind: 'timestamp' },
			zoned: { kind: 'timestamptz' },
			ymd: { kind: 'yyyymmdd' },
			epoch: { kind: 'epoch', units: ['ms'] }
		});
		const rows = await duck.rows(
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

	it('naiveTimeSql gives UTC for zoned values and the wall clock for zoneless ones', async () => {
		await duck.exec(
			`CREATE OR REPLACE TABLE nv AS SELECT * FROM (VALUES (0, '2025-01-01T10:00:00+02:00'), ` +
				`(1, '2025-01-01 10:00:00'), (2, '20250101'), (3, '1735725600'), (4, 'hello')) t(i, v)`
		);
		const rows = await duck.rows<{ n: string | null }>(
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
	async function detect(
		type: string,
		values: (string | number)[],
		unit: 's' | 'ms' | 'us' | 'auto' = 'auto'
	): Promise<TimeFormat> {
		const lit = (v: string | number) => (typeof v === 'number' ? String(v) : `'${v}'`);
		await duck.exec(
			`CREATE OR REPLACE TABLE d AS SELECT CAST(v AS ${type}) AS "Event Time" FROM (VALUES ${values
				.map((v) => `(${lit(v)})`)
				.join(', ')}, (NULL)) t(v)`
		);
		return await detectTimeFormat(duck, 'd', 'Event Time', unit);
	}

	it('tells epoch units apart by magnitude (Mixpanel s, JS ms, GA4 us)', async () => {
		expect(await detect('BIGINT', [1735725600, 1735725660, 1600000000])).toEqual({
			kind: 'epoch',
			units: ['s']
		});
		expect(await detect('BIGINT', [1735725600123, 1735725660000])).toEqual({ kind: 'epoch', units: ['ms'] });
		expect(await detect('BIGINT', [1735725600123456, 1735725660000000])).toEqual({
			kind: 'epoch',
			units: ['us']
		});
		expect(await detect('BIGINT', ['1735725600123456789'])).toEqual({ kind: 'epoch', units: ['ns'] });
		expect(await detect('DOUBLE', [1735725600.25, 1735725660.5])).toEqual({ kind: 'epoch', units: ['s'] });
	});

	it('takes integers that are all valid dates as YYYYMMDD (CDNOW) unless a unit is given', async () => {
		expect(await detect('BIGINT', [19970101, 19970112, 19980630])).toEqual({ kind: 'yyyymmdd' });
		expect(await detect('INTEGER', [19970101, 19970112])).toEqual({ kind: 'yyyymmdd' });
		expect(await detect('BIGINT', [19970101, 19970112], 's')).toEqual({ kind: 'epoch', unit: 's' });
		expect(await detect('BIGINT', [19970101, 19971345])).toEqual({ kind: 'epoch', units: ['s'] });
		expect(await detect('BIGINT', [18991231, 18991230])).toEqual({ kind: 'epoch', units: ['s'] });
	});

	it('reads numeric strings like numbers', async () => {
		expect(await detect('VARCHAR', ['1735725600123', '1735725660000'])).toEqual({
			kind: 'epoch',
			units: ['ms']
		});
		expect(await detect('VARCHAR', ['19970101', '19970112'])).toEqual({ kind: 'yyyymmdd' });
		expect(await detect('VARCHAR', ['1735725600', ' 1735725660 '], 'ms')).toEqual({
			kind: 'epoch',
			unit: 'ms'
		});
	});

	it('parses other text value by value, and trusts typed columns', async () => {
		expect(await detect('VARCHAR', ['2025-01-01T10:00:00Z', '2025-01-01 10:00:00'])).toEqual({
			kind: 'text'
		});
		expect(await detect('VARCHAR', ['2025-01-01T10:00:00Z', '1735725600'])).toEqual({
			kind: 'text',
			units: ['s'],
			mixed: { numbers: 1 }
		});
		expect(await detect('VARCHAR', ['2025-01-01T10:00:00Z'], 'ms')).toEqual({ kind: 'text', unit: 'ms' });
		expect(await detect('TIMESTAMP', ['2025-01-01 10:00:00'])).toEqual({ kind: 'timestamp' });
		expect(await detect('TIMESTAMP_NS', ['2025-01-01 10:00:00'])).toEqual({ kind: 'timestamp' });
		expect(await detect('TIMESTAMPTZ', ['2025-01-01 10:00:00Z'])).toEqual({ kind: 'timestamptz' });
		expect(await detect('DATE', ['2025-01-01'])).toEqual({ kind: 'date' });
	});
});
