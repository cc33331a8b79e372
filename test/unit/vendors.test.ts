/**
 * End-to-end ingest of each vendor's export layout. Every expected figure is worked out here from the fixture
 * file itself (JSON.parse, papaparse) and the vendor's documented semantics, never from the engine.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import type { Vendor } from '../../src/lib/engine/layout.ts';
import type { IngestReport } from '../../src/lib/engine/ingest/report.ts';
import type { ColumnMapping, TimeUnit } from '../../src/lib/spec/types.ts';
import { ident, literal } from '../../src/lib/sql/quote.ts';

const VENDORS = fileURLToPath(new URL('../fixtures/vendors/', import.meta.url));

let duck: Database;
let tmp: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-vendors-'));
});
afterAll(async () => {
	await rm(tmp, { recursive: true, force: true });
});

async function ingest(...files: string[]): Promise<IngestReport> {
	const core = new EngineCore(duck);
	return core.ingest(await Promise.all(files.map((f) => nodeSource(f))), {});
}

/** One event read the way the vendor documents it. `time` is epoch milliseconds (sub-ms digits dropped). */
interface Ev {
	user: string | null;
	anon: string | null;
	time: number;
	event: string | null;
	id: string | null;
}

type Rec = Record<string, unknown>;

const str = (v: unknown): string | null =>
	v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim();

function readJsonl(file: string): Rec[] {
	return readFileSync(file, 'utf8')
		.split('\n')
		.filter((l) => l.trim() !== '')
		.map((l) => JSON.parse(l) as Rec);
}

function readCsv(file: string): Record<string, string>[] {
	const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), {
		header: true,
		skipEmptyLines: true
	});
	expect(parsed.errors).toEqual([]);
	return parsed.data;
}

/** `2023-11-14 23:03:14.148000`, `2023-11-14T23:03:14.148Z`: these vendors write UTC, with or without the Z. */
function utc(text: unknown): number {
	const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z?$/.exec(String(text));
	if (!m) throw new Error(`not a UTC time: ${String(text)}`);
	const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
	return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms);
}

/** A flat export read by the column names of its expected mapping; times are UTC text. */
function flat(rows: Rec[], m: Case['mapping']): Ev[] {
	return rows.map((r) => ({
		user: str(r[m.user]),
		anon: m.anonymous ? str(r[m.anonymous]) : null,
		time: utc(r[m.time!]),
		event: str(r[m.event!]),
		id: m.id ? str(r[m.id]) : null
	}));
}

interface Case {
	file: string;
	vendor: Vendor;
	mapping: Required<Omit<ColumnMapping, 'session'>>;
	timeUnit: TimeUnit;
	read(this: Case, file: string): Ev[];
}

const CASES: Case[] = [
	{
		file: 'posthog.csv',
		vendor: 'posthog',
		// PostHog counts persons: person_id already joins a person's anonymous and identified distinct_ids.
		mapping: { user: 'person_id', time: 'timestamp', event: 'event', id: 'uuid', anonymous: null },
		timeUnit: 'auto',
		read(f) {
			return flat(readCsv(f), this.mapping);
		}
	},
	{
		file: 'mixpanel.jsonl',
		vendor: 'mixpanel',
		// Simplified ID Merge: $user_id once signed in, joined to earlier events through $device_id.
		mapping: {
			user: 'properties.$user_id',
			time: 'properties.time',
			event: 'event',
			id: 'properties.$insert_id',
			anonymous: 'properties.$device_id'
		},
		timeUnit: 's',
		read: (f) =>
			readJsonl(f).map((r) => {
				const p = r.properties as Rec;
				return {
					user: str(p.$user_id),
					anon: str(p.$device_id),
					time: (p.time as number) * 1000,
					event: str(r.event),
					id: str(p.$insert_id)
				};
			})
	},
	{
		file: 'amplitude.jsonl',
		vendor: 'amplitude',
		mapping: { user: 'user_id', time: 'event_time', event: 'event_type', id: 'uuid', anonymous: 'device_id' },
		timeUnit: 'auto',
		read(f) {
			return flat(readJsonl(f), this.mapping);
		}
	},
	{
		file: 'segment.jsonl',
		vendor: 'segment',
		mapping: { user: 'userId', time: 'timestamp', event: 'event', id: 'messageId', anonymous: 'anonymousId' },
		timeUnit: 'auto',
		read(f) {
			return flat(readJsonl(f), this.mapping);
		}
	},
	{
		file: 'ga4.jsonl',
		vendor: 'ga4',
		mapping: {
			user: 'user_id',
			time: 'event_timestamp',
			event: 'event_name',
			id: null,
			anonymous: 'user_pseudo_id'
		},
		timeUnit: 'us',
		read: (f) =>
			readJsonl(f).map((r) => ({
				user: str(r.user_id),
				anon: str(r.user_pseudo_id),
				time: Math.floor((r.event_timestamp as number) / 1000),
				event: str(r.event_name),
				id: null
			}))
	},
	{
		file: 'snowplow.csv',
		vendor: 'snowplow',
		mapping: {
			user: 'user_id',
			time: 'derived_tstamp',
			event: 'event_name',
			id: 'event_id',
			anonymous: 'domain_userid'
		},
		timeUnit: 'auto',
		read(f) {
			return flat(readCsv(f), this.mapping);
		}
	}
];

