import { describe, expect, it } from 'vitest';
import { wallTime } from './wall-time.ts';

describe('the report shows its date range in the dataset time zone', () => {
	it('London in winter is UTC; in summer an hour ahead', () => {
		expect(wallTime('2010-12-01T08:26:00.000Z', 'Europe/London')).toBe('2010-12-01 08:26:00');
		expect(wallTime('2011-07-01T08:26:00.000Z', 'Europe/London')).toBe('2011-07-01 09:26:00');
	});
	it('a zone behind UTC moves the date back', () => {
		expect(wallTime('2025-01-01T02:00:00Z', 'America/New_York')).toBe('2024-12-31 21:00:00');
	});
	it('midnight is 00, not 24', () => {
		expect(wallTime('2025-03-01T00:00:00Z', 'UTC')).toBe('2025-03-01 00:00:00');
	});
	it('no time is a dash; an unknown zone falls back to UTC, named', () => {
		expect(wallTime(null, 'UTC')).toBe('—');
		expect(wallTime('2025-03-01T10:00:00Z', 'Not/AZone')).toBe('2025-03-01 10:00:00 UTC');
	});
});
