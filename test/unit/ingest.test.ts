import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import { CancelledError } from '../../src/lib/engine/duck.ts';
import { literal } from '../../src/lib/sql/quote.ts';
import { intlWallClock } from './support/intl-wall-clock.ts';

const DATA = path.resolve('test/fixtures/data');
// Computed by test/reference/retention_reference.py from the raw files with Python's csv module.
const retail = JSON.parse(readFileSync('test/fixtures/expected/online-retail.json', 'utf8'));
const cdnow = JSON.parse(readFileSync('test/fixtures/expected/cdnow.json', 'utf8'));

let duck: Database;
let tmp: string;
beforeAll(async () => {
	// withMemoryLimit changes a setting, which the configuration lock forbids; every other confinement holds.
	duck = await createNodeDuck({ lockConfiguration: false });
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-ingest-'));
});

/**
 * Runs `work` with DuckDB's memory limit set to `limit`, then puts back the limit it had: RESET would not
 * bring back the one DuckDB-WASM starts with.
 */
async function withMemoryLimit(limit: string, work: () => Promise<unknown>) {
	const before = (await duck.rows<{ v: string }>(`SELECT current_setting('memory_limit') AS v`))[0].v;
	await duck.exec(`SET memory_limit = ${literal(limit)}`);
	try {
		await work();
	} finally {
		await duck.exec(`SET memory_limit = ${literal(before)}`);
	}
}

async function file(name: string, text: string) {
	const p = path.join(tmp, name);
	await writeFile(p, text);
	return nodeSource(p);
}

describe('ingest of real exports', () => {
	test('Online Retail: rows, customers, guests and time range match an independent count', async () => {
		const core = new EngineCore(duck);
		const report = await core.ingest(
			[await nodeSource(path.join(DATA, 'online-retail/online_retail.csv.gz'))],
			{}
		);
		expect(report.mapping.user).toBe('CustomerID');
		expect(report.mapping.time).toBe('InvoiceDate');
		expect(report.mapping.event).toBeNull();
		expect(report.rows).toBe(retail.rows);
		expect(report.users).toBe(retail.customers);
		expect(report.noUser).toBe(retail.guestRows);
		expect(report.rejected).toBe(0);
		expect(report.firstTime).toBe(retail.first + '.000Z');
		expect(report.lastTime).toBe(retail.last + '.000Z');
		expect(report.events).toBe(1);
		// Customer ids written as floats (17850.0) become 17850.
		const ids = await duck.rows<{ u: string }>(
			`SELECT __user AS u FROM events WHERE __user IS NOT NULL LIMIT 5`
		);
		for (const { u } of ids) expect(u).toMatch(/^\d+$/);
		// The original column is not stored twice but still reads as the file has it: an identity column is
		// text exactly as written (`17850.0`), one value per customer.
		const original = (
			await duck.rows<{ t: string; n: number; guests: number }>(
				`SELECT any_value(typeof(CustomerID)) AS t, count(DISTINCT CustomerID)::INT AS n,
			   count(*) FILTER (WHERE CustomerID IS NULL)::INT AS guests FROM events`
			)
		)[0];
		expect(original).toEqual({ t: 'VARCHAR', n: retail.customers, guests: retail.guestRows });
		const pairs = await duck.rows<{ c: string; u: string }>(
			`SELECT CustomerID AS c, __user AS u FROM events WHERE CustomerID IS NOT NULL LIMIT 5`
		);
		for (const { c, u } of pairs) expect(c).toBe(`${u}.0`);
	});

	test("Online Retail: the columns table's CustomerID count is exact and agrees with the users (it said 3,919 of 4,372)", async () => {
		const core = new EngineCore(duck);
		const report = await core.ingest(
			[await nodeSource(path.join(DATA, 'online-retail/online_retail.csv.gz'))],
			{}
		);
		// No estimate in the report; the exact count comes after it, equal to the independent count.
		expect(report.columns.every((c) => c.distinct === null)).toBe(true);
		const counts = await core.distinctCounts();
		expect(counts.map((c) => c.name)).toEqual(report.columns.map((c) => c.name));
		expect(counts.find((c) => c.name === 'CustomerID')!.distinct).toBe(retail.customers);
		expect(report.users).toBe(retail.customers);
		// Asked again, the counts are not recomputed.
		expect(await core.distinctCounts()).toBe(counts);
	});

	test('CDNOW: whitespace-separated with a compact date', async () => {
		const core = new EngineCore(duck);
		const report = await core.ingest([await nodeSource(path.join(DATA, 'cdnow/CDNOW_master.txt'))], {});
		expect(report.rows).toBe(cdnow.rows);
		expect(report.users).toBe(cdnow.customers);
		expect(report.firstTime).toBe(cdnow.first + '.000Z');
		expect(report.lastTime).toBe(cdnow.last + '.000Z');
		expect(report.rejected).toBe(0);
	});
});

