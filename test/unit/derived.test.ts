import { intlWallClock as wallClock } from './support/intl-wall-clock.ts';
import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { CancelledError, type Duck } from '../../src/lib/engine/duck.ts';
import { buildDerived, DERIVED_TABLES, type DerivedSummary } from '../../src/lib/engine/derived.ts';
import type { DatasetInput } from '../../src/lib/engine/ingest/index.ts';
import type { ColumnMapping, DatasetSpec } from '../../src/lib/spec/types.ts';
import { Rng } from '../../src/lib/demo/rng.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let duck: Duck;
let tmp: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-derived-'));
});

/** One fixture row; `null` becomes an empty CSV field. */
type Row = Record<string, string | number | null>;

function toCsv(rows: Row[], columns: string[]): string {
	const cell = (v: string | number | null) => (v === null ? '' : String(v));
	return (
		[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c] ?? null)).join(','))].join('\n') +
		'\n'
	);
}

const iso = (ms: number) => new Date(ms).toISOString();

let fileNo = 0;
async function load(
	rows: Row[],
	columns: string[],
	mapping: Partial<ColumnMapping>,
	input: DatasetInput = {}
): Promise<{ core: EngineCore; dataset: DatasetSpec }> {
	const p = path.join(tmp, `f${fileNo++}.csv`);
	await writeFile(p, toCsv(rows, columns));
	const core = new EngineCore(duck);
	const report = await core.ingest([await nodeSource(p)], {
		...input,
		columns: {
			user: 'user',
			time: 'time',
			event: 'event',
			id: null,
			anonymous: null,
			session: null,
			...mapping
		}
	});
	expect(report.rows).toBe(rows.length);
	return { core, dataset: report.dataset };
}

// ---- the reference: plain TypeScript over the fixture rows -------------------------------------------------

interface RefEvent {
	row: number;
	user: string | null;
	t: number;
	event: string;
	sid: string | null;
	props: Record<string, string | number | null>;
}

interface RefSession {
	user: string;
	sid: string | null;
	rows: number[];
	start: number;
	end: number;
	firstEvent: string;
	lastEvent: string;
}

const byTime = (a: RefEvent, b: RefEvent) => a.t - b.t || a.row - b.row;

/** SEMANTICS §7 written the obvious way: walk each user's events in order and cut at gaps over the limit. */
function referenceSessions(events: RefEvent[], gapMinutes: number, withIds: boolean): RefSession[] {
	const perUser = new Map<string, RefEvent[]>();
	for (const e of events) {
		if (e.user === null) continue;
		if (!perUser.has(e.user)) perUser.set(e.user, []);
		perUser.get(e.user)!.push(e);
	}
	const out: RefSession[] = [];
	const close = (user: string, sid: string | null, list: RefEvent[]) =>
		out.push({
			user,
			sid,
			rows: list.map((e) => e.row),
			start: list[0].t,
			end: list[list.length - 1].t,
			firstEvent: list[0].event,
			lastEvent: list[list.length - 1].event
		});
	for (const [user, list] of perUser) {
		list.sort(byTime);
		const bySid = new Map<string, RefEvent[]>();
		let current: RefEvent[] = [];
		for (const e of list) {
			const sid = withIds && e.sid !== null && e.sid !== '' && e.sid !== '-1' ? e.sid : null;
			if (sid !== null) {
				if (!bySid.has(sid)) bySid.set(sid, []);
				bySid.get(sid)!.push(e);
				continue;
			}
			const prev = current[current.length - 1];
			if (prev && e.t - prev.t > gapMinutes * MINUTE) {
				close(user, null, current);
				current = [];
			}
			current.push(e);
		}
		if (current.length > 0) close(user, null, current);
		for (const [sid, l] of bySid) close(user, sid, l);
	}
	return out;
}

// ---- what Footfall built -----------------------------------------------------------------------------------

const LOCAL = `'%Y-%m-%d %H:%M:%S'`;

interface DbSession {
	session: number;
	ukey: number;
	user: string;
	nth: number;
	export_id: string | null;
	start: number;
	end: number;
	start_local: string;
	end_local: string;
	duration_s: number;
	events: number;
	first_event: string;
	last_event: string;
}

