/**
 * The vendor exports of test/fixtures/vendors read by hand (JSON.parse, papaparse) the way each vendor
 * documents them, and what Footfall must then report, worked out by SEMANTICS §1 and §9 without the engine.
 * Shared by the vendors-* tests.
 */
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Vendor } from '../../../src/lib/engine/layout.ts';
import type { ColumnMapping, TimeUnit } from '../../../src/lib/spec/types.ts';

/** One event read the way the vendor documents it. `time` is epoch milliseconds (sub-ms digits dropped). */
interface Ev {
	user: string | null;
	anon: string | null;
	time: number;
	event: string | null;
	id: string | null;
}

/** One record of an export, by field name. */
export type Rec = Record<string, unknown>;

const str = (v: unknown): string | null =>
	v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim();

function readJsonl(file: string): Rec[] {
	return readFileSync(file, 'utf8')
		.split('\n')
		.filter((l) => l.trim() !== '')
		.map((l) => JSON.parse(l) as Rec);
}

/** The rows of a CSV file with a header, by column name (papaparse; any parse error fails the test). */
export function readCsv(file: string): Record<string, string>[] {
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

/** A vendor fixture: its file, the vendor and mapping Footfall must detect, and the file read by hand. */
export interface Case {
	file: string;
	vendor: Vendor;
	mapping: Required<Omit<ColumnMapping, 'session'>>;
	timeUnit: TimeUnit;
	read(this: Case, file: string): Ev[];
}

/** The six vendor exports of test/fixtures/vendors. */
export const CASES: Case[] = [
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
export function expectedOf(events: Ev[], dedupeById: boolean) {
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
