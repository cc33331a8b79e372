import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { CancelledError } from '../../src/lib/engine/duck.ts';
import { DATA, duck, file, retail, useIngestDuck, withMemoryLimit } from './support/ingest-fixture.ts';

useIngestDuck();

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
		// What the tables take once compressed (the engine checkpoints before building sessions, core.ts), so
		// the limit leaves the build itself no room.
		await duck.exec('CHECKPOINT');
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

	test("a table an analysis builds first (paths' session steps) that does not fit says so in the reader's terms", async () => {
		const core = new EngineCore(duck);
		await core.ingest([await nodeSource(path.join(DATA, 'online-retail/online_retail.csv.gz'))], {});
		await core.derived();
		const used = (
			await duck.rows<{ b: number }>(`SELECT sum(memory_usage_bytes)::BIGINT AS b FROM duckdb_memory()`)
		)[0].b;
		await withMemoryLimit(`${Math.ceil(Number(used) / 2 ** 20) + 16}MB`, () =>
			expect(core.run({ kind: 'paths' })).rejects.toThrow(
				/^This analysis needs more memory than Footfall has \(about 3 GB\)\. Narrow it/
			)
		);
		// With the memory back, the same analysis builds the table and answers.
		const { ipc } = await core.run({ kind: 'paths' });
		expect(ipc?.byteLength).toBeGreaterThan(0);
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