function dbSessions(suffix = ''): DbSession[] {
	return duck.rows<DbSession>(
		`SELECT __session AS session, __ukey AS ukey, __user AS user, nth, export_id, epoch_ms(start_time) AS start,
		   epoch_ms(end_time) AS "end", strftime(start_local, ${LOCAL}) AS start_local,
		   strftime(end_local, ${LOCAL}) AS end_local, duration_s, events, first_event, last_event
		 FROM "sessions${suffix}" ORDER BY __session`
	);
}

/** `__session` of every event, indexed by `__row` (the fixture row). */
function sessionOfRow(): (number | null)[] {
	return duck.rows<{ s: number | null }>(`SELECT __session AS s FROM events ORDER BY __row`).map((r) => r.s);
}

/**
 * Checks the built sessions against the reference: the same partition of events, the same figures per
 * session, numbers 0..n-1 in (user key, start, first row) order and `nth` counting a user's sessions.
 */
function expectSessions(ref: RefSession[], timeZone: string, summary: DerivedSummary) {
	const db = dbSessions();
	expect(summary.sessions).toBe(ref.length);
	expect(db.length).toBe(ref.length);
	const ofRow = sessionOfRow();
	const byNumber = new Map(db.map((s) => [s.session, s]));
	const seen = new Set<number>();
	for (const r of ref) {
		const n = ofRow[r.rows[0]];
		expect(n, `session of row ${r.rows[0]}`).not.toBeNull();
		expect(seen.has(n!)).toBe(false);
		seen.add(n!);
		expect(r.rows.map((row) => ofRow[row])).toEqual(r.rows.map(() => n));
		const s = byNumber.get(n!)!;
		expect({
			user: s.user,
			export_id: s.export_id,
			start: s.start,
			end: s.end,
			start_local: s.start_local,
			end_local: s.end_local,
			duration_s: s.duration_s,
			events: s.events,
			first_event: s.first_event,
			last_event: s.last_event
		}).toEqual({
			user: r.user,
			export_id: r.sid,
			start: r.start,
			end: r.end,
			start_local: wallClock(r.start, timeZone),
			end_local: wallClock(r.end, timeZone),
			duration_s: (r.end - r.start) / 1000,
			events: r.rows.length,
			first_event: r.firstEvent,
			last_event: r.lastEvent
		});
	}
	const inSessions = new Set(ref.flatMap((r) => r.rows));
	ofRow.forEach((s, row) => {
		if (!inSessions.has(row)) expect(s, `row ${row} has no user`).toBeNull();
	});
	// The reference lists a session's rows in event order, so rows[0] is its first event.
	const firstRow = new Map(ref.map((r) => [ofRow[r.rows[0]]!, r.rows[0]]));
	const sorted = [...db].sort(
		(a, b) => a.ukey - b.ukey || a.start - b.start || firstRow.get(a.session)! - firstRow.get(b.session)!
	);
	expect(sorted.map((s) => s.session)).toEqual(db.map((_s, i) => i));
	for (const s of db)
		expect(s.nth).toBe(db.filter((o) => o.ukey === s.ukey && o.session <= s.session).length);
	const durations = ref.map((r) => (r.end - r.start) / 1000).sort((a, b) => a - b);
	const mid = durations.length / 2;
	const median =
		durations.length === 0
			? null
			: durations.length % 2
				? durations[Math.floor(mid)]
				: (durations[mid - 1] + durations[mid]) / 2;
	expect(summary.medianSessionSeconds).toBeCloseTo(median!, 9);
}

function asRef(rows: Row[], sidColumn: string | null = null, props: string[] = []): RefEvent[] {
	return rows.map((r, row) => ({
		row,
		user: r.user === null || r.user === '' ? null : String(r.user),
		t: Date.parse(String(r.time)),
		event: String(r.event),
		sid: sidColumn && r[sidColumn] !== null ? String(r[sidColumn]) : null,
		props: Object.fromEntries(props.map((p) => [p, r[p] ?? null]))
	}));
}

// ---- tests -------------------------------------------------------------------------------------------------

