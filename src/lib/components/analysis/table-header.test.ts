import { describe, expect, it } from 'vitest';
import { columnLabel } from './table-header.ts';

describe('result table headers in sentence case', () => {
	it('upper-cases the first letter and reads underscores as spaces', () => {
		expect(columnLabel('period')).toBe('Period');
		expect(columnLabel('days_since_last_event')).toBe('Days since last event');
		expect(columnLabel('users in both')).toBe('Users in both');
		expect(columnLabel('time (UTC)')).toBe('Time (UTC)');
	});
	it('leaves a header already in sentence case, and one-letter scores, as they are', () => {
		expect(columnLabel('Conversion from start')).toBe('Conversion from start');
		expect(columnLabel('R')).toBe('R');
		expect(columnLabel('')).toBe('');
	});
});