/**
 * SEMANTICS §1 and §9 by hand: dedupe keeps the first row of each event id; each anonymous id maps to the
 * first user it was seen with (by time, then file order); rows with no user take that user or keep the
 * anonymous id.
 */
function expectedOf(events: Ev[], dedupeById: boolean) {
	const seen = new Set<string>();
	const kept: Ev[] = [];
	let duplicates = 0;
	for (const e of events) {
		if (dedupeById && e.id !== null) {
			if (seen.has(e.id)) {
				duplicates++;
				continue;
			}
			seen.add(e.id);
		}
		kept.push(e);
	}
	const links = new Map<string, string>();
	const linkedUsers = new Map<string, Set<string>>();
	const byTime = kept.map((e, i) => ({ e, i })).sort((a, b) => a.e.time - b.e.time || a.i - b.i);
	for (const { e } of byTime) {
		if (e.anon === null || e.user === null) continue;
		if (!links.has(e.anon)) links.set(e.anon, e.user);
		linkedUsers.set(e.anon, (linkedUsers.get(e.anon) ?? new Set()).add(e.user));
	}
	const resolve = (e: Ev) => e.user ?? (e.anon === null ? null : (links.get(e.anon) ?? e.anon));
	const times = kept.map((e) => e.time);
	const names = new Set(kept.map((e) => e.event));
	return {
		rows: kept.length,
		duplicates,
		users: new Set(kept.map(resolve).filter((u) => u !== null)).size,
		noUser: kept.filter((e) => resolve(e) === null).length,
		// A row with no event name still counts as an event; all such rows share one name.
		events: names.size,
		firstTime: new Date(Math.min(...times)).toISOString(),
		lastTime: new Date(Math.max(...times)).toISOString(),
		rowsByUser: kept.map((e) => `${resolve(e)}|${e.time}|${e.event}`).sort(),
		/** What each anonymous id of a row without a user becomes. */
		anonymousRows: new Map(
			kept.filter((e) => e.user === null && e.anon !== null).map((e) => [e.anon!, resolve(e)!])
		),
		identity: {
			linkedAnonymousIds: links.size,
			mergedRows: kept.filter((e) => e.user === null && e.anon !== null && links.has(e.anon)).length,
			conflicts: [...linkedUsers.values()].filter((s) => s.size > 1).length
		}
	};
}

/** What `events` holds, in the same terms: the raw event column tells a missing name from a real one. */
async function engineRowsByUser(eventColumn: string): Promise<string[]> {
	const raw = ident(eventColumn);
	return (
		await duck.rows<{ u: string | null; t: number; e: string | null }>(
			`SELECT __user AS u, epoch_ms(__time)::DOUBLE AS t,
			   CASE WHEN NULLIF(trim(CAST(${raw} AS VARCHAR)), '') IS NULL THEN NULL ELSE __event END AS e
			 FROM events`
		)
	)
		.map((r) => `${r.u}|${r.t}|${r.e}`)
		.sort();
}