describe('ingest rules', () => {
	test('broken lines are rejected with line numbers and the good rows kept', async () => {
		const core = new EngineCore(duck);
		const report = await core.ingest([await nodeSource('test/fixtures/broken-lines.csv')], {});
		expect(report.rejected).toBe(3);
		expect(report.rejectedExamples).toHaveLength(3);
		const lines = readFileSync('test/fixtures/broken-lines.csv', 'utf8')
			.split(/\r?\n/)
			.filter((l) => l !== '');
		expect(report.rows).toBe(lines.length - 1 - 3);
	});

	test('a file that is not an export fails clearly and keeps the previous dataset', async () => {
		const core = new EngineCore(duck);
		const first = await core.ingest(
			[await file('a.csv', 'user,time,event\nu1,2025-01-01T00:00:00Z,x\n')],
			{}
		);
		await expect(core.ingest([await nodeSource('test/fixtures/not-an-export.png')], {})).rejects.toThrow(
			/not a CSV|binary/i
		);
		expect(core.report).toBe(first);
		expect((await duck.rows<{ n: number }>('SELECT count(*)::INT AS n FROM events'))[0].n).toBe(1);
	});

	test('dedupe by id keeps the first row of each id; by row drops identical rows', async () => {
		const csv = [
			'uuid,user,time,event,v',
			'a,u1,2025-01-01T10:00:00Z,view,1',
			'b,u1,2025-01-01T11:00:00Z,view,2',
			'a,u2,2025-01-01T12:00:00Z,buy,3',
			'c,u2,2025-01-01T12:00:00Z,buy,3',
			'c,u2,2025-01-01T12:00:00Z,buy,3'
		].join('\n');
		const core = new EngineCore(duck);
		const src = await file('dupes.csv', csv);
		const byId = await core.ingest([src], {
			columns: { user: 'user', time: 'time', event: 'event', id: 'uuid' }
		});
		expect(byId.dataset.dedupe).toBe('id');
		expect(byId.duplicates).toBe(2);
		expect(await duck.rows<{ u: string }>(`SELECT __user AS u FROM events WHERE __id = 'a'`)).toEqual([
			{ u: 'u1' }
		]);
		const byRow = await core.remap({
			columns: { user: 'user', time: 'time', event: 'event', id: 'uuid' },
			dedupe: 'row'
		});
		expect(byRow.duplicates).toBe(1);
		const none = await core.remap({
			columns: { user: 'user', time: 'time', event: 'event', id: 'uuid' },
			dedupe: 'none'
		});
		expect(none.duplicates).toBe(0);
		expect(none.rows).toBe(5);
	});

	test('filters apply after dedupe, bound as literals', async () => {
		const csv = [
			'user,time,event,country',
			"u1,2025-01-01T10:00:00Z,view,O'Hara",
			'u2,2025-01-01T11:00:00Z,view,UK'
		].join('\n');
		const core = new EngineCore(duck);
		const r = await core.ingest([await file('f.csv', csv)], {
			filters: [{ column: 'country', op: '=', value: "O'Hara" }]
		});
		expect(r.rows).toBe(1);
		expect(r.filtered).toBe(1);
	});

	test('identity resolution links anonymous ids to the first user and reports conflicts', async () => {
		const csv = [
			'user_id,device_id,time,event',
			',d1,2025-01-01T10:00:00Z,view',
			'alice,d1,2025-01-01T11:00:00Z,login',
			',d1,2025-01-01T12:00:00Z,view',
			',d2,2025-01-01T10:00:00Z,view',
			'bob,d3,2025-01-01T10:00:00Z,login',
			'carol,d3,2025-01-02T10:00:00Z,login',
			',d3,2025-01-03T10:00:00Z,view'
		].join('\n');
		const core = new EngineCore(duck);
		const r = await core.ingest([await file('id.csv', csv)], {
			columns: { user: 'user_id', anonymous: 'device_id', time: 'time', event: 'event' }
		});
		const users = await duck.rows<{ d: string; u: string }>(
			`SELECT __anon AS d, __user AS u FROM events ORDER BY __row`
		);
		expect(users.map((x) => x.u)).toEqual(['alice', 'alice', 'alice', 'd2', 'bob', 'carol', 'bob']);
		expect(r.users).toBe(4);
		expect(r.identity?.conflicts).toBe(1);
		expect(r.identity?.conflictExamples[0]).toMatchObject({ anonymous: 'd3', users: ['bob', 'carol'] });
	});

	test('rows whose time cannot be read are rejected, rows without a user are counted', async () => {
		const csv = [
			'user,time,event',
			'u1,2025-01-01T10:00:00Z,a',
			'u2,not a time,b',
			',2025-01-02T10:00:00Z,c'
		].join('\n');
		const core = new EngineCore(duck);
		const r = await core.ingest([await file('t.csv', csv)], {
			columns: { user: 'user', time: 'time', event: 'event' }
		});
		expect(r.rejected).toBe(1);
		expect(r.rejectedExamples[0].reason).toMatch(/not a time/);
		expect(r.rows).toBe(2);
		expect(r.noUser).toBe(1);
		expect(r.users).toBe(1);
	});

	test('a wrong column mapping is a clear error and the dataset stays', async () => {
		const core = new EngineCore(duck);
		await core.ingest([await file('m.csv', 'user,time,event\nu1,2025-01-01T10:00:00Z,a\n')], {});
		await expect(core.remap({ columns: { user: 'nope' } })).rejects.toThrow(/"nope" is not in the file/);
		expect(core.report?.rows).toBe(1);
		expect((await duck.rows<{ n: number }>('SELECT count(*)::INT AS n FROM events'))[0].n).toBe(1);
	});

	test('cancelling a load leaves the previous dataset', async () => {
		const core = new EngineCore(duck);
		await core.ingest([await file('keep.csv', 'user,time,event\nu1,2025-01-01T10:00:00Z,a\n')], {});
		const job = core.ingest(
			[await nodeSource(path.join(DATA, 'online-retail/online_retail.csv.gz'))],
			{},
			{ jobId: 'j1' }
		);
		core.cancel('j1');
		await expect(job).rejects.toBeInstanceOf(CancelledError);
		expect(core.report?.rows).toBe(1);
		expect((await duck.rows<{ n: number }>('SELECT count(*)::INT AS n FROM events'))[0].n).toBe(1);
	});

	test('running out of memory says so and keeps the previous dataset usable', async () => {
		const core = new EngineCore(duck);
		await core.ingest([await file('small.csv', 'user,time,event\nu1,2025-01-01T10:00:00Z,a\n')], {});
		// A tight limit stands in for a file too large for the browser's WASM memory.
		const retail = await nodeSource(path.join(DATA, 'online-retail/online_retail.csv.gz'));
		await withMemoryLimit('24MB', () =>
			expect(core.ingest([retail], {})).rejects.toThrow(
				/needs more memory than Footfall has.*previous dataset is still loaded/
			)
		);
		expect(core.report?.rows).toBe(1);
		expect((await duck.rows<{ n: number }>('SELECT count(*)::INT AS n FROM events'))[0].n).toBe(1);
		const { ipc } = await core.run({ kind: 'retention', period: 'week', periods: 2 });
		expect(ipc?.byteLength).toBeGreaterThan(0);
	});

	test('sessions that do not fit in memory say so; the dataset stays usable and they work with more', async () => {
		const core = new EngineCore(duck);
		const report = await core.ingest(
			[await nodeSource(path.join(DATA, 'online-retail/online_retail.csv.gz'))],
			{}
		);
		const used = (
			await duck.rows<{ b: number }>(`SELECT sum(memory_usage_bytes)::BIGINT AS b FROM duckdb_memory()`)
		)[0].b;
		await withMemoryLimit(`${Math.ceil(Number(used) / 2 ** 20) + 8}MB`, () =>
			expect(core.derived()).rejects.toThrow(/not enough memory for them.*analyses that do not use sessions/)
		);
		expect((await duck.rows<{ n: number }>('SELECT count(*)::INT AS n FROM events'))[0].n).toBe(report.rows);
		const { ipc } = await core.run({ kind: 'retention', period: 'month', periods: 3 });
		expect(ipc?.byteLength).toBeGreaterThan(0);
		const derived = await core.derived();
		expect(derived.users).toBe(retail.customers);
	});

	test('several daily files with drifting columns load together', async () => {
		const a = await file('day1.csv', 'user,time,event\nu1,2025-01-01T10:00:00Z,a\n');
		const b = await file('day2.csv', 'user,time,event,plan\nu2,2025-01-02T10:00:00Z,b,pro\n');
		const core = new EngineCore(duck);
		const r = await core.ingest([a, b], {});
		expect(r.rows).toBe(2);
		expect(r.files.map((f) => f.name)).toEqual(['day1.csv', 'day2.csv']);
		expect(r.columns.map((c) => c.name)).toContain('plan');
	});
});

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

