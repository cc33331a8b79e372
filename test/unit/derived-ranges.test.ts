// Sessions built a range of users at a time (derived.ts ROWS_PER_RANGE; issue 14: 10M events in DuckDB-WASM's
// 4 GB): splitting the users changes no number. Each split build is compared with the plain reference
// (support/derived-reference.ts) and with the one-pass build of the same file, table by table.
import { describe, expect, test } from 'vitest';
import { buildDerived } from '../../src/lib/engine/derived.ts';
import { keyRanges } from '../../src/lib/engine/derived-sessions.ts';
import { CancelledError, type Database } from '../../src/lib/engine/duck.ts';
import { Rng } from '../../src/lib/demo/rng.ts';
import {
	DAY,
	MINUTE,
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

/**
 * 300 users with 1 to 12 events each over a week: ties, gaps of exactly 30 minutes and just over, a plan
 * filled on some events only, a few rows without a user, some with the export's session id (empty or -1 on
 * others), in shuffled file order.
 */
function manyUsers(seed: number): Row[] {
	const rng = new Rng(seed);
	const steps = [0, 1000, 5 * MINUTE, 30 * MINUTE, 30 * MINUTE + 1000, 4 * 60 * MINUTE, DAY];
	const rows: Row[] = [];
	for (let u = 0; u < 300; u++) {
		let t = Date.parse('2025-06-02T00:00:00Z') + Math.floor(rng.next() * 7 * DAY);
		const n = 1 + Math.floor(rng.next() * 12);
		for (let i = 0; i < n; i++) {
			t += steps[Math.floor(rng.next() * steps.length)];
			const r = rng.next();
			rows.push({
				user: rng.next() < 0.03 ? null : `u${String(u).padStart(3, '0')}`,
				time: iso(t),
				event: `e${rows.length % 17}`,
				plan: rng.next() < 0.4 ? `p${Math.floor(rng.next() * 3)}` : null,
				sid: r < 0.5 ? null : r < 0.6 ? '-1' : `s${Math.floor(rng.next() * 3)}`
			});
		}
	}
	for (let i = rows.length - 1; i > 0; i--) {
		const j = Math.floor(rng.next() * (i + 1));
		[rows[i], rows[j]] = [rows[j], rows[i]];
	}
	return rows;
}

/** Everything buildDerived wrote, as plain rows in a fixed order, to compare two builds. */
async function built() {
	const all = (sql: string) => duck.rows(sql);
	return {
		sessions: await all(`SELECT * FROM sessions ORDER BY __session`),
		users: await all(`SELECT * FROM users ORDER BY __ukey`),
		first: await all(`SELECT * FROM users_first ORDER BY __ukey`),
		latest: await all(`SELECT * FROM users_latest ORDER BY __ukey`),
		events: await sessionOfRow()
	};
}

const columns = ['user', 'time', 'event', 'plan', 'sid'];

describe('sessions a range of users at a time', () => {
	test('the ranges cover every user once, in key order, each about the rows asked for', async () => {
		const rows = manyUsers(1);
		await load(rows, columns, {});
		const perUser = new Map<string, number>();
		for (const r of rows)
			if (r.user !== null) perUser.set(String(r.user), (perUser.get(String(r.user)) ?? 0) + 1);
		const keyOf = new Map(
			(await duck.rows<{ k: number; u: string }>(`SELECT DISTINCT __ukey AS k, __user AS u FROM events`)).map(
				(r) => [r.u, r.k]
			)
		);
		const most = Math.max(...perUser.values());
		const ranges = await keyRanges(duck, 'events', 40, {});
		expect(ranges.length).toBeGreaterThan(10);
		expect(ranges[0].after).toBeNull();
		expect(ranges[ranges.length - 1].upTo).toBeNull();
		for (let i = 1; i < ranges.length; i++) expect(ranges[i].after).toBe(ranges[i - 1].upTo);
		const inRange = (k: number, r: (typeof ranges)[number]) =>
			(r.after === null || k > r.after) && (r.upTo === null || k <= r.upTo);
		let total = 0;
		for (const r of ranges) {
			const n = [...perUser].filter(([u]) => inRange(keyOf.get(u)!, r)).reduce((s, [, c]) => s + c, 0);
			expect(n).toBeGreaterThan(0);
			expect(n).toBeLessThan(40 + most);
			total += n;
		}
		expect(total).toBe(rows.filter((r) => r.user !== null).length);
		expect(await keyRanges(duck, 'events', rows.length, {})).toEqual([{ after: null, upTo: null }]);
		await expect(keyRanges(duck, 'events', 0, {})).rejects.toThrow(/above 0/);
	});

	test.each([
		['the gap rule', null],
		['the export session id', 'sid']
	])('%s: any split gives the one-pass tables and the reference sessions', async (_name, sid) => {
		const rows = manyUsers(2);
		const { dataset } = await load(rows, columns, { session: sid });
		const ref = referenceSessions(asRef(rows, sid), 30, sid !== null);
		expect(ref.length).toBeGreaterThan(500);
		const onePass = await buildDerived(duck, dataset);
		await expectSessions(ref, 'UTC', onePass);
		const whole = await built();
		for (const rowsPerRange of [40, 300]) {
			const split = await buildDerived(duck, dataset, { rowsPerRange });
			expect(split).toEqual(onePass);
			await expectSessions(ref, 'UTC', split);
			expect(await built()).toEqual(whole);
		}
		const perUser = new Map<string, number>();
		for (const s of ref) perUser.set(s.user, (perUser.get(s.user) ?? 0) + 1);
		const users = await duck.rows<{ u: string; n: number }>(`SELECT __user AS u, sessions AS n FROM users`);
		expect(new Map(users.map((r) => [r.u, r.n]))).toEqual(perUser);
	});

	test('cancelled between two slices of the session column, `events` keeps its earlier sessions', async () => {
		const { dataset } = await load(manyUsers(3), columns, {});
		await buildDerived(duck, dataset);
		const before = await sessionOfRow();
		let updates = 0;
		let cancel = false;
		// The same database, but the second UPDATE of `events` (a later slice) asks for a cancel.
		const watched = new Proxy(duck, {
			get(target, key) {
				const value = Reflect.get(target, key) as unknown;
				if (key !== 'exec' || typeof value !== 'function') {
					return typeof value === 'function' ? value.bind(target) : value;
				}
				return (sql: string, opts?: object) => {
					if (/^\s*UPDATE/.test(sql) && ++updates === 2) cancel = true;
					return target.exec(sql, opts);
				};
			}
		}) as Database;
		await expect(
			buildDerived(
				watched,
				{ ...dataset, sessionGapMinutes: 5 },
				{ rowsPerRange: 50, isCancelled: () => cancel }
			)
		).rejects.toBeInstanceOf(CancelledError);
		expect(updates).toBe(2);
		expect(await sessionOfRow()).toEqual(before);
		expect(
			await duck.rows(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '__derived%'`)
		).toEqual([]);
	});
});