describe('sessions by the inactivity gap', () => {
	const T0 = Date.parse('2025-03-03T10:00:00Z');
	// Hand-checked: a gap of exactly 30 minutes stays in the session, 30 minutes and 1 second starts a new one.
	const rows: Row[] = [
		{ user: 'a', time: iso(T0), event: 'open' },
		{ user: 'a', time: iso(T0 + 30 * MINUTE), event: 'exactly_30' },
		{ user: 'a', time: iso(T0 + 60 * MINUTE + 1000), event: 'after_30m1s' },
		{ user: 'a', time: iso(T0 + 60 * MINUTE + 1000), event: 'tie_second' },
		{ user: 'b', time: iso(T0 + 5 * MINUTE), event: 'only' },
		{ user: null, time: iso(T0 + 6 * MINUTE), event: 'anonymous' },
		{ user: 'a', time: iso(T0 + 75 * MINUTE + 1000), event: 'fifteen_later' },
		{ user: 'a', time: iso(T0 - 50 * MINUTE), event: 'earlier_in_file_later' }
	];

	test('a gap of exactly 30 minutes does not split; 30 minutes and 1 second does', async () => {
		const { dataset } = await load(rows, ['user', 'time', 'event'], {});
		const summary = await buildDerived(duck, dataset);
		expect(summary.sessionSource).toBe('gap');
		const db = dbSessions();
		expect(
			db.map((s) => [s.user, s.nth, s.events, s.first_event, s.last_event, s.duration_s, s.export_id])
		).toEqual([
			['a', 1, 1, 'earlier_in_file_later', 'earlier_in_file_later', 0, null],
			['a', 2, 2, 'open', 'exactly_30', 1800, null],
			['a', 3, 3, 'after_30m1s', 'fifteen_later', 15 * 60, null],
			['b', 1, 1, 'only', 'only', 0, null]
		]);
		expect(sessionOfRow()).toEqual([1, 1, 2, 2, 3, null, 2, 0]);
		expect(summary).toEqual({
			sessions: 4,
			users: 2,
			medianSessionSeconds: (0 + 900) / 2,
			sessionSource: 'gap'
		});
		expectSessions(referenceSessions(asRef(rows), 30, false), 'UTC', summary);
	});

	test('a custom gap moves the boundary', async () => {
		const { dataset } = await load(rows, ['user', 'time', 'event'], {}, { sessionGapMinutes: 15 });
		expect(dataset.sessionGapMinutes).toBe(15);
		const summary = await buildDerived(duck, dataset);
		// Exactly 15 minutes (tie_second → fifteen_later) stays together; 30 minutes splits.
		expect(dbSessions().map((s) => [s.user, s.events])).toEqual([
			['a', 1],
			['a', 1],
			['a', 1],
			['a', 3],
			['b', 1]
		]);
		expectSessions(referenceSessions(asRef(rows), 15, false), 'UTC', summary);
		const fractional = await buildDerived(duck, { ...dataset, sessionGapMinutes: 29.99 });
		expect(fractional.sessions).toBe(referenceSessions(asRef(rows), 29.99, false).length);
		expect(fractional.sessions).toBe(5);
	});

	test('matches the reference on random data with ties, boundary gaps and rows without a user', async () => {
		const rng = new Rng(7);
		const steps = [
			0,
			0,
			1000,
			5 * MINUTE,
			30 * MINUTE - 1000,
			30 * MINUTE,
			30 * MINUTE + 1000,
			3 * HOUR,
			2 * DAY
		];
		const rows: Row[] = [];
		for (let u = 0; u < 40; u++) {
			let t = Date.parse('2025-03-01T00:00:00Z') + Math.floor(rng.next() * DAY);
			const n = 1 + Math.floor(rng.next() * 40);
			for (let i = 0; i < n; i++) {
				t += steps[Math.floor(rng.next() * steps.length)];
				rows.push({ user: rng.next() < 0.05 ? null : `user${u}`, time: iso(t), event: `e${rows.length}` });
			}
		}
		for (let i = rows.length - 1; i > 0; i--) {
			const j = Math.floor(rng.next() * (i + 1));
			[rows[i], rows[j]] = [rows[j], rows[i]];
		}
		const timeZone = 'America/New_York';
		const { dataset } = await load(rows, ['user', 'time', 'event'], {}, { timezone: timeZone });
		const summary = await buildDerived(duck, dataset);
		const ref = referenceSessions(asRef(rows), 30, false);
		expect(ref.length).toBeGreaterThan(100);
		expectSessions(ref, timeZone, summary);
	});
});

