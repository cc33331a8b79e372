import { describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { intlWallClock } from './support/intl-wall-clock.ts';
import { duck, file, useIngestDuck } from './support/ingest-fixture.ts';

useIngestDuck();

describe('one read of the rows, checked against all of them', () => {
	const iso = (ms: number) => new Date(ms).toISOString();
	const hour = 3_600_000;

	test('a remap reads the CSV file again and gives what a fresh load with that mapping gives', async () => {
		const lines = ['user,device,time,event'];
		for (let i = 0; i < 300; i++) {
			const t = iso(Date.UTC(2025, 0, 1) + i * hour);
			lines.push(`${i % 7 === 0 ? '' : 'u' + (i % 11)},d${i % 13},${t},e${i % 3}`);
		}
		const src = await file('remap.csv', lines.join('\n'));
		const core = new EngineCore(duck);
		await core.ingest([src], { columns: { user: 'user', time: 'time', event: 'event', anonymous: null } });
		// No copy of the loaded rows is kept next to `events`: of this load's tables only the sample remains.
		const owned = await duck.rows<{ name: string }>(
			`SELECT table_name AS name FROM duckdb_tables() WHERE regexp_matches(table_name, '^__g[0-9]+_')`
		);
		expect(owned.map((t) => t.name.replace(/^__g\d+_/, ''))).toEqual(['sample']);
		expect(await duck.tableExists('raw')).toBe(false);
		const input = { columns: { user: 'user', time: 'time', event: 'event', anonymous: 'device' } };
		const remapped = await core.remap(input);
		const fresh = await new EngineCore(duck).ingest([src], input);
		expect(remapped.rows).toBe(300);
		expect(remapped.users).toBe(fresh.users);
		expect(remapped.identity).toEqual(fresh.identity);
		expect(remapped.noUser).toBe(0);
		// Every device of a row without a user was seen with a user, so no user is left unresolved; the
		// users are the 11 ids plus devices never seen signed in.
		const devicesWithUser = new Set<string>();
		const devicesWithout = new Set<string>();
		for (let i = 0; i < 300; i++) (i % 7 === 0 ? devicesWithout : devicesWithUser).add(`d${i % 13}`);
		const orphans = [...devicesWithout].filter((d) => !devicesWithUser.has(d));
		expect(fresh.users).toBe(11 + orphans.length);
	});

	test('a column unique in the first rows but repeating later is not taken for an event id', async () => {
		// 30,000 rows: `ref` is unique over the first 20,000 rows (what the guess reads), then repeats.
		const lines = ['ref,user,time,event'];
		for (let i = 0; i < 30_000; i++) {
			const ref = i < 20_000 ? `r${i}` : `r${i % 50}`;
			lines.push(`${ref},u${i % 97},${iso(Date.UTC(2025, 0, 1) + i * 60_000)},view`);
		}
		const core = new EngineCore(duck);
		const report = await core.ingest([await file('refs.csv', lines.join('\n'))], {});
		expect(report.mapping.id).toBeNull();
		expect(report.dataset.dedupe).toBe('none');
		expect(report.duplicates).toBe(0);
		expect(report.rows).toBe(30_000);
		const ref = report.columns.find((c) => c.name === 'ref')!;
		expect(ref.nullRate).toBe(0);
		// Counted exactly over all 30,000 rows (20,000 distinct), not over the first 20,000 (all distinct).
		const counts = await core.distinctCounts();
		expect(counts.find((c) => c.name === 'ref')!.distinct).toBe(20_000);
	});

	test('the columns table counts distinct values exactly, where HyperLogLog overshoots', async () => {
		// 20,000 different md5 strings: DuckDB's HyperLogLog counts about 20,500 of them.
		const lines = ['key,user,time'];
		for (let i = 0; i < 20_000; i++) {
			lines.push(
				`${createHash('md5').update(String(i)).digest('hex')},u${i % 9},${iso(Date.UTC(2025, 0, 1) + i * 1000)}`
			);
		}
		const core = new EngineCore(duck);
		const report = await core.ingest([await file('keys.csv', lines.join('\n'))], {
			columns: { user: 'user', time: 'time', id: null }
		});
		const raw = (await duck.rows<{ d: number }>(`SELECT approx_count_distinct(key)::INT AS d FROM events`))[0]
			.d;
		expect(raw).toBeGreaterThan(20_000);
		// The report carries no estimate; the exact counts come after it (in the background on the page).
		expect(report.columns.find((c) => c.name === 'key')!.distinct).toBeNull();
		const counts = new Map((await core.distinctCounts()).map((c) => [c.name, c.distinct]));
		expect(counts.get('key')).toBe(20_000);
		// Without an anonymous id, the user column's count is the number of users.
		expect(counts.get('user')).toBe(report.users);
		expect(report.users).toBe(9);
	});

	test('times beyond the zone offsets prepared from the first rows are rebuilt exactly', async () => {
		// First rows in 2015, the last ones in 2031: both sides of many London clock changes.
		const times = [
			...Array.from({ length: 50 }, (_, i) => Date.UTC(2015, 2, 29, 0, 30) + i * hour),
			Date.UTC(2031, 2, 30, 0, 30),
			Date.UTC(2031, 2, 30, 1, 30),
			Date.UTC(2031, 9, 26, 0, 30),
			Date.UTC(2031, 9, 26, 1, 30)
		];
		const csv = ['user,time', ...times.map((t, i) => `u${i % 5},${iso(t)}`)].join('\n');
		const report = await new EngineCore(duck).ingest([await file('decades.csv', csv)], {
			timezone: 'Europe/London'
		});
		expect(report.rows).toBe(times.length);
		const rows = await duck.rows<{ t: number; l: number }>(
			`SELECT epoch_ms(__time) AS t, epoch_ms(__local) AS l FROM events ORDER BY __row`
		);
		for (const [i, r] of rows.entries()) {
			expect(Number(r.t)).toBe(times[i]);
			expect(new Date(Number(r.l)).toISOString().slice(0, 19).replace('T', ' ')).toBe(
				intlWallClock(times[i], 'Europe/London')
			);
		}
	});

	test('a time column read as epochs in the first rows and as text later keeps every row', async () => {
		// JSON keeps the mixed values as text; the first 20,000 are epoch seconds, the rest ISO strings.
		const start = Date.UTC(2025, 0, 1);
		const records = Array.from({ length: 20_500 }, (_, i) => {
			const t = start + i * 60_000;
			return JSON.stringify({ user: `u${i % 40}`, event: 'x', at: i < 20_000 ? String(t / 1000) : iso(t) });
		});
		const report = await new EngineCore(duck).ingest([await file('mixed.jsonl', records.join('\n'))], {
			columns: { user: 'user', time: 'at', event: 'event' }
		});
		expect(report.rejected).toBe(0);
		expect(report.rows).toBe(20_500);
		expect(report.firstTime).toBe(iso(start));
		expect(report.lastTime).toBe(iso(start + 20_499 * 60_000));
	});
});
