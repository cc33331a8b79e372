// Shared by the derived-table tests (sessions and users, SEMANTICS §7): a DuckDB-WASM per test file, CSV
// fixtures written to a temp folder and ingested, and readers of what Footfall built. Call useDerivedDuck()
// at the top of a test file; `duck` is then the live database of that file.
import { beforeAll, expect } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { intlWallClock as wallClock } from './intl-wall-clock.ts';
import { createNodeDuck, nodeSource } from '../../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../../src/lib/engine/core.ts';
import type { Database } from '../../../src/lib/engine/duck.ts';
import type { DerivedSummary } from '../../../src/lib/engine/derived.ts';
import type { DatasetInput } from '../../../src/lib/engine/ingest/index.ts';
import type { ColumnMapping, DatasetSpec } from '../../../src/lib/spec/types.ts';
import type { RefSession } from './derived-reference.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export let duck: Database;
let tmp: string;

/** Opens this test file's database and temp folder before its tests. */
export function useDerivedDuck(): void {
	beforeAll(async () => {
		duck = await createNodeDuck();
		tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-derived-'));
	});
}

/** One fixture row; `null` becomes an empty CSV field. */
export type Row = Record<string, string | number | null>;

export function toCsv(rows: Row[], columns: string[]): string {
	const cell = (v: string | number | null) => (v === null ? '' : String(v));
	return (
		[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c] ?? null)).join(','))].join('\n') +
		'\n'
	);
}

export const iso = (ms: number) => new Date(ms).toISOString();

let fileNo = 0;
export async function load(
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

export const LOCAL = `'%Y-%m-%d %H:%M:%S'`;

export interface DbSession {
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

export async function dbSessions(suffix = ''): Promise<DbSession[]> {
	return await duck.rows<DbSession>(
		`SELECT __session AS session, __ukey AS ukey, __user AS user, nth, export_id, epoch_ms(start_time) AS start,
		   epoch_ms(end_time) AS "end", strftime(start_local, ${LOCAL}) AS start_local,
		   strftime(end_local, ${LOCAL}) AS end_local, duration_s, events, first_event, last_event
		 FROM "sessions${suffix}" ORDER BY __session`
	);
}

/** `__session` of every event, indexed by `__row` (the fixture row). */
export async function sessionOfRow(): Promise<(number | null)[]> {
	return (await duck.rows<{ s: number | null }>(`SELECT __session AS s FROM events ORDER BY __row`)).map(
		(r) => r.s
	);
}

/**
 * Checks the built sessions against the reference: the same partition of events, the same figures per
 * session, numbers 0..n-1 in (user key, start, first row) order and `nth` counting a user's sessions.
 */
export async function expectSessions(ref: RefSession[], timeZone: string, summary: DerivedSummary) {
	const db = await dbSessions();
	expect(summary.sessions).toBe(ref.length);
	expect(db.length).toBe(ref.length);
	const ofRow = await sessionOfRow();
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