describe('sessions from the export session id', () => {
	const T0 = Date.parse('2025-03-03T10:00:00Z');
	const rows: Row[] = [
		{ user: 'a', time: iso(T0), event: 's1_start', sid: 'S1' },
		{ user: 'a', time: iso(T0 + 5 * MINUTE), event: 's2_only', sid: 'S2' },
		{ user: 'a', time: iso(T0 + 10 * MINUTE), event: 's1_end', sid: 'S1' },
		{ user: 'a', time: iso(T0 + 20 * MINUTE), event: 'none_1', sid: null },
		{ user: 'a', time: iso(T0 + 40 * MINUTE), event: 'minus_one', sid: '-1' },
		{ user: 'a', time: iso(T0 + 2 * HOUR), event: 'none_2', sid: null },
		{ user: 'b', time: iso(T0), event: 'b_s1', sid: 'S1' },
		{ user: 'b', time: iso(T0 + 3 * DAY), event: 'b_s1_again', sid: 'S1' },
		{ user: null, time: iso(T0), event: 'nobody', sid: 'S1' }
	];

	test('a session is a (user, session id) pair; rows without an id fall back to the gap rule', async () => {
		const { dataset } = await load(rows, ['user', 'time', 'event', 'sid'], { session: 'sid' });
		const summary = await buildDerived(duck, dataset);
		expect(summary.sessionSource).toBe('column');
		expect(dbSessions().map((s) => [s.user, s.export_id, s.events, s.first_event, s.last_event])).toEqual([
			['a', 'S1', 2, 's1_start', 's1_end'],
			['a', 'S2', 1, 's2_only', 's2_only'],
			['a', null, 2, 'none_1', 'minus_one'],
			['a', null, 1, 'none_2', 'none_2'],
			['b', 'S1', 2, 'b_s1', 'b_s1_again']
		]);
		expectSessions(referenceSessions(asRef(rows, 'sid'), 30, true), 'UTC', summary);
	});

	test('a numeric session id column with -1 for "no session" (Amplitude)', async () => {
		const code: Record<string, number> = { S1: 1700000000000, S2: 1700000000001 };
		const numeric = rows.map((r) => ({ ...r, sid: code[String(r.sid)] ?? -1 }));
		const { dataset } = await load(numeric, ['user', 'time', 'event', 'sid'], { session: 'sid' });
		// A session column is an identity: text exactly as written (SEMANTICS §1), even when every value is a number.
		expect(duck.rows<{ t: string }>(`SELECT typeof(sid) AS t FROM events LIMIT 1`)[0].t).toBe('VARCHAR');
		const summary = await buildDerived(duck, dataset);
		expect(dbSessions().map((s) => s.export_id)).toEqual([
			'1700000000000',
			'1700000000001',
			null,
			null,
			'1700000000000'
		]);
		expectSessions(referenceSessions(asRef(numeric, 'sid'), 30, true), 'UTC', summary);
	});

	test('matches the reference on random interleaved ids', async () => {
		const rng = new Rng(11);
		const rows: Row[] = [];
		for (let i = 0; i < 1500; i++) {
			const u = Math.floor(rng.next() * 25);
			const r = rng.next();
			rows.push({
				user: `u${u}`,
				time: iso(Date.parse('2025-05-01T00:00:00Z') + Math.floor(rng.next() * 200) * 7 * MINUTE),
				event: `e${i}`,
				sid: r < 0.1 ? null : r < 0.15 ? '-1' : `s${Math.floor(rng.next() * 6)}`
			});
		}
		const { dataset } = await load(rows, ['user', 'time', 'event', 'sid'], { session: 'sid' });
		const summary = await buildDerived(duck, dataset);
		expectSessions(referenceSessions(asRef(rows, 'sid'), 30, true), 'UTC', summary);
	});
});

