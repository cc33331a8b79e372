import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/engine/duck.ts';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import { naiveTimeSql, utcTimeSql, zoneSegments, type TimeFormat } from '../../src/lib/engine/time.ts';
import { ISO6, iso6 } from './support/time-reference.ts';
import { mulberry32 } from './support/random.ts';

// The read takes ISO text ending in `Z` by one cast ahead of the full text parser (parse-sql.ts). These
// tests hold it to the full parser value by value, on text made to sit on every edge of the cast's test,
// and to Date.parse on the well-formed values.

let duck: Database;
beforeAll(async () => {
	duck = await createNodeDuck();
});

/** Near-ISO text: valid and invalid fields, other separators, zones, blanks, wide characters, moved colons. */
function nearIso(n: number): string[] {
	const r = mulberry32(14);
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
	const pad = (v: number, w: number) => String(v).padStart(w, '0');
	const out: string[] = [];
	for (let i = 0; i < n; i++) {
		const year = pick([
			'2025',
			'2025',
			'2025',
			'1999',
			'0001',
			'9999',
			'10000',
			'0000',
			'２０２５',
			'é025',
			'25'
		]);
		// Fields in range four times in five, else anywhere up to two digits' worth past the range.
		const field = (lo: number, hi: number, w: number) =>
			pad(r() < 0.8 ? lo + Math.floor(r() * (hi - lo + 1)) : Math.floor(r() * (hi + 3)), w);
		const [mo, d, h, mi, s] = [
			field(1, 12, 2),
			field(1, 28, 2),
			field(0, 23, 2),
			field(0, 59, 2),
			field(0, 59, 2)
		];
		const frac = pick(['', '.5', '.123', '.123456', '.123456789', '.']);
		const sep = pick(['T', ' ', 't', '_', 'TT']);
		const zone = pick(['Z', 'Z', 'Z', 'Z', 'z', ' Z', 'Z ', '+02:00Z', '+00:00', '', 'UTC', 'ZZ']);
		let v = `${year}-${mo}-${d}${sep}${h}:${mi}:${s}${frac}${zone}`;
		const edit = r();
		if (edit < 0.05) v = ' ' + v;
		else if (edit < 0.1) v = v.replace(':', '');
		else if (edit < 0.15) v = v.slice(0, 14) + 'Z';
		else if (edit < 0.2) v = v.replace('-', ':');
		else if (edit < 0.25) v = `${year}-${mo}-${d}Z`;
		out.push(v);
	}
	return out;
}

async function both(values: string[], read: (fast: boolean) => string) {
	const lit = (v: string) => `'${v.replaceAll("'", "''")}'`;
	await duck.exec(
		`CREATE OR REPLACE TABLE v AS SELECT * FROM (VALUES ${values.map((v, i) => `(${i}, ${lit(v)})`).join(', ')}) t(i, v)`
	);
	const rows = await duck.rows<{ v: string; fast: string | null; full: string | null }>(
		`SELECT v, strftime(${read(true)}, ${ISO6}) AS fast, strftime(${read(false)}, ${ISO6}) AS full FROM v ORDER BY i`
	);
	return rows;
}

describe('the read of ISO text ending in Z', () => {
	const text: TimeFormat = { kind: 'text' };
	const values = nearIso(4000);

	it('gives what the full text parser gives, value by value, in UTC and in a zone with offsets', async () => {
		for (const segs of [
			zoneSegments('UTC', 0, 0),
			zoneSegments('America/New_York', 0, Date.UTC(2100, 0, 1))
		]) {
			const rows = await both(values, (fast) => utcTimeSql('v', text, segs, { isoFastPath: fast }));
			const differ = rows.filter((r) => r.fast !== r.full);
			expect(differ).toEqual([]);
			// The values cover every side: read by the cast, refused by it, and left to the full parser.
			const cast = rows.filter((r) => [...r.v].length >= 14 && [...r.v][13] === ':' && r.v.endsWith('Z'));
			expect(cast.filter((r) => r.full !== null).length).toBeGreaterThan(300);
			expect(cast.filter((r) => r.full === null).length).toBeGreaterThan(100);
			expect(rows.filter((r) => !cast.includes(r) && r.full !== null).length).toBeGreaterThan(100);
			expect(rows.filter((r) => !cast.includes(r) && r.full === null).length).toBeGreaterThan(100);
		}
		const naive = await both(values, (fast) => naiveTimeSql('v', text, { isoFastPath: fast }));
		expect(naive.filter((r) => r.fast !== r.full)).toEqual([]);
	});

	it('reads well-formed values to the instant Date.parse gives', async () => {
		const wellFormed = values.filter((v) =>
			/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{3})?Z$/.test(v)
		);
		expect(wellFormed.length).toBeGreaterThan(25);
		const rows = await both(wellFormed, () => utcTimeSql('v', text, zoneSegments('UTC', 0, 0)));
		expect(rows.map((r) => r.fast)).toEqual(wellFormed.map((v) => iso6(Date.parse(v))));
	});
});
