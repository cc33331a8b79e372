import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VENDOR_LABELS, detectLayout } from '../../src/lib/engine/layout.ts';
import { col, previewColumns } from './support/layout-columns.ts';
import { VENDORS } from './support/native-duck.ts';

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
