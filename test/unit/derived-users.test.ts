// The users table (SEMANTICS §7): first/last seen, local days, counts per user, compared with plain TypeScript
// over the same fixture rows.
import { intlWallClock as wallClock } from './support/intl-wall-clock.ts';
import { describe, expect, test } from 'vitest';
import { buildDerived } from '../../src/lib/engine/derived.ts';
import { Rng } from '../../src/lib/demo/rng.ts';
import {
	DAY,
	HOUR,
	MINUTE,
	LOCAL,
	dbSessions,
	duck,
	iso,
	load,
	sessionOfRow,
	useDerivedDuck,
	type Row
} from './support/derived-fixture.ts';
import { asRef, byTime, referenceSessions, type RefEvent } from './support/derived-reference.ts';

useDerivedDuck();

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
		expect(await dbUsers()).toEqual([...ref.values()]);
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
		expect(await dbUsers()).toEqual([...referenceUsers(asRef(rows), 'Europe/London', 30).values()]);
		expect((await dbUsers())[0].first_local).toBe('2025-10-26 01:50:00');
		expect((await dbUsers())[0].last_local).toBe('2025-10-26 01:10:00');
		expect((await dbSessions())[0].start_local).toBe('2025-10-26 01:50:00');
		expect((await dbSessions())[0].end_local).toBe('2025-10-26 01:10:00');
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
		expect(await read('users_first')).toEqual(pick('first'));
		expect(await read('users_latest')).toEqual(pick('latest'));
		// Written out by hand, the same expectations:
		expect(await read('users_latest')).toEqual([
			{ plan: 'team', price: 2.5, seen: 'x', first_plan: 'fp2' },
			{ plan: 'solo', price: 3, seen: null, first_plan: null }
		]);
		expect((await read('users_first'))[0]).toEqual({ plan: 'pro', price: 2.5, seen: 'y', first_plan: 'fp1' });
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
		expect(await described('users_first')).toEqual(expected);
		expect(await described('users_latest')).toEqual(expected);
		expect(await duck.rows(`SELECT __user, first_event, last_event FROM users ORDER BY __user`)).toEqual([
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
			await duck.rows(
				`SELECT __user, events, sessions, active_days, first_seen, income, score FROM users JOIN users_latest USING (__ukey) ORDER BY __user`
			)
		).toEqual([
			{ __user: 'c1', events: 2, sessions: 0, active_days: 0, first_seen: null, income: 17, score: 39 },
			{ __user: 'c2', events: 1, sessions: 0, active_days: 0, first_seen: null, income: 16, score: 81 }
		]);
		expect(await sessionOfRow()).toEqual([null, null, null]);
	});
});