describe('users', () => {
	interface DbUser {
		user: string;
		first_seen: number;
		last_seen: number;
		first_local: string;
		last_local: string;
		events: number;
		sessions: number;
		active_days: number;
		first_event: string;
		last_event: string;
	}
	const dbUsers = () =>
		duck.rows<DbUser>(
			`SELECT __user AS user, epoch_ms(first_seen) AS first_seen, epoch_ms(last_seen) AS last_seen,
			   strftime(first_seen_local, ${LOCAL}) AS first_local, strftime(last_seen_local, ${LOCAL}) AS last_local,
			   events, sessions, active_days, first_event, last_event FROM users ORDER BY __ukey`
		);

	function referenceUsers(events: RefEvent[], timeZone: string, gapMinutes: number) {
		const sessions = referenceSessions(events, gapMinutes, false);
		const out = new Map<string, DbUser>();
		const users = [...new Set(events.flatMap((e) => (e.user === null ? [] : [e.user])))].sort();
		for (const user of users) {
			const list = events.filter((e) => e.user === user).sort(byTime);
			const first = list[0];
			const last = list[list.length - 1];
			out.set(user, {
				user,
				first_seen: first.t,
				last_seen: last.t,
				first_local: wallClock(first.t, timeZone),
				last_local: wallClock(last.t, timeZone),
				events: list.length,
				sessions: sessions.filter((s) => s.user === user).length,
				active_days: new Set(list.map((e) => wallClock(e.t, timeZone).slice(0, 10))).size,
				first_event: first.event,
				last_event: last.event
			});
		}
		return out;
	}

	test('first and last seen, counts and active days in a zone west of UTC, around midnight', async () => {
		const rng = new Rng(3);
		const rows: Row[] = [];
		for (let i = 0; i < 800; i++) {
			// Times cluster around local midnight in New York (04:00-06:00 UTC, across the March clock change).
			const day = Date.parse('2025-03-05T00:00:00Z') + Math.floor(rng.next() * 10) * DAY;
			const t = day + 3 * HOUR + Math.floor(rng.next() * 4 * 60) * MINUTE;
			rows.push({
				user: rng.next() < 0.03 ? null : `p${Math.floor(rng.next() * 30)}`,
				time: iso(t),
				event: `e${i}`
			});
		}
		const timeZone = 'America/New_York';
		const { dataset } = await load(rows, ['user', 'time', 'event'], {}, { timezone: timeZone });
		const summary = await buildDerived(duck, dataset);
		const ref = referenceUsers(asRef(rows), timeZone, 30);
		expect(summary.users).toBe(ref.size);
		expect(dbUsers()).toEqual([...ref.values()]);
		// The UTC date would count other days: the test data really straddles local midnight.
		const utcDays = (u: string) =>
			new Set(
				asRef(rows)
					.filter((e) => e.user === u)
					.map((e) => iso(e.t).slice(0, 10))
			).size;
		expect([...ref.values()].some((u) => utcDays(u.user) !== u.active_days)).toBe(true);
	});

	test('first and last local time follow event order across the autumn clock change', async () => {
		// London, 26 Oct 2025: 00:50Z is 01:50 BST, 01:10Z is 01:10 GMT. The later event shows the earlier clock.
		const rows: Row[] = [
			{ user: 'x', time: '2025-10-26T00:50:00Z', event: 'first' },
			{ user: 'x', time: '2025-10-26T01:10:00Z', event: 'second' }
		];
		const { dataset } = await load(rows, ['user', 'time', 'event'], {}, { timezone: 'Europe/London' });
		await buildDerived(duck, dataset);
		expect(dbUsers()).toEqual([...referenceUsers(asRef(rows), 'Europe/London', 30).values()]);
		expect(dbUsers()[0].first_local).toBe('2025-10-26 01:50:00');
		expect(dbUsers()[0].last_local).toBe('2025-10-26 01:10:00');
		expect(dbSessions()[0].start_local).toBe('2025-10-26 01:50:00');
		expect(dbSessions()[0].end_local).toBe('2025-10-26 01:10:00');
	});

	test('first and latest properties keep original names and types and skip empty values', async () => {
		const T0 = Date.parse('2025-04-01T12:00:00Z');
		const at = (m: number) => iso(T0 + m * MINUTE);
		const columns = ['user', 'time', 'event', 'plan', 'price', 'seen', 'first_plan'];
		const rows: Row[] = [
			{ user: 'a', time: at(10), event: 'e1', plan: 'pro', price: 2.5, seen: 'x', first_plan: 'fp1' },
			{ user: 'a', time: at(0), event: 'e0', plan: null, price: null, seen: 'y', first_plan: null },
			{ user: 'a', time: at(20), event: 'e2', plan: 'team', price: null, seen: null, first_plan: 'fp2' },
			{ user: 'a', time: at(30), event: 'e3', plan: null, price: null, seen: null, first_plan: null },
			{
				user: 'b',
				time: at(5),
				event: 'tie_first_in_file',
				plan: 'free',
				price: 1,
				seen: null,
				first_plan: null
			},
			{
				user: 'b',
				time: at(5),
				event: 'tie_second_in_file',
				plan: 'solo',
				price: 3,
				seen: null,
				first_plan: null
			},
			{ user: null, time: at(40), event: 'nobody', plan: 'ghost', price: 9, seen: 'z', first_plan: 'g' }
		];
		const { dataset } = await load(rows, columns, {});
		await buildDerived(duck, dataset);
		const props = ['plan', 'price', 'seen', 'first_plan'];
		const ref = asRef(rows, null, props);
		const pick = (which: 'first' | 'latest') => {
			const out: Record<string, unknown>[] = [];
			for (const user of ['a', 'b']) {
				const list = ref.filter((e) => e.user === user).sort(byTime);
				if (which === 'latest') list.reverse();
				const row: Record<string, unknown> = {};
				for (const p of props) row[p] = list.find((e) => e.props[p] !== null)?.props[p] ?? null;
				out.push(row);
			}
			return out;
		};
		const read = (table: string) =>
			duck.rows(
				`SELECT plan, price, seen, first_plan FROM ${table} JOIN users USING (__ukey) ORDER BY __user`
			);
		expect(read('users_first')).toEqual(pick('first'));
		expect(read('users_latest')).toEqual(pick('latest'));
		// Written out by hand, the same expectations:
		expect(read('users_latest')).toEqual([
			{ plan: 'team', price: 2.5, seen: 'x', first_plan: 'fp2' },
			{ plan: 'solo', price: 3, seen: null, first_plan: null }
		]);
		expect(read('users_first')[0]).toEqual({ plan: 'pro', price: 2.5, seen: 'y', first_plan: 'fp1' });
		const described = (table: string) =>
			duck.rows<{ name: string; type: string }>(
				`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${table})`
			);
		const expected = [
			{ name: '__ukey', type: 'INTEGER' },
			{ name: 'plan', type: 'VARCHAR' },
			{ name: 'price', type: 'DOUBLE' },
			{ name: 'seen', type: 'VARCHAR' },
			{ name: 'first_plan', type: 'VARCHAR' }
		];
		expect(described('users_first')).toEqual(expected);
		expect(described('users_latest')).toEqual(expected);
		expect(duck.rows(`SELECT __user, first_event, last_event FROM users ORDER BY __user`)).toEqual([
			{ __user: 'a', first_event: 'e0', last_event: 'e3' },
			{ __user: 'b', first_event: 'tie_first_in_file', last_event: 'tie_second_in_file' }
		]);
	});

	test('a dataset without a time column has users but no sessions', async () => {
		const rows: Row[] = [
			{ user: 'c1', income: 15, score: 39 },
			{ user: 'c2', income: 16, score: 81 },
			{ user: 'c1', income: 17, score: null }
		];
		const { dataset } = await load(rows, ['user', 'income', 'score'], { time: null, event: null });
		const summary = await buildDerived(duck, dataset);
		expect(summary).toEqual({ sessions: 0, users: 2, medianSessionSeconds: null, sessionSource: 'gap' });
		expect(
			duck.rows(
				`SELECT __user, events, sessions, active_days, first_seen, income, score FROM users JOIN users_latest USING (__ukey) ORDER BY __user`
			)
		).toEqual([
			{ __user: 'c1', events: 2, sessions: 0, active_days: 0, first_seen: null, income: 17, score: 39 },
			{ __user: 'c2', events: 1, sessions: 0, active_days: 0, first_seen: null, income: 16, score: 81 }
		]);
		expect(sessionOfRow()).toEqual([null, null, null]);
	});
});

