import { describe, expect, it } from 'vitest';
import {
	addMonths,
	addPeriods,
	isLastDayOfPeriod,
	localDay,
	periodsBetween,
	periodsSpanned,
	periodStart,
	wallClockMs
} from './calendar.ts';

describe('calendar periods in JavaScript', () => {
	it('reads the wall-clock day in the zone, across a clock change', () => {
		// 23:30 UTC on 2025-03-29 is 23:30 GMT; on 2025-03-30 it is 00:30 BST the next day.
		expect(localDay('2025-03-29T23:30:00Z', 'Europe/London')).toBe('2025-03-29');
		expect(localDay('2025-03-30T23:30:00Z', 'Europe/London')).toBe('2025-03-31');
		expect(localDay('2025-01-06T23:30:00Z', 'Europe/Paris')).toBe('2025-01-07');
		expect(wallClockMs('2025-07-01T12:00:00Z', 'Europe/London')).toBe(Date.UTC(2025, 6, 1, 13));
	});

	it('starts weeks on the chosen day and months on the 1st', () => {
		// 2025-01-08 is a Wednesday.
		expect(periodStart('2025-01-08', 'week', 'monday')).toBe('2025-01-06');
		expect(periodStart('2025-01-08', 'week', 'sunday')).toBe('2025-01-05');
		expect(periodStart('2025-01-05', 'week', 'monday')).toBe('2024-12-30');
		expect(periodStart('2025-01-05', 'week', 'sunday')).toBe('2025-01-05');
		expect(periodStart('2025-02-28', 'month')).toBe('2025-02-01');
		expect(periodStart('2025-02-28', 'day')).toBe('2025-02-28');
	});

	it('adds and counts periods, months by the calendar', () => {
		expect(addPeriods('2025-01-01', 1, 'month')).toBe('2025-02-01');
		expect(addPeriods('2024-12-01', 3, 'month')).toBe('2025-03-01');
		expect(addPeriods('2025-01-06', -1, 'week')).toBe('2024-12-30');
		expect(periodsBetween('2010-12-01', '2011-12-01', 'month')).toBe(12);
		expect(periodsBetween('2025-01-06', '2025-03-03', 'week')).toBe(8);
		// Online Retail: 2010-12-01 to 2011-12-09 touches 13 calendar months.
		expect(periodsSpanned('2010-12-01', '2011-12-09', 'month', 'monday')).toBe(13);
		expect(periodsSpanned('2025-01-06', '2025-01-06', 'week', 'monday')).toBe(1);
	});

	it('knows the last day of a period, leap years included', () => {
		expect(isLastDayOfPeriod('2024-02-29', '2024-02-01', 'month')).toBe(true);
		expect(isLastDayOfPeriod('2025-02-28', '2025-02-01', 'month')).toBe(true);
		expect(isLastDayOfPeriod('2024-02-28', '2024-02-01', 'month')).toBe(false);
		expect(isLastDayOfPeriod('2025-01-12', '2025-01-06', 'week')).toBe(true);
		expect(isLastDayOfPeriod('2025-01-11', '2025-01-06', 'week')).toBe(false);
		expect(isLastDayOfPeriod('2025-01-11', '2025-01-11', 'day')).toBe(true);
	});
});

describe('months back from a day', () => {
	it('keeps the date, clamped to shorter months', () => {
		expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
		expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
		expect(addMonths('2025-03-15', -1)).toBe('2025-02-15');
		expect(addMonths('2025-01-31', -2)).toBe('2024-11-30');
		expect(addMonths('2024-12-10', 1)).toBe('2025-01-10');
	});
});
