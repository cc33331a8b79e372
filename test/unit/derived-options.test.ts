// Derived tables' options (staging suffix, gap changes, cancel, bad settings) and the demo export's sessions
// against a papaparse + plain TypeScript reference.
import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { CancelledError } from '../../src/lib/engine/duck.ts';
import { buildDerived, DERIVED_TABLES, type DerivedSummary } from '../../src/lib/engine/derived.ts';
import type { DatasetSpec } from '../../src/lib/spec/types.ts';
import {
	dbSessions,
	duck,
	iso,
	load,
	sessionOfRow,
	useDerivedDuck,
	type Row
} from './support/derived-fixture.ts';
import { byTime, referenceSessions, type RefEvent, type RefSession } from './support/derived-reference.ts';

useDerivedDuck();

describe('options', () => {
	const rows: Row[] = [
		{ user: 'a', time: '2025-01-01T00:00:00Z', event: 'x' },
		{ user: 'a', time: '2025-01-01T01:00:00Z', event: 'y' },
		{ user: 'b', time: '2025-01-01T00:00:00Z', event: 'z' }
	];

	test('another events table and a suffix build staged tables beside the current ones', async () => {
		const { dataset } = await load(rows, ['user', 'time', 'event'], {});
		const current = await buildDerived(duck, dataset);
		await duck.exec(
			`DROP TABLE IF EXISTS events_copy; CREATE TABLE events_copy AS SELECT * EXCLUDE (__session) FROM events`
		);
		const staged = await buildDerived(duck, dataset, { events: 'events_copy', suffix: '__stage' });
		expect(staged).toEqual(current);
		for (const t of DERIVED_TABLES) {
			expect(await duck.tableExists(t + '__stage')).toBe(true);
			const diff = (
				await duck.rows<{ n: number }>(
					`SELECT count(*)::INTEGER AS n FROM (SELECT * FROM "${t}" EXCEPT SELECT * FROM "${t}__stage")`
				)
			)[0].n;
			expect(diff).toBe(0);
		}
		expect(await duck.rows(`SELECT __session FROM events_copy ORDER BY __row`)).toEqual(
			await duck.rows(`SELECT __session FROM events ORDER BY __row`)
		);
		for (const t of DERIVED_TABLES) await duck.exec(`DROP TABLE "${t}__stage"`);
		await duck.exec('DROP TABLE events_copy');
	});

	test('rebuilding replaces the session column; a cancelled rebuild leaves the earlier tables', async () => {
		const { dataset } = await load(rows, ['user', 'time', 'event'], {});
		expect((await buildDerived(duck, dataset)).sessions).toBe(3);
		expect((await buildDerived(duck, { ...dataset, sessionGapMinutes: 90 })).sessions).toBe(2);
		expect(await sessionOfRow()).toEqual([0, 0, 1]);
		expect(
			await duck.rows(`SELECT count(*)::INTEGER AS n FROM (DESCRIBE events) WHERE column_name = '__session'`)
		).toEqual([{ n: 1 }]);
		await expect(
			buildDerived(duck, { ...dataset, sessionGapMinutes: 30 }, { isCancelled: () => true })
		).rejects.toBeInstanceOf(CancelledError);
		expect((await dbSessions()).length).toBe(2);
		expect(await sessionOfRow()).toEqual([0, 0, 1]);
		expect(
			await duck.rows(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '__derived%'`)
		).toEqual([]);
	});

	test('bad input is refused with a clear message', async () => {
		const { dataset } = await load(rows, ['user', 'time', 'event'], {});
		await expect(buildDerived(duck, { ...dataset, sessionGapMinutes: 0 })).rejects.toThrow(/above 0/);
		await expect(
			buildDerived(duck, { ...dataset, columns: { ...dataset.columns, session: 'nope' } })
		).rejects.toThrow(/"nope" is not in the data/);
	});
});

describe('the demo export', () => {
	interface DemoRow {
		uuid: string;
		timestamp: string;
		event: string;
		user_id: string;
		device_id: string;
		session_id: string;
		country: string;
		price: string;
	}
	let ref: RefEvent[];
	let dataset: DatasetSpec;

	beforeAll(async () => {
		const text = gunzipSync(readFileSync('static/data/demo-shop.csv.gz')).toString('utf8');
		const parsed = Papa.parse<DemoRow>(text, { header: true, skipEmptyLines: true });
		// Dedupe by uuid (keep first) and SEMANTICS §9 identity: a device id takes the first user id seen with it.
		const seen = new Set<string>();
		const kept = parsed.data
			.map((r, row) => ({ r, row }))
			.filter(({ r }) => !seen.has(r.uuid) && !!seen.add(r.uuid));
		const link = new Map<string, { user: string; t: number; row: number }>();
		for (const { r, row } of kept) {
			if (!r.user_id) continue;
			const t = Date.parse(r.timestamp);
			const l = link.get(r.device_id);
			if (!l || t < l.t || (t === l.t && row < l.row)) link.set(r.device_id, { user: r.user_id, t, row });
		}
		ref = kept.map(({ r, row }) => ({
			row,
			user: r.user_id || link.get(r.device_id)?.user || r.device_id,
			t: Date.parse(r.timestamp),
			event: r.event,
			sid: r.session_id || null,
			props: { country: r.country || null, price: r.price === '' ? null : Number(r.price) }
		}));
		const core = new EngineCore(duck);
		const report = await core.ingest([await nodeSource('static/data/demo-shop.csv.gz')], {});
		expect(report.rows).toBe(ref.length);
		expect(report.mapping.session).toBe('session_id');
		dataset = report.dataset;
	}, 180_000);

	async function expectPerUser(summary: DerivedSummary, sessions: RefSession[]) {
		expect(summary.sessions).toBe(sessions.length);
		const perUser = new Map<string, number>();
		for (const s of sessions) perUser.set(s.user, (perUser.get(s.user) ?? 0) + 1);
		const db = await duck.rows<{ u: string; n: number }>(`SELECT __user AS u, sessions AS n FROM users`);
		expect(db.length).toBe(new Set(ref.map((e) => e.user)).size);
		expect(new Map(db.map((r) => [r.u, r.n]))).toEqual(perUser);
		const durations = (
			await duck.rows<{ total: number; longest: number; events: number }>(
				`SELECT sum(duration_s) AS total, max(duration_s) AS longest, sum(events)::BIGINT AS events FROM sessions`
			)
		)[0];
		expect(durations.events).toBe(ref.length);
		expect(durations.total).toBeCloseTo(
			sessions.reduce((s, x) => s + (x.end - x.start) / 1000, 0),
			3
		);
		expect(durations.longest).toBe(Math.max(...sessions.map((x) => (x.end - x.start) / 1000)));
	}

	test('sessions from session_id match a count over the raw rows', async () => {
		const summary = await buildDerived(duck, dataset);
		expect(summary.sessionSource).toBe('column');
		await expectPerUser(summary, referenceSessions(ref, 30, true));
	}, 60_000);

	test('sessions by the 30-minute gap match the reference, and users match their rows', async () => {
		const summary = await buildDerived(duck, { ...dataset, columns: { ...dataset.columns, session: null } });
		expect(summary.sessionSource).toBe('gap');
		const sessions = referenceSessions(ref, 30, false);
		await expectPerUser(summary, sessions);
		const durations = sessions.map((s) => (s.end - s.start) / 1000).sort((a, b) => a - b);
		const mid = durations.length / 2;
		expect(summary.medianSessionSeconds).toBeCloseTo(
			durations.length % 2 ? durations[Math.floor(mid)] : (durations[mid - 1] + durations[mid]) / 2,
			9
		);
		const byUser = new Map<string, RefEvent[]>();
		for (const e of ref) {
			if (!byUser.has(e.user!)) byUser.set(e.user!, []);
			byUser.get(e.user!)!.push(e);
		}
		const db = await duck.rows<{
			u: string;
			first: number;
			last: number;
			events: number;
			days: number;
			country: string | null;
			price: number | null;
		}>(
			`SELECT __user AS u, epoch_ms(first_seen) AS first, epoch_ms(last_seen) AS last, events,
			   active_days AS days, l.country, l.price
			 FROM users JOIN users_latest l USING (__ukey)`
		);
		expect(db.length).toBe(byUser.size);
		let withPrice = 0;
		for (const row of db) {
			const list = byUser.get(row.u)!.sort(byTime);
			const latest = (p: string) => [...list].reverse().find((e) => e.props[p] !== null)?.props[p] ?? null;
			const expected = {
				u: row.u,
				first: list[0].t,
				last: list[list.length - 1].t,
				events: list.length,
				days: new Set(list.map((e) => iso(e.t).slice(0, 10))).size,
				country: latest('country'),
				price: latest('price')
			};
			expect(row).toEqual(expected);
			if (expected.price !== null) withPrice++;
		}
		expect(withPrice).toBeGreaterThan(1000);
	}, 60_000);
});
