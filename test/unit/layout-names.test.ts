import { describe, expect, it } from 'vitest';
import { detectLayout } from '../../src/lib/engine/layout.ts';
import { col } from './support/layout-columns.ts';

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