async function engineAnonymousRows(userColumn: string): Promise<Map<string, string>> {
	const rows = await duck.rows<{ a: string; u: string }>(
		`SELECT DISTINCT __anon AS a, __user AS u FROM events
		 WHERE NULLIF(trim(CAST(${ident(userColumn)} AS VARCHAR)), '') IS NULL AND __anon IS NOT NULL`
	);
	return new Map(rows.map((r) => [r.a, r.u]));
}

describe('each vendor export, end to end', () => {
	for (const c of CASES) {
		it(`${c.vendor}: layout, counts, time range and identities match the file read by hand`, async () => {
			const file = path.join(VENDORS, c.file);
			const want = expectedOf(c.read(file), c.mapping.id !== null);
			const report = await ingest(file);

			expect(report.vendor).toBe(c.vendor);
			expect(report.mapping).toMatchObject(c.mapping);
			expect(report.dataset.timeUnit).toBe(c.timeUnit);
			expect(report.dataset.dedupe).toBe(c.mapping.id ? 'id' : 'none');
			expect(report.rejected).toBe(0);
			expect(report.loadedRows).toBe(c.read(file).length);
			expect(report.rows).toBe(want.rows);
			expect(report.duplicates).toBe(want.duplicates);
			expect(report.users).toBe(want.users);
			expect(report.noUser).toBe(want.noUser);
			expect(report.events).toBe(want.events);
			expect(report.firstTime).toBe(want.firstTime);
			expect(report.lastTime).toBe(want.lastTime);
			expect(await engineRowsByUser(c.mapping.event!)).toEqual(want.rowsByUser);

			if (c.mapping.anonymous) {
				// The fixture has visitors who browse anonymously and then sign in on the same device.
				const linked = [...want.anonymousRows].filter(([anon, user]) => anon !== user);
				expect(linked.length).toBeGreaterThan(0);
				expect(await engineAnonymousRows(c.mapping.user)).toEqual(want.anonymousRows);
				expect(report.identity).toMatchObject(want.identity);
			} else {
				expect(report.identity).toBeNull();
			}
		});
	}

	it('posthog: a person’s anonymous distinct_id rows belong to that person', async () => {
		const file = path.join(VENDORS, 'posthog.csv');
		const rows = readCsv(file);
		const personOf = new Map(rows.map((r) => [r.distinct_id, r.person_id]));
		const idsPerPerson = new Map<string, Set<string>>();
		for (const r of rows)
			idsPerPerson.set(r.person_id, (idsPerPerson.get(r.person_id) ?? new Set()).add(r.distinct_id));
		expect([...idsPerPerson.values()].some((ids) => ids.size > 1)).toBe(true);

		await ingest(file);
		const got = await duck.rows<{ d: string; u: string }>(
			`SELECT DISTINCT distinct_id AS d, __user AS u FROM events`
		);
		expect(new Map(got.map((r) => [r.d, r.u]))).toEqual(personOf);
	});

	for (const c of CASES) {
		it(`${c.vendor}: a repeated row is ${c.mapping.id ? 'dropped by its event id' : 'kept (no event id)'}`, async () => {
			const source = path.join(VENDORS, c.file);
			const lines = readFileSync(source, 'utf8').split('\n');
			const repeated = c.file.endsWith('.csv') ? lines[2] : lines[1];
			const copy = path.join(tmp, `repeat-${c.file}`);
			await writeFile(copy, lines.filter((l) => l !== '').join('\n') + '\n' + repeated + '\n');
			const events = c.read(copy);
			expect(events.length).toBe(c.read(source).length + 1);
			const want = expectedOf(events, c.mapping.id !== null);
			expect(want.duplicates).toBe(c.mapping.id ? 1 : 0);

			const report = await ingest(copy);
			expect(report.loadedRows).toBe(events.length);
			expect(report.duplicates).toBe(want.duplicates);
			expect(report.rows).toBe(want.rows);
			expect(report.users).toBe(want.users);
			// The repeated row is an anonymous one: a dropped copy must not count as merged.
			if (c.mapping.anonymous) {
				expect(events[events.length - 1]).toMatchObject({ user: null });
				expect(report.identity).toMatchObject(want.identity);
			}
		});
	}
});