describe('the demo export', () => {
	// Regression: the identity join once had a left-only condition that DuckDB planned as a nested loop, and
	// this 155k-row file never finished loading. The expected figures are computed here in plain TypeScript.
	test('identity resolution, dedupe by uuid and user counts match a plain computation', async () => {
		const { gunzipSync } = await import('node:zlib');
		const Papa = (await import('papaparse')).default;
		const text = gunzipSync(readFileSync('static/data/demo-shop.csv.gz')).toString('utf8');
		const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
		const seen = new Set<string>();
		const kept = rows.filter((r) => (seen.has(r.uuid) ? false : (seen.add(r.uuid), true)));
		const byTime = kept
			.map((r, i) => ({ r, i, t: Date.parse(r.timestamp) }))
			.sort((a, b) => a.t - b.t || a.i - b.i);
		const link = new Map<string, string>();
		for (const { r } of byTime)
			if (r.user_id && r.device_id && !link.has(r.device_id)) link.set(r.device_id, r.user_id);
		const users = new Set(kept.map((r) => r.user_id || link.get(r.device_id) || r.device_id));

		const core = new EngineCore(duck);
		const report = await core.ingest([await nodeSource('static/data/demo-shop.csv.gz')], {
			timezone: 'Europe/London'
		});
		expect(report.loadedRows).toBe(rows.length);
		expect(report.duplicates).toBe(rows.length - kept.length);
		expect(report.rows).toBe(kept.length);
		expect(report.users).toBe(users.size);
		expect(report.identity?.linkedAnonymousIds).toBe(link.size);
	});
});
