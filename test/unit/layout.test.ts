import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, openAsBlob, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VENDOR_LABELS, detectLayout, type ColumnInfo } from '../../src/lib/engine/layout.ts';
import { previewColumnInfo, sniffFile } from '../../src/lib/engine/sniff.ts';
import { ident, literal } from '../../src/lib/sql/quote.ts';

const VENDORS = fileURLToPath(new URL('../fixtures/vendors/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const DATA = path.resolve('test/fixtures/data');
const CDNOW = path.join(DATA, 'cdnow/CDNOW_master.txt');
const RETAIL = path.join(DATA, 'online-retail/online_retail.csv.gz');
const MALL = path.join(DATA, 'mall-customers/Mall_Customers.csv');

let conn: DuckDBConnection;
let tmp: string;

beforeAll(async () => {
	const db = await DuckDBInstance.create(':memory:');
	conn = await db.connect();
	tmp = mkdtempSync(path.join(tmpdir(), 'footfall-layout-'));
});

afterAll(() => {
	conn?.closeSync();
	rmSync(tmp, { recursive: true, force: true });
});

/** What ingest will hand detectLayout: native DuckDB's types, first non-null values and exact counts. */
async function duckColumns(from: string): Promise<ColumnInfo[]> {
	const desc = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`);
	const out: ColumnInfo[] = [];
	for (const [name, type] of desc.getRowsJS() as [string, string][]) {
		const col = ident(name);
		const sample = await conn.runAndReadAll(`SELECT ${col} FROM ${from} WHERE ${col} IS NOT NULL LIMIT 50`);
		const stats = await conn.runAndReadAll(
			`SELECT count(*)::INT, count(DISTINCT ${col})::INT, (count(*) - count(${col}))::INT FROM ${from}`
		);
		const [rows, distinct, nulls] = stats.getRowsJS()[0] as number[];
		out.push({ name, type, sample: sample.getRowsJS().map((r) => r[0]), distinct, nulls, rows });
	}
	return out;
}

async function previewColumns(file: string): Promise<ColumnInfo[]> {
	const preview = await sniffFile(await openAsBlob(file), path.basename(file));
	expect(preview.error).toBeUndefined();
	return previewColumnInfo(preview);
}

const col = (name: string, type: string, sample: unknown[], extra: Partial<ColumnInfo> = {}): ColumnInfo => ({
	name,
	type,
	sample,
	...extra
});

describe('detectLayout on the vendor fixtures', () => {
	it('PostHog: person_id (merged persons) is the user, uuid the event id', async () => {
		const g = detectLayout(await previewColumns(path.join(VENDORS, 'posthog.csv')));
		expect(g.vendor).toBe('posthog');
		expect(g.mapping).toEqual({
			user: 'person_id',
			time: 'timestamp',
			event: 'event',
			id: 'uuid',
			anonymous: null,
			session: '$session_id'
		});
		expect(g).toMatchObject({ timeUnit: 'auto', dedupe: 'id', timeFormat: 'timestamp' });
		expect(g.notes[0]).toBe('Looks like a PostHog export (distinct_id, event, timestamp, uuid)');
	});

	it('PostHog without person ids falls back to distinct_id', () => {
		const g = detectLayout([
			col('uuid', 'UUID', ['a', 'b']),
			col('event', 'VARCHAR', ['$pageview', '$pageview']),
			col('timestamp', 'TIMESTAMP WITH TIME ZONE', []),
			col('distinct_id', 'VARCHAR', ['x', 'y']),
			col('person_id', 'VARCHAR', [], { rows: 10, nulls: 10, distinct: 0 })
		]);
		expect(g.vendor).toBe('posthog');
		expect(g.mapping.user).toBe('distinct_id');
	});

	it('Mixpanel (simplified ID merge): $user_id as user, $device_id as anonymous, seconds, $insert_id', async () => {
		const g = detectLayout(await previewColumns(path.join(VENDORS, 'mixpanel.jsonl')));
		expect(g.vendor).toBe('mixpanel');
		expect(g.mapping).toEqual({
			user: 'properties.$user_id',
			time: 'properties.time',
			event: 'event',
			id: 'properties.$insert_id',
			anonymous: 'properties.$device_id',
			session: null
		});
		expect(g).toMatchObject({ timeUnit: 's', dedupe: 'id', timeFormat: 'epoch' });
		expect(g.notes[0]).toMatch(
			/^Looks like a Mixpanel export \(event, properties\.distinct_id, properties\.time/
		);
	});

	it('Amplitude: user_id with device_id as anonymous, uuid as id (event_id is a per-device counter)', async () => {
		const g = detectLayout(await previewColumns(path.join(VENDORS, 'amplitude.jsonl')));
		expect(g.vendor).toBe('amplitude');
		expect(g.mapping).toEqual({
			user: 'user_id',
			time: 'event_time',
			event: 'event_type',
			id: 'uuid',
			anonymous: 'device_id',
			session: 'session_id'
		});
		expect(g).toMatchObject({ timeUnit: 'auto', dedupe: 'id' });
		expect(g.notes[0]).toMatch(/^Looks like an Amplitude export/);
	});

	it('Amplitude without uuid uses $insert_id, then insert_id', () => {
		const base = [
			col('event_type', 'VARCHAR', ['Login']),
			col('event_time', 'VARCHAR', ['2023-11-14 22:13:20.123000']),
			col('user_id', 'VARCHAR', ['u1']),
			col('device_id', 'VARCHAR', ['d1'])
		];
		expect(detectLayout([...base, col('$insert_id', 'VARCHAR', ['i1'])]).mapping.id).toBe('$insert_id');
		expect(detectLayout([...base, col('insert_id', 'VARCHAR', ['i1'])]).mapping.id).toBe('insert_id');
		const g = detectLayout(base);
		expect(g.mapping.id).toBeNull();
		expect(g.dedupe).toBe('none');
		expect(g.timeFormat).toBe('text');
	});

	it('Segment: userId with anonymousId, messageId as id', async () => {
		const g = detectLayout(await previewColumns(path.join(VENDORS, 'segment.jsonl')));
		expect(g.vendor).toBe('segment');
		expect(g.mapping).toEqual({
			user: 'userId',
			time: 'timestamp',
			event: 'event',
			id: 'messageId',
			anonymous: 'anonymousId',
			session: null
		});
		expect(g).toMatchObject({ timeUnit: 'auto', dedupe: 'id' });
	});

	it('Segment warehouse tables (snake_case) are Segment too', () => {
		const g = detectLayout([
			col('message_id', 'VARCHAR', ['m1']),
			col('anonymous_id', 'VARCHAR', ['a1']),
			col('user_id', 'VARCHAR', ['u1']),
			col('event', 'VARCHAR', ['order_completed']),
			col('timestamp', 'TIMESTAMP', [])
		]);
		expect(g.vendor).toBe('segment');
		expect(g.mapping).toMatchObject({ user: 'user_id', anonymous: 'anonymous_id', id: 'message_id' });
	});

	it('GA4: user_id is the user even when mostly null, user_pseudo_id the anonymous id, µs, no event id', async () => {
		const file = path.join(VENDORS, 'ga4.jsonl');
		const records = readFileSync(file, 'utf8')
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l) as { user_id: string | null });
		expect(records.filter((r) => r.user_id === null).length).toBeGreaterThan(records.length / 2);
		const g = detectLayout(await previewColumns(file));
		expect(g.vendor).toBe('ga4');
		expect(g.mapping).toEqual({
			user: 'user_id',
			time: 'event_timestamp',
			event: 'event_name',
			id: null,
			anonymous: 'user_pseudo_id',
			session: null
		});
		expect(g).toMatchObject({ timeUnit: 'us', dedupe: 'none', timeFormat: 'epoch' });
	});

	it('GA4 without a user_id column counts users by user_pseudo_id', () => {
		const g = detectLayout([
			col('event_timestamp', 'BIGINT', [1700000000123456n]),
			col('event_name', 'VARCHAR', ['page_view']),
			col('user_pseudo_id', 'VARCHAR', ['123.456'])
		]);
		expect(g.mapping).toMatchObject({ user: 'user_pseudo_id', anonymous: null, time: 'event_timestamp' });
		expect(g.timeFormat).toBe('epoch');
	});

	it('Snowplow: derived_tstamp, event_name, event_id, domain_userid anonymous, domain_sessionid', async () => {
		const g = detectLayout(await previewColumns(path.join(VENDORS, 'snowplow.csv')));
		expect(g.vendor).toBe('snowplow');
		expect(g.mapping).toEqual({
			user: 'user_id',
			time: 'derived_tstamp',
			event: 'event_name',
			id: 'event_id',
			anonymous: 'domain_userid',
			session: 'domain_sessionid'
		});
		expect(g).toMatchObject({ timeUnit: 'auto', dedupe: 'id' });
	});

	it('Snowplow falls back to collector_tstamp and to event; matches upper-case warehouse names', () => {
		const g = detectLayout([
			col('EVENT_ID', 'VARCHAR', ['e1']),
			col('COLLECTOR_TSTAMP', 'TIMESTAMP', []),
			col('EVENT', 'VARCHAR', ['page_view']),
			col('DOMAIN_USERID', 'VARCHAR', ['d1']),
			col('USER_ID', 'VARCHAR', [])
		]);
		expect(g.vendor).toBe('snowplow');
		expect(g.mapping).toMatchObject({
			user: 'USER_ID',
			time: 'COLLECTOR_TSTAMP',
			event: 'EVENT',
			id: 'EVENT_ID',
			anonymous: 'DOMAIN_USERID'
		});
		expect(g.notes.join(' ')).toMatch(/collector_tstamp/);
	});

	it('gives every vendor a label', () => {
		expect(Object.keys(VENDOR_LABELS).sort()).toEqual(
			['amplitude', 'ga4', 'mixpanel', 'posthog', 'segment', 'snowplow'].sort()
		);
	});
});

describe('detectLayout on real datasets', () => {
	it('Online Retail (typed by DuckDB): CustomerID, InvoiceDate, no event, InvoiceNo is not an id', async () => {
		await conn.run(`CREATE TABLE retail AS SELECT * FROM read_csv(${literal(RETAIL)})`);
		const cols = await duckColumns('retail');
		// The facts the guess rests on, checked independently: InvoiceNo repeats, CustomerID is a DOUBLE.
		const invoice = cols.find((c) => c.name === 'InvoiceNo')!;
		expect(invoice.distinct!).toBeLessThan(invoice.rows!);
		expect(cols.find((c) => c.name === 'CustomerID')!.type).toBe('DOUBLE');
		const g = detectLayout(cols);
		expect(g.vendor).toBeNull();
		expect(g.mapping).toEqual({
			user: 'CustomerID',
			time: 'InvoiceDate',
			event: null,
			id: null,
			anonymous: null,
			session: null
		});
		expect(g).toMatchObject({ timeUnit: 'auto', dedupe: 'none', timeFormat: 'timestamp' });
		expect(g.notes).toContain('InvoiceNo is not an event id: its values repeat across rows');
	});

	it('Online Retail from the instant preview of the .gz gives the same mapping', async () => {
		const g = detectLayout(await previewColumns(RETAIL));
		expect(g.mapping).toMatchObject({ user: 'CustomerID', time: 'InvoiceDate', event: null, id: null });
		expect(g.dedupe).toBe('none');
	});

	it('Mall_Customers (typed by DuckDB): CustomerID, no time column', async () => {
		const cols = await duckColumns(`read_csv(${literal(MALL)})`);
		const g = detectLayout(cols);
		expect(g.mapping).toEqual({
			user: 'CustomerID',
			time: null,
			event: null,
			id: null,
			anonymous: null,
			session: null
		});
		expect(g).toMatchObject({ vendor: null, dedupe: 'none', timeFormat: null });
	});

	it('CDNOW with its header: customer_id and the YYYYMMDD date', async () => {
		const g = detectLayout(await previewColumns(CDNOW));
		expect(g.mapping).toMatchObject({ user: 'customer_id', time: 'date', event: null, id: null });
		expect(g.timeFormat).toBe('yyyymmdd');
	});

	it('CDNOW without a header: column0 is the user, column1 (YYYYMMDD) the time', async () => {
		const raw = readFileSync(CDNOW, 'latin1');
		const file = path.join(tmp, 'cdnow-noheader.txt');
		writeFileSync(file, raw.slice(raw.indexOf('\n') + 1), 'latin1');
		const cols = await previewColumns(file);
		expect(cols.map((c) => c.name)).toEqual(['column0', 'column1', 'column2', 'column3']);
		const g = detectLayout(cols);
		expect(g.mapping).toEqual({
			user: 'column0',
			time: 'column1',
			event: null,
			id: null,
			anonymous: null,
			session: null
		});
		expect(g).toMatchObject({ timeUnit: 'auto', dedupe: 'none', timeFormat: 'yyyymmdd' });
	});

	it('CDNOW as DuckDB types it (zero-padded ids stay text, headerless) gives the same answer', async () => {
		// DuckDB cannot split on runs of spaces; normalise the separators first, as the loader does.
		const lines = readFileSync(CDNOW, 'latin1').split(/\r?\n/).slice(1, 2001);
		const file = path.join(tmp, 'cdnow.csv');
		writeFileSync(
			file,
			lines
				.filter((l) => l.trim())
				.map((l) => l.trim().split(/\s+/).join(','))
				.join('\n')
		);
		const cols = await duckColumns(`read_csv(${literal(file)}, header = false)`);
		expect(cols.map((c) => c.type)).toEqual(['VARCHAR', 'BIGINT', 'BIGINT', 'DOUBLE']);
		const g = detectLayout(cols);
		expect(g.mapping).toMatchObject({ user: 'column0', time: 'column1', event: null });
	});

	it('broken-lines.csv: user_id, timestamp, event', async () => {
		const g = detectLayout(await previewColumns(path.join(FIXTURES, 'broken-lines.csv')));
		expect(g.vendor).toBeNull();
		expect(g.mapping).toMatchObject({ user: 'user_id', time: 'timestamp', event: 'event', id: null });
	});
});

describe('detectLayout by names and values', () => {
	it('matches names ignoring case and separators', () => {
		const g = detectLayout([
			col('Event ID', 'VARCHAR', ['e1', 'e2', 'e3']),
			col('Customer ID', 'VARCHAR', ['c1', 'c1', 'c2']),
			col('Anonymous ID', 'VARCHAR', ['a1', 'a1', 'a2']),
			col('Event Name', 'VARCHAR', ['Login', 'Buy', 'Login']),
			col('Created At', 'VARCHAR', ['2024-01-02 10:00:00', '2024-01-02 10:05:00', '2024-01-03 09:00:00']),
			col('Session ID', 'VARCHAR', ['s1', 's1', 's2'])
		]);
		expect(g.mapping).toEqual({
			user: 'Customer ID',
			time: 'Created At',
			event: 'Event Name',
			id: 'Event ID',
			anonymous: 'Anonymous ID',
			session: 'Session ID'
		});
		expect(g).toMatchObject({ vendor: null, dedupe: 'id', timeFormat: 'text' });
	});

	it('takes id only when its values are all different', () => {
		const cols = (distinct: number) => [
			col('user', 'VARCHAR', ['a', 'b']),
			col('id', 'BIGINT', [1, 2, 3], { rows: 100, nulls: 0, distinct }),
			col('ts', 'TIMESTAMP', [])
		];
		expect(detectLayout(cols(100)).mapping.id).toBe('id');
		expect(detectLayout(cols(100)).dedupe).toBe('id');
		expect(detectLayout(cols(60)).mapping.id).toBeNull();
		expect(detectLayout(cols(60)).dedupe).toBe('none');
	});

	it('a name column is an event only when its values repeat like event names', () => {
		const people = [
			col('member', 'BIGINT', [1, 2, 3, 4]),
			col('name', 'VARCHAR', ['Ann', 'Bo', 'Cy', 'Di'], { rows: 4, nulls: 0, distinct: 4 })
		];
		expect(detectLayout(people).mapping).toMatchObject({ user: 'member', event: null });
		const actions = [
			col('member', 'BIGINT', [1, 2, 3, 4]),
			col('name', 'VARCHAR', ['open', 'open', 'close', 'open'], { rows: 400, nulls: 0, distinct: 3 })
		];
		expect(detectLayout(actions).mapping.event).toBe('name');
	});

	it('finds epoch and YYYYMMDD times by value; rejects a "time" column of durations', () => {
		const ms = detectLayout([
			col('account', 'VARCHAR', ['x']),
			col('ts', 'BIGINT', [1700000000123, 1700000100456])
		]);
		expect(ms.mapping.time).toBe('ts');
		expect(ms.timeFormat).toBe('epoch');
		const ymd = detectLayout([
			col('column0', 'BIGINT', [7, 8]),
			col('column1', 'BIGINT', [20240229, 19991231])
		]);
		expect(ymd.mapping).toMatchObject({ user: 'column0', time: 'column1' });
		// 20230229 is not a date (2023 is not a leap year), so this column is not a time.
		const bad = detectLayout([
			col('column0', 'BIGINT', [7, 8]),
			col('column1', 'BIGINT', [20230229, 20230101])
		]);
		expect(bad.mapping.time).toBeNull();
		const durations = detectLayout([col('user_id', 'BIGINT', [1]), col('time', 'DOUBLE', [3.5, 12.25])]);
		expect(durations.mapping.time).toBeNull();
	});

	it('prefers a real timestamp over an epoch-looking number when neither is named', () => {
		const g = detectLayout([
			col('column0', 'VARCHAR', ['u1', 'u2']),
			col('column1', 'BIGINT', [1700000000, 1700003600]),
			col('column2', 'VARCHAR', ['2023-11-14T22:13:20Z', '2023-11-14T23:13:20Z'])
		]);
		expect(g.mapping).toMatchObject({ user: 'column0', time: 'column2' });
	});

	it('uses a device id as the user when it is the only identity', () => {
		const g = detectLayout([
			col('device_id', 'VARCHAR', ['d1', 'd2']),
			col('event_type', 'VARCHAR', ['open', 'open']),
			col('timestamp', 'TIMESTAMP', [])
		]);
		expect(g.mapping).toMatchObject({ user: 'device_id', anonymous: null, event: 'event_type' });
	});

	it('accepts DuckDB Date and bigint sample values', () => {
		const g = detectLayout([
			col('column0', 'BIGINT', [1n, 2n, 2n]),
			col('column1', 'VARCHAR', [new Date('2024-01-01T00:00:00Z'), new Date('2024-01-02T00:00:00Z')])
		]);
		expect(g.mapping).toMatchObject({ user: 'column0', time: 'column1' });
	});

	it('always names a user column and says so when it is only a guess', () => {
		const g = detectLayout([col('Description', 'VARCHAR', ['A red mug', 'Blue plate'])]);
		expect(g.mapping.user).toBe('Description');
		expect(g.notes).toContain('No column looks like a user id: pick one');
		expect(detectLayout([]).mapping.user).toBe('');
	});
});
