import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/engine/duck.ts';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import { localToUtcSql, utcToLocalSql, zoneSegments } from '../../src/lib/engine/time.ts';
import {
	DAY,
	HOUR,
	ISO6,
	KNOWN,
	ZONES,
	intlWall,
	iso6,
	wallMs,
	wallToUtcRef
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

describe('localToUtcSql: gaps and overlaps', () => {
	const run = async (tz: string, walls: string[]) => {
		const ts = walls.map((w) => wallMs(w));
		const segs = zoneSegments(tz, Math.min(...ts) - DAY, Math.max(...ts) + DAY);
		await msTable('walls', ts);
		return (
			await duck.rows<{ ms: number; utc: string }>(
				`SELECT ms, strftime(${localToUtcSql('utc', segs)}, ${ISO6}) AS utc FROM walls ORDER BY ms`
			)
		).map((r) => r.utc);
	};

	it('moves a time in a gap forward by the gap, and takes the earlier of two in an overlap', async () => {
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
		for (const [tz, wall, utc] of cases)
			expect([tz, wall, (await run(tz, [wall]))[0]]).toEqual([tz, wall, utc]);
	});

	it.each(ZONES)('agrees with an Intl reference every 10 minutes of the 2025 change days: %s', async (tz) => {
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
		const got = await run(tz, walls);
		expect(got).toEqual(walls.map((w) => iso6(wallToUtcRef(tz, w))));
	});

	it('round-trips every wall clock a UTC instant shows; only the repeated hour maps to its first instant', async () => {
		const tz = 'America/New_York';
		const from = Date.UTC(2025, 0, 1);
		const to = Date.UTC(2026, 0, 1);
		const segs = zoneSegments(tz, from, to);
		const ms: number[] = [];
		for (let t = from; t < to; t += 23 * 60_000 + 17_000) ms.push(t);
		for (let k = 0; k < 6; k++) ms.push(Date.parse('2025-11-02T06:00:00Z') + k * 10 * 60_000 + 1000);
		await msTable('rt', ms);
		const rows = await duck.rows<{ ms: number; back: number; again: number }>(
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
