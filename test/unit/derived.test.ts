// Sessions (SEMANTICS §7): cut by the inactivity gap and taken from the export's session id, each compared
// with the plain reference in support/derived-reference.ts.
import { describe, expect, test } from 'vitest';
import { buildDerived } from '../../src/lib/engine/derived.ts';
import { Rng } from '../../src/lib/demo/rng.ts';
import {
	DAY,
	HOUR,
	MINUTE,
	dbSessions,
	duck,
	expectSessions,
	iso,
	load,
	sessionOfRow,
	useDerivedDuck,
	type Row
} from './support/derived-fixture.ts';
import { asRef, referenceSessions } from './support/derived-reference.ts';

useDerivedDuck();

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
		const db = await dbSessions();
		expect(
			db.map((s) => [s.user, s.nth, s.events, s.first_event, s.last_event, s.duration_s, s.export_id])
		).toEqual([
			['a', 1, 1, 'earlier_in_file_later', 'earlier_in_file_later', 0, null],
			['a', 2, 2, 'open', 'exactly_30', 1800, null],
			['a', 3, 3, 'after_30m1s', 'fifteen_later', 15 * 60, null],
			['b', 1, 1, 'only', 'only', 0, null]
		]);
		expect(await sessionOfRow()).toEqual([1, 1, 2, 2, 3, null, 2, 0]);
		expect(summary).toEqual({
			sessions: 4,
			users: 2,
			medianSessionSeconds: (0 + 900) / 2,
			sessionSource: 'gap'
		});
		await expectSessions(referenceSessions(asRef(rows), 30, false), 'UTC', summary);
	});

	test('a custom gap moves the boundary', async () => {
		const { dataset } = await load(rows, ['user', 'time', 'event'], {}, { sessionGapMinutes: 15 });
		expect(dataset.sessionGapMinutes).toBe(15);
		const summary = await buildDerived(duck, dataset);
		// Exactly 15 minutes (tie_second → fifteen_later) stays together; 30 minutes splits.
		expect((await dbSessions()).map((s) => [s.user, s.events])).toEqual([
			['a', 1],
			['a', 1],
			['a', 1],
			['a', 3],
			['b', 1]
		]);
		await expectSessions(referenceSessions(asRef(rows), 15, false), 'UTC', summary);
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
		await expectSessions(ref, timeZone, summary);
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
		expect(
			(await dbSessions()).map((s) => [s.user, s.export_id, s.events, s.first_event, s.last_event])
		).toEqual([
			['a', 'S1', 2, 's1_start', 's1_end'],
			['a', 'S2', 1, 's2_only', 's2_only'],
			['a', null, 2, 'none_1', 'minus_one'],
			['a', null, 1, 'none_2', 'none_2'],
			['b', 'S1', 2, 'b_s1', 'b_s1_again']
		]);
		await expectSessions(referenceSessions(asRef(rows, 'sid'), 30, true), 'UTC', summary);
	});

	test('a numeric session id column with -1 for "no session" (Amplitude)', async () => {
		const code: Record<string, number> = { S1: 1700000000000, S2: 1700000000001 };
		const numeric = rows.map((r) => ({ ...r, sid: code[String(r.sid)] ?? -1 }));
		const { dataset } = await load(numeric, ['user', 'time', 'event', 'sid'], { session: 'sid' });
		// A session column is an identity: text exactly as written (SEMANTICS §1), even when every value is a number.
		expect((await duck.rows<{ t: string }>(`SELECT typeof(sid) AS t FROM events LIMIT 1`))[0].t).toBe(
			'VARCHAR'
		);
		const summary = await buildDerived(duck, dataset);
		expect((await dbSessions()).map((s) => s.export_id)).toEqual([
			'1700000000000',
			'1700000000001',
			null,
			null,
			'1700000000000'
		]);
		await expectSessions(referenceSessions(asRef(numeric, 'sid'), 30, true), 'UTC', summary);
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
		await expectSessions(referenceSessions(asRef(rows, 'sid'), 30, true), 'UTC', summary);
	});
});