describe('the same export in other containers', () => {
	/** The report minus what names the files on disk. */
	function content(r: IngestReport) {
		const { files, dataset, ...rest } = r;
		return {
			...rest,
			dataset: { ...dataset, files: [] },
			files: files.map(({ rows, rejected }) => ({ rows, rejected }))
		};
	}

	it('a gzipped Mixpanel export gives the same report as the plain one', async () => {
		const plain = path.join(VENDORS, 'mixpanel.jsonl');
		const gz = path.join(tmp, 'mixpanel.jsonl.gz');
		await writeFile(gz, gzipSync(readFileSync(plain)));
		const a = await ingest(plain);
		const b = await ingest(gz);
		expect(b.files[0]).toMatchObject({ name: 'mixpanel.jsonl.gz', format: 'jsonl' });
		expect(content(b)).toEqual(content(a));
	});

	it('PostHog written as Parquet by native DuckDB gives the same rows, users and time range', async () => {
		const csv = path.join(VENDORS, 'posthog.csv');
		const parquet = path.join(tmp, 'posthog.parquet');
		const native = await (await DuckDBInstance.create(':memory:')).connect();
		try {
			await native.run(
				`COPY (SELECT * FROM read_csv(${literal(csv)})) TO ${literal(parquet)} (FORMAT parquet)`
			);
		} finally {
			native.closeSync();
		}
		const want = expectedOf(CASES[0].read(csv), true);
		const report = await ingest(parquet);
		expect(report.files[0].format).toBe('parquet');
		expect(report.vendor).toBe('posthog');
		expect(report.mapping).toMatchObject(CASES[0].mapping);
		expect(report.rows).toBe(want.rows);
		expect(report.users).toBe(want.users);
		expect(report.events).toBe(want.events);
		expect(report.firstTime).toBe(want.firstTime);
		expect(report.lastTime).toBe(want.lastTime);
		expect(await engineRowsByUser('event')).toEqual(want.rowsByUser);
	});

	it('Segment split into daily files gives the same totals and identities as the single file', async () => {
		const single = path.join(VENDORS, 'segment.jsonl');
		const byDay = new Map<string, string[]>();
		for (const line of readFileSync(single, 'utf8').split('\n')) {
			if (line.trim() === '') continue;
			const day = String((JSON.parse(line) as Rec).timestamp).slice(0, 10);
			byDay.set(day, [...(byDay.get(day) ?? []), line]);
		}
		expect(byDay.size).toBeGreaterThan(5);
		const files: string[] = [];
		for (const [day, lines] of [...byDay].sort()) {
			const f = path.join(tmp, `segment-${day}.jsonl`);
			await writeFile(f, lines.join('\n') + '\n');
			files.push(f);
		}
		const segment = CASES.find((c) => c.vendor === 'segment')!;
		const want = expectedOf(segment.read(single), true);

		const report = await ingest(...files);
		expect(report.files.map((f) => f.rows)).toEqual([...byDay].sort().map(([, lines]) => lines.length));
		expect(report.vendor).toBe('segment');
		expect(report.mapping).toMatchObject(segment.mapping);
		expect(report.rows).toBe(want.rows);
		expect(report.duplicates).toBe(want.duplicates);
		expect(report.users).toBe(want.users);
		expect(report.events).toBe(want.events);
		expect(report.firstTime).toBe(want.firstTime);
		expect(report.lastTime).toBe(want.lastTime);
		expect(report.identity).toMatchObject(want.identity);
		expect(await engineRowsByUser('event')).toEqual(want.rowsByUser);
		expect(await engineAnonymousRows('userId')).toEqual(want.anonymousRows);
	});
});