describe('options', () => {
	const rows: Row[] = [
		{ user: 'a', time: '2025-01-01T00:00:00Z', event: 'x' },
		{ user: 'a', time: '2025-01-01T01:00:00Z', event: 'y' },
		{ user: 'b', time: '2025-01-01T00:00:00Z', event: 'z' }
	];

	test('another events table and a suffix build staged tables beside the current ones', async () => {
		const { dataset } = await load(rows, ['user', 'time', 'event'], {});
		const current = await buildDerived(duck, dataset);
		duck.exec(
			`DROP TABLE IF EXISTS events_copy; CREATE TABLE events_copy AS SELECT * EXCLUDE (__session) FROM events`
		);
		const staged = await buildDerived(duck, dataset, { events: 'events_copy', suffix: '__stage' });
		expect(staged).toEqual(current);
		for (const t of DERIVED_TABLES) {
			expect(duck.tableExists(t + '__stage')).toBe(true);
			const diff = duck.rows<{ n: number }>(
				`SELECT count(*)::INTEGER AS n FROM (SELECT * FROM "${t}" EXCEPT SELECT * FROM "${t}__stage")`
			)[0].n;
			expect(diff).toBe(0);
		}
		expect(duck.rows(`SELECT __session FROM events_copy ORDER BY __row`)).toEqual(
			duck.rows(`SELECT __session FROM events ORDER BY __row`)
		);
		for (const t of DERIVED_TABLES) duck.exec(`DROP TABLE "${t}__stage"`);
		duck.exec('DROP TABLE events_copy');
	});

	test('rebuilding replaces the session column; a cancelled rebuild leaves the earlier tables', async () => {
		const { dataset } = await load(rows, ['user', 'time', 'event'], {});
		expect((await buildDerived(duck, dataset)).sessions).toBe(3);
		expect((await buildDerived(duck, { ...dataset, sessionGapMinutes: 90 })).sessions).toBe(2);
		expect(sessionOfRow()).toEqual([0, 0, 1]);
		expect(
			duck.rows(`SELECT count(*)::INTEGER AS n FROM (DESCRIBE events) WHERE column_name = '__session'`)
		).toEqual([{ n: 1 }]);
		await expect(
			buildDerived(duck, { ...dataset, sessionGapMinutes: 30 }, { isCancelled: () => true })
		).rejects.toBeInstanceOf(CancelledError);
		expect(dbSessions().length).toBe(2);
		expect(sessionOfRow()).toEqual([0, 0, 1]);
		expect(duck.rows(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '__derived%'`)).toEqual(
			[]
		);
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

	function expectPerUser(summary: DerivedSummary, sessions: RefSession[]) {
		expect(summary.sessions).toBe(sessions.length);
		const perUser = new Map<string, number>();
		for (const s of sessions) perUser.set(s.user, (perUser.get(s.user) ?? 0) + 1);
		const db = duck.rows<{ u: string; n: number }>(`SELECT __user AS u, sessions AS n FROM users`);
		expect(db.length).toBe(new Set(ref.map((e) => e.user)).size);
		expect(new Map(db.map((r) => [r.u, r.n]))).toEqual(perUser);
		const durations = duck.rows<{ total: number; longest: number; events: number }>(
			`SELECT sum(duration_s) AS total, max(duration_s) AS longest, sum(events)::BIGINT AS events FROM sessions`
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
		expectPerUser(summary, referenceSessions(ref, 30, true));
	}, 60_000);

	test('sessions by the 30-minute gap match the reference, and users match their rows', async () => {
		const summary = await buildDerived(duck, { ...dataset, columns: { ...dataset.columns, session: null } });
		expect(summary.sessionSource).toBe('gap');
		const sessions = referenceSessions(ref, 30, false);
		expectPerUser(summary, sessions);
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
		const db = duck.rows<{
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
